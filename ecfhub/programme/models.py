"""The programme's shape: cohorts and what each participant type must attend."""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ecfhub.people.models import ParticipantType
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


class ProgrammeRequirement(models.Model):
    """How many clinics and conferences one participant type in one cohort must attend over two years."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="requirements")
    participant_type = models.CharField(max_length=10, choices=ParticipantType.choices)
    clinics = models.PositiveSmallIntegerField()
    conferences = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["cohort", "participant_type"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant_type"], name="requirement_unique_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_participant_type_display()} {self.clinics} clinics, {self.conferences} conferences"

    @property
    def total(self) -> int:
        return self.clinics + self.conferences
