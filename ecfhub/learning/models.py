"""The learning side: weekly self-study modules, and the coaching between a mentor and their ECT.

Modules are a library per participant type and programme year, released week by week on the
term calendar (`weeks.py`). Coaching records (observations, action steps, meetings) belong to
one ECT and name the mentor who wrote them; who may read them is decided in `access.py`.
What happened is never rewritten: a step set again is a new step pointing at the one before.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from ecfhub.lib import when
from ecfhub.lib.markdown import render_markdown
from ecfhub.people import teaching
from ecfhub.people.models import Participant, ParticipantType
from ecfhub.programme.areas import EcfArea

TEXT_LIMIT = 4000  # the most a coaching text box takes: short by design, and a bound on hostile input


class LearningSettings(models.Model):
    """The hub's coaching settings: one row (pk=1), read through `LearningSettings.load()`."""

    year_1_meeting_every_weeks = models.PositiveSmallIntegerField(
        "Year 1: a meeting or observation every … teaching weeks",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    year_2_meeting_every_weeks = models.PositiveSmallIntegerField(
        "Year 2: a meeting or observation every … teaching weeks",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
    )
    new_mentor_reads_history = models.BooleanField(
        "A new mentor can read the ECT's earlier coaching",
        default=True,
        help_text="Observations, steps and meetings written by the ECT's previous mentors.",
    )
    count_learning_in_engagement = models.BooleanField(
        "Count modules and coaching recorded in ECF Hub towards engagement",
        default=True,
        help_text="Turn this off if mentors record coaching, or participants do their modules, on another "
        "platform: engagement then counts training events only, so nobody shows as behind for records kept elsewhere.",
    )

    class Meta:
        verbose_name = "learning settings"
        verbose_name_plural = "learning settings"

    def __str__(self) -> str:
        return "Learning settings"

    @classmethod
    def load(cls) -> LearningSettings:
        row, _ = cls.objects.get_or_create(pk=1)
        return row

    def meeting_every_weeks(self, programme_year: int) -> int:
        return self.year_1_meeting_every_weeks if programme_year == 1 else self.year_2_meeting_every_weeks


class Module(models.Model):
    """One week's self-study for one participant type and programme year.

    Mentors in training follow their own one-year sequence: mentor modules are programme year 1."""

    Phase = teaching.Phase  # the participant's vocabulary (people/teaching.py), so the two match

    participant_type = models.CharField("For", max_length=10, choices=ParticipantType.choices)
    programme_year = models.PositiveSmallIntegerField(
        choices=[(1, "Year 1"), (2, "Year 2")], default=1, help_text="Mentors' modules are all in year 1."
    )
    week = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(45)],
        help_text=(
            "The teaching week of the participant's programme year it is released in (1 is their first teaching "
            "week: the autumn term's for September starters, the spring term's for January, the summer term's for April)."
        ),
    )
    title = models.CharField(max_length=150)
    areas = models.JSONField("ECF areas", default=list, blank=True, help_text="ECF area codes (EcfArea).")
    phase = models.CharField(
        max_length=20, choices=[("", "All phases"), *teaching.Phase.choices], blank=True, default=""
    )
    subject = models.CharField(
        max_length=80,
        choices=[("", "Every subject"), *teaching.SUBJECT_CHOICES],
        blank=True,
        help_text="Leave as every subject unless it is for teachers of one subject.",
    )
    expected_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    content = models.TextField(
        max_length=20000, help_text="Markdown. Links, lists, headings and emphasis are kept; anything else is removed."
    )
    resource_links = models.TextField(
        blank=True, max_length=4000, help_text="One link a line: the address, a space, then what it is."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant_type", "programme_year", "week", "title"]
        indexes = [models.Index(fields=["participant_type", "programme_year", "week"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(participant_type=ParticipantType.MENTOR) | Q(programme_year=1),
                name="module_mentor_sequence_is_one_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_participant_type_display()} year {self.programme_year} week {self.week}: {self.title}"

    # Who a module suits: one rule, in two forms (a filter for lists, a test for one module already loaded).
    # A module for every phase and subject suits everyone; one for a phase or subject suits those who
    # teach it. Someone whose phase or subject is not recorded sees only the modules for everyone, so
    # they never have both a primary and a secondary version of a week to do.

    @staticmethod
    def suiting_q(participant: Participant) -> Q:
        """The modules that suit `participant`'s phase and subject, as a filter on Module."""
        return Q(phase__in={"", participant.phase}) & Q(subject__in={"", participant.subject})

    def suits(self, participant: Participant) -> bool:
        return self.phase in ("", participant.phase) and self.subject in ("", participant.subject)

    @property
    def content_html(self) -> SafeString:
        return render_markdown(self.content)

    @property
    def area_labels(self) -> list[str]:
        return EcfArea.labels_of(self.areas)

    @property
    def links(self) -> list[tuple[str, str]]:
        """(address, label) for each http(s) line of `resource_links`; anything else is left out."""
        found = []
        for line in self.resource_links.splitlines():
            address, _, label = line.strip().partition(" ")
            if address.startswith(("https://", "http://")):
                found.append((address, label.strip() or address))
        return found


class ModuleCompletion(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="module_completions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "module"], name="modulecompletion_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.participant} did {self.module}"


class Strand(models.Model):
    """The top of the action-step library: a strand of practice, such as behaviour or instruction."""

    title = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    strand = models.ForeignKey(Strand, on_delete=models.PROTECT, related_name="goals")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strand__order", "order", "title"]
        constraints = [models.UniqueConstraint(fields=["strand", "title"], name="goal_unique_per_strand")]

    def __str__(self) -> str:
        return self.title


class LibraryStep(models.Model):
    """A step the hub offers mentors: what to do, what success looks like, and a task to practise it."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="steps")
    title = models.CharField(max_length=300)
    success_criteria = models.TextField(max_length=2000)
    practice_task = models.TextField(max_length=2000)
    areas = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["goal__strand__order", "goal__order", "order", "title"]

    def __str__(self) -> str:
        return self.title


class CoachingRecord(models.Model):
    """What observations, steps and meetings share: the ECT, the mentor who wrote it, when."""

    # Named reverse relations (not "+"), so the privacy app's export and erasure find these records.
    ect = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="%(class)ss_as_ect")
    mentor = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="%(class)ss_as_mentor")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Observation(CoachingRecord):
    """A short drop-in: what the mentor saw, what went well, what to work on; the ECT may respond."""

    # Short free text in CharFields, emptied on anonymisation with the text fields (privacy.services on main).
    FREE_TEXT_FIELDS = ("class_or_year_group", "subject")

    observed_on = models.DateField()
    class_or_year_group = models.CharField("Class or year group", max_length=80)
    subject = models.CharField(max_length=80, blank=True)
    areas = models.JSONField("ECF areas in focus", default=list, blank=True)
    went_well = models.TextField("What went well", max_length=TEXT_LIMIT)
    to_work_on = models.TextField("What to work on", max_length=TEXT_LIMIT)
    response = models.TextField(blank=True, max_length=TEXT_LIMIT)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["ect", "observed_on"])]

    def __str__(self) -> str:
        return f"Observation of {self.class_or_year_group} on {when.short_date(self.observed_on)}"

    @property
    def area_labels(self) -> list[str]:
        return EcfArea.labels_of(self.areas)


class Meeting(CoachingRecord):
    """A mentor meeting: notes, the steps looked at, what was rehearsed."""

    met_on = models.DateField()
    notes = models.TextField(max_length=TEXT_LIMIT)
    rehearsed = models.TextField("What was rehearsed", max_length=TEXT_LIMIT, blank=True)
    steps_reviewed: models.ManyToManyField[ActionStep, Any] = models.ManyToManyField(
        "ActionStep", blank=True, related_name="reviewed_in"
    )

    class Meta:
        ordering = ["-met_on", "-pk"]
        indexes = [models.Index(fields=["ect", "met_on"])]

    def __str__(self) -> str:
        return f"Meeting on {when.short_date(self.met_on)}"


class ActionStep(CoachingRecord):
    """One concrete step for the ECT to practise before the check-back date.

    Open → practised (the ECT, with a reflection) → closed or set again (the mentor). A step set
    again stays as it was and a new open step points back at it."""

    class Status(models.TextChoices):
        OPEN = "open", "To practise"
        PRACTISED = "practised", "Practised"
        CLOSED = "closed", "Closed"
        SET_AGAIN = "set_again", "Set again"

    FREE_TEXT_FIELDS = ("step",)  # see Observation

    step = models.CharField(max_length=300)
    success_looks_like = models.TextField("What success looks like", max_length=TEXT_LIMIT)
    practice_task = models.TextField(blank=True, max_length=TEXT_LIMIT)
    check_back_on = models.DateField("Check back on")
    set_on = models.DateField(default=timezone.localdate)
    observation = models.ForeignKey(Observation, null=True, blank=True, on_delete=models.PROTECT, related_name="steps")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="steps_set")
    library_step = models.ForeignKey(LibraryStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="set_again_as"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    reflection = models.TextField(blank=True, max_length=TEXT_LIMIT)
    practised_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["check_back_on", "pk"]
        indexes = [models.Index(fields=["ect", "status"])]

    def __str__(self) -> str:
        return self.step

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.PRACTISED)

    def is_overdue(self, today: datetime.date) -> bool:
        """Still to practise after its check-back date."""
        return self.status == self.Status.OPEN and self.check_back_on < today


class DigestChoice(models.Model):
    """A person's choice about the weekly learning digest e-mail (on unless they turn it off)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_digest")
    weekly_digest = models.BooleanField("Send me the weekly learning e-mail", default=True)
    changed_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Weekly learning e-mail {'on' if self.weekly_digest else 'off'}"
