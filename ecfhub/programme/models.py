"""The programme's shape: cohorts and what each participant type must attend."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ecfhub.people.models import Participant, ParticipantType
from ecfhub.people.schedules import ScheduleKind
from ecfhub.programme.years import cohort_start_year_for

__all__ = ["DEFAULT_REQUIREMENTS", "Cohort", "ProgrammeRequirement", "cohort_start_year_for"]


class Cohort(models.Model):
    """Participants who start in one academic year; DfE calls it by its start year."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return f"{self.label} cohort"  # the one name of a cohort everywhere: "2026/27 cohort"

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    def programme_year_on(self, day: datetime.date) -> int | None:
        """1 or 2 while the cohort is in its programme on `day`, otherwise None."""
        year = cohort_start_year_for(day) - self.start_year + 1
        return year if year in (1, 2) else None


# The DfE-funded programme's figures; a new cohort starts with these and the hub
# can change them per cohort.
DEFAULT_REQUIREMENTS = {ParticipantType.ECT: (6, 3), ParticipantType.MENTOR: (3, 2)}
# Since 2025 mentor training is done once in a career: a mentor already trained, or not
# eligible for it, is required to attend nothing (seminars stay open to them).
DEFAULT_MENTOR_EXCEPTIONS = {
    Participant.MentorTraining.TRAINED: "Mentor training is done once in a career: sessions are optional.",
    Participant.MentorTraining.NOT_ELIGIBLE: "Not eligible for funded mentor training: sessions are optional.",
}


class ProgrammeRequirement(models.Model):
    """How many clinics and conferences participants in one cohort must attend over their programme.

    A row is for one participant type and, optionally, one mentor training status and one
    kind of schedule; empty means "any". A person's requirement is the most specific row
    that matches them (`programme.requirements.requirement_for`). The rows with both empty
    are the cohort's base figures, which its training events must add up to."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="requirements")
    participant_type = models.CharField(max_length=10, choices=ParticipantType.choices)
    mentor_training = models.CharField(
        max_length=20,
        choices=Participant.MentorTraining.choices,
        blank=True,
        help_text="Mentors only; empty means any mentor training status.",
    )
    schedule_kind = models.CharField(
        max_length=12, choices=ScheduleKind.choices, blank=True, help_text="Empty means any schedule."
    )
    clinics = models.PositiveSmallIntegerField()
    conferences = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=200, blank=True, help_text="What this means for the person, in a sentence.")

    class Meta:
        ordering = ["cohort", "participant_type", "mentor_training", "schedule_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant_type", "mentor_training", "schedule_kind"],
                name="requirement_unique_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.who} {self.clinics} clinics, {self.conferences} conferences"

    @property
    def who(self) -> str:
        """Who the row is for, in words: "Mentors (already trained)", "ECTs (reduced schedule)"."""
        parts = []
        if self.mentor_training:
            parts.append(self.get_mentor_training_display().lower())
        if self.schedule_kind:
            parts.append(f"{self.get_schedule_kind_display().lower()} schedule")
        plural = ParticipantType(self.participant_type).plural
        return f"{plural} ({', '.join(parts)})" if parts else plural

    @property
    def is_base(self) -> bool:
        return not self.mentor_training and not self.schedule_kind

    @property
    def total(self) -> int:
        return self.clinics + self.conferences

    @property
    def requires_dates(self) -> bool:
        """Does this requirement ask for any dates at all? (If not, the scheduler gives none.)"""
        return self.total > 0
