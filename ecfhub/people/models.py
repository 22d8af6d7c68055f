"""People: accounts, schools, participants and mentorships.

A person's roles come from data, not flags alone: hub admin and facilitator are
flags on the account; induction tutor is a link to one or more schools; ECT and
mentor come from their Participant records. One person may hold several.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from ecfhub.lib.request_memo import memo
from ecfhub.people import schedules, teaching

if TYPE_CHECKING:
    from ecfhub.programme.models import Cohort  # noqa: F401


class ParticipantType(models.TextChoices):
    """ECT or mentor: the one spelling of a participant's type, in DfE's values (Lead Provider API).

    A participant, an event's audience, a programme requirement and the ECT and
    mentor roles all use it, so the same string means the same thing everywhere."""

    ECT = "ect", "ECT"
    MENTOR = "mentor", "Mentor"

    @property
    def plural(self) -> str:
        """For headings and an event's audience: "ECTs", "Mentors"."""
        return f"{self.label}s"

    @classmethod
    def plural_choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.plural) for member in cls]


class Role(models.TextChoices):
    HUB_ADMIN = "hub_admin", "Hub admin"
    FACILITATOR = "facilitator", "Facilitator"
    INDUCTION_TUTOR = "induction_tutor", "Induction tutor"
    # Being an ECT or a mentor comes from a Participant row of that type, so these roles are those types.
    ECT = ParticipantType.ECT.value, ParticipantType.ECT.label
    MENTOR = ParticipantType.MENTOR.value, ParticipantType.MENTOR.label


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True, is_hub_admin=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        # E-mail addresses are stored lower-case, so sign-in is case-insensitive.
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The e-mail address is the login."""

    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=150)
    is_hub_admin = models.BooleanField(
        default=False, help_text="Runs the programme: calendar, events, scheduling, reports, content."
    )
    is_facilitator = models.BooleanField(default=False, help_text="Delivers sessions and takes registers.")
    is_active = models.BooleanField(default=True)
    # Django admin access: kept in step with is_hub_admin by save(), so that
    # only hub admins ever reach /admin/.
    is_staff = models.BooleanField(default=False, editable=False)
    date_joined = models.DateTimeField(default=timezone.now)
    privacy_notice_accepted_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.lower()
        self.is_staff = self.is_hub_admin
        if self.is_superuser:
            self.is_staff = True
        super().save(*args, **kwargs)

    # Hub admins run everything, so in the Django admin they hold every permission;
    # nobody else reaches it (is_staff follows is_hub_admin).
    def has_perm(self, perm: str, obj: Any = None) -> bool:
        if self.is_active and self.is_hub_admin:
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.is_hub_admin:
            return True
        return super().has_module_perms(app_label)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def own_participations(self) -> list[Participant]:
        """This person's own participations that are not withdrawn (ECT before mentor), with school and
        cohort. Read once per page (`lib.request_memo`): the roles in the header, the menu and the page
        itself all ask. Shared by them, so read only (copy one before setting attributes on it)."""
        return memo(
            ("own-participations", self.pk),
            lambda: list(
                self.participations.exclude(status=Participant.Status.WITHDRAWN)
                .select_related("school", "cohort")
                .order_by("participant_type", "pk")
            ),
        )

    def own_tutored_schools(self) -> list[School]:
        """The schools this person is induction tutor for, by name; read once per page, as above."""
        return memo(("own-tutored-schools", self.pk), lambda: list(self.tutored_schools.order_by("name")))

    @cached_property
    def tutor_school_ids(self) -> frozenset[int]:
        return frozenset(school.pk for school in self.own_tutored_schools())

    @cached_property
    def participant_types(self) -> frozenset[str]:
        return frozenset(p.participant_type for p in self.own_participations())

    @cached_property
    def roles(self) -> list[str]:
        """The person's roles, most powerful first."""
        roles: list[str] = []
        if self.is_hub_admin:
            roles.append(Role.HUB_ADMIN)
        if self.is_facilitator:
            roles.append(Role.FACILITATOR)
        if self.tutor_school_ids:
            roles.append(Role.INDUCTION_TUTOR)
        if ParticipantType.ECT in self.participant_types:
            roles.append(Role.ECT)
        if ParticipantType.MENTOR in self.participant_types:
            roles.append(Role.MENTOR)
        return roles

    @property
    def role_labels(self) -> list[str]:
        return [Role(role).label for role in self.roles]

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def is_induction_tutor_for(self, school: School | int) -> bool:
        school_id = school if isinstance(school, int) else school.pk
        return school_id in self.tutor_school_ids


urn_validator = RegexValidator(
    r"^\d{6}$", "Enter the school's URN as 6 digits, for example 121234.", code="invalid_urn"
)
trn_validator = RegexValidator(r"^\d{7}$", "Enter the TRN as 7 digits, for example 1234567.", code="invalid_trn")

# Python's weekday numbers (0 = Monday); a participant's `unavailable_weekdays` uses the first five.
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORKING_DAYS = WEEKDAY_NAMES[:5]


class School(models.Model):
    """A school in the programme, identified by its URN.

    The fields after `town` come from Get Information about Schools (GIAS), DfE's register, when the hub
    imports its establishment extract (`onboarding.gias`); a school typed in by hand has them blank."""

    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    name = models.CharField(max_length=200)
    town = models.CharField(max_length=100, blank=True)
    induction_tutors = models.ManyToManyField(User, blank=True, related_name="tutored_schools")
    local_authority = models.CharField(max_length=100, blank=True)
    establishment_type = models.CharField(max_length=100, blank=True)
    phase = models.CharField(max_length=60, blank=True)
    gias_status = models.CharField("status in GIAS", max_length=60, blank=True)
    # Closed in GIAS: kept (its people and history stay), offered to nobody new.
    closed = models.BooleanField(default=False)
    postcode = models.CharField(max_length=10, blank=True)
    # British National Grid (OSGB36) in metres, as GIAS gives them: for distances (`lib.geo`).
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def grid_ref(self) -> tuple[int, int] | None:
        if self.easting is None or self.northing is None:
            return None
        return (self.easting, self.northing)

    def only_listed(self) -> bool:
        """Imported from GIAS (it has a local authority) and not yet in the programme: no tutor, nobody
        registered. A school typed in by hand is in the programme from the start."""
        return bool(self.local_authority) and not self.induction_tutors.exists() and not self.participants.exists()


class Participant(models.Model):
    """An ECT or a mentor in one cohort at one school."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DEFERRED = "deferred", "Deferred"
        WITHDRAWN = "withdrawn", "Withdrawn"
        COMPLETED = "completed", "Completed"

    # DfE's codes (Lead Provider API), so records move between systems untranslated.
    class WithdrawalReason(models.TextChoices):
        LEFT_TEACHING_PROFESSION = "left-teaching-profession", "Left the teaching profession"
        MOVED_SCHOOL = "moved-school", "Moved school"
        MENTOR_NO_LONGER_BEING_MENTOR = "mentor-no-longer-being-mentor", "No longer a mentor"
        SWITCHED_TO_SCHOOL_LED = "switched-to-school-led", "Switched to a school-led programme"
        CHANGED_LEAD_PROVIDER = "changed-lead-provider", "Changed lead provider"
        OTHER = "other", "Other"

    class DeferralReason(models.TextChoices):
        BEREAVEMENT = "bereavement", "Bereavement"
        LONG_TERM_SICKNESS = "long-term-sickness", "Long-term sickness"
        PARENTAL_LEAVE = "parental-leave", "Parental leave"
        CAREER_BREAK = "career-break", "Career break"
        OTHER = "other", "Other"

    class MentorTraining(models.TextChoices):
        """Where a mentor stands with mentor training, which since 2025 is done once in a career."""

        NEW = "new", "New to mentor training"
        IN_TRAINING = "in_training", "In mentor training"
        TRAINED = "trained", "Already trained"
        NOT_ELIGIBLE = "not_eligible", "Not eligible for mentor training"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="participations")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="participants")
    cohort = models.ForeignKey("programme.Cohort", on_delete=models.PROTECT, related_name="participants")
    participant_type = models.CharField(max_length=10, choices=ParticipantType.choices)
    trn = models.CharField("TRN", max_length=7, validators=[trn_validator])
    induction_start_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(
        max_length=40,
        blank=True,
        help_text="The DfE withdrawal or deferral reason code, when withdrawn or deferred.",
    )
    status_changed_on = models.DateField(null=True, blank=True)
    schedule_identifier = models.CharField(
        "schedule",
        max_length=40,
        choices=schedules.SCHEDULE_CHOICES,
        blank=True,
        help_text="DfE's schedule; from the induction start date (standard) unless set.",
    )
    provider_participant_id = models.CharField(
        "lead provider's participant ID",
        max_length=36,
        blank=True,
        db_index=True,
        help_text="DfE's participant_id, as the lead provider's file gives it; set when a file is reconciled.",
    )
    mentor_training = models.CharField(
        "mentor training",
        max_length=20,
        choices=MentorTraining.choices,
        blank=True,
        help_text="Mentors only: new, in training, already trained or not eligible.",
    )
    # What they teach, so they see the modules for their phase and subject (people/teaching.py); optional.
    phase = models.CharField(
        "phase", max_length=20, choices=teaching.Phase.choices, blank=True, help_text="The phase they teach."
    )
    subject = models.CharField(
        "subject",
        max_length=80,
        choices=teaching.SUBJECT_CHOICES,
        blank=True,
        help_text="The subject they mainly teach, where one applies (usually secondary).",
    )
    unavailable_weekdays = models.JSONField(
        default=list,
        blank=True,
        help_text="Weekdays (0 = Monday … 4 = Friday) this person does not work; never scheduled then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When anything the lead-provider API shows of this person last changed (api/; docs/api.md). Kept by
    # database triggers, not by Python: this row's own columns, the account's name and e-mail address,
    # pairings, register marks, catch-up sign-offs, modules done and declarations recorded as sent
    # (people/migrations/0005 and api/migrations/0002), so no service, bulk update or cascade can miss it.
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["trn", "participant_type"], name="participant_unique_trn_per_type"),
            models.UniqueConstraint(fields=["user", "participant_type"], name="participant_unique_user_per_type"),
        ]
        indexes = [
            models.Index(fields=["cohort", "participant_type", "status"]),
            # The API's incremental sync (filter[updated_since], sort=updated_at) and its default order.
            models.Index(fields=["updated_at", "id"], name="participant_updated_idx"),
            models.Index(fields=["created_at", "id"], name="participant_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_participant_type_display()}, {self.school.name})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.fill_defaults()
        super().save(*args, **kwargs)

    def fill_defaults(self) -> None:
        """Every participation has a schedule and every mentor a training status, whoever creates it (`save`
        calls this; so must anything that creates participants without it, such as `bulk_create`)."""
        if not self.schedule_identifier and self.induction_start_date:
            self.schedule_identifier = schedules.schedule_for(self.induction_start_date)
        if self.participant_type == ParticipantType.MENTOR and not self.mentor_training:
            self.mentor_training = self.MentorTraining.NEW
        if self.participant_type == ParticipantType.ECT:
            self.mentor_training = ""

    @property
    def schedule_kind(self) -> str:
        """standard, reduced, extended or replacement (from the schedule identifier)."""
        return schedules.kind_of(self.schedule_identifier)

    @property
    def intake_label(self) -> str:
        """ "September", "January" or "April": the intake their schedule starts in."""
        try:
            return schedules.Intake(schedules.parts(self.schedule_identifier)[1]).label
        except ValueError:
            return ""

    @property
    def is_ect(self) -> bool:
        return self.participant_type == ParticipantType.ECT

    @property
    def is_mentor(self) -> bool:
        return self.participant_type == ParticipantType.MENTOR

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        if self.status == self.Status.WITHDRAWN and self.status_reason not in self.WithdrawalReason.values:
            raise ValidationError({"status_reason": "Choose the DfE withdrawal reason."})
        if self.status == self.Status.DEFERRED and self.status_reason not in self.DeferralReason.values:
            raise ValidationError({"status_reason": "Choose the DfE deferral reason."})
        if self.schedule_identifier and self.schedule_identifier not in schedules.SCHEDULE_IDENTIFIERS:
            raise ValidationError({"schedule_identifier": "Choose one of DfE's schedules."})
        for day in self.unavailable_weekdays or []:
            if day not in range(5):
                raise ValidationError({"unavailable_weekdays": "Weekdays are 0 (Monday) to 4 (Friday)."})

    def current_mentorship(self, on: datetime.date | None = None) -> Mentorship | None:
        on = on or timezone.localdate()
        return self.mentorships_as_ect.current(on).select_related("mentor__user").first()


class TrainingStatusChange(models.Model):
    """One change of a participant's training status (DfE's `training_status`), kept for good.

    Append-only: a deferral and the resumption after it are two rows, so the history
    the lead provider and the hub see is never rewritten."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=10, choices=Participant.Status.choices)
    to_status = models.CharField(max_length=10, choices=Participant.Status.choices)
    reason = models.CharField(max_length=40, blank=True, help_text="DfE's withdrawal or deferral reason code.")
    on = models.DateField(help_text="The day the change takes effect.")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=40, blank=True, help_text="Who reported it, for example the lead provider.")

    class Meta:
        ordering = ["participant", "recorded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.from_status} → {self.to_status} on {self.on}"

    @property
    def reason_label(self) -> str:
        choices = dict(Participant.WithdrawalReason.choices) | dict(Participant.DeferralReason.choices)
        return choices.get(self.reason, self.reason)


class MentorshipQuerySet(models.QuerySet["Mentorship"]):
    """Pairings by what they are on a day; every "who mentors whom on day D" question asks through these."""

    def current(self, on: datetime.date | None = None) -> MentorshipQuerySet:
        """The pairings in force on `on` (today by default): started, and not yet ended."""
        return self.filter(Mentorship.current_q(on or timezone.localdate()))

    def not_over(self, on: datetime.date | None = None) -> MentorshipQuerySet:
        """The pairings in force on `on` or due to start later: not ended by then."""
        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def held_by(self, on: datetime.date | None = None) -> MentorshipQuerySet:
        """The pairings that were in force for at least one day up to `on` (a pairing replaced on its
        first day never was, and gives its mentor nothing)."""
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=models.F("started_on")))


class Mentorship(models.Model):
    """A mentor paired with an ECT from `started_on` until `ended_on`, the first day they are no longer paired.

    The days of a pairing are half open: it is current on day D when `started_on <= D` and it has no
    `ended_on` or `ended_on > D` (`current_q`, `holds`, `MentorshipQuerySet.current`: the one rule).
    So a replacement on day D ends the old pairing *on* D and starts the new one on D: each day has
    exactly one mentor, with no gap and no overlap. A pairing replaced on the day it started ends on
    that day (`ended_on == started_on`): it was never current, and its mentor loses the ECT at once —
    the pages, the forms and the coaching records (learning/access.py). An ECT has at most one open
    pairing (the database's constraint) and, because every change goes through
    `people.services.pair_mentor` and `end_mentorships`, never two current on one day."""

    mentor = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="mentorships_as_mentor")
    ect = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="mentorships_as_ect")
    started_on = models.DateField()
    ended_on = models.DateField(
        null=True, blank=True, help_text="The first day they are no longer paired; blank while the pairing lasts."
    )

    objects = MentorshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            # The database itself holds the rule: at most one open pairing per ECT.
            models.UniqueConstraint(
                fields=["ect"], condition=Q(ended_on__isnull=True), name="mentorship_one_current_per_ect"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mentorship_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.user} mentors {self.ect.user}"

    @staticmethod
    def current_q(on: datetime.date) -> Q:
        """The pairings current on `on`, as a filter on Mentorship."""
        return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    @staticmethod
    def holds(started_on: datetime.date, ended_on: datetime.date | None, on: datetime.date) -> bool:
        """`current_q` for a pairing's two dates already loaded (for code that reads them as values)."""
        return started_on <= on and (ended_on is None or ended_on > on)

    def is_current_on(self, on: datetime.date | None = None) -> bool:
        return self.holds(self.started_on, self.ended_on, on or timezone.localdate())

    @property
    def is_current(self) -> bool:
        return self.is_current_on()

    @property
    def last_day(self) -> datetime.date | None:
        """The last day the pairing was in force (None while it lasts, or if it never was)."""
        if self.ended_on is None or self.ended_on <= self.started_on:
            return None
        return self.ended_on - datetime.timedelta(days=1)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.mentor_id and self.mentor.participant_type != ParticipantType.MENTOR:
            errors["mentor"] = "Choose a participant registered as a mentor."
        if self.ect_id and self.ect.participant_type != ParticipantType.ECT:
            errors["ect"] = "Choose a participant registered as an ECT."
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be on or after the start date."
        if self.ect_id and self.ended_on is None:
            others = Mentorship.objects.filter(ect_id=self.ect_id, ended_on__isnull=True).exclude(pk=self.pk)
            if others.exists():
                errors["ect"] = "This ECT already has a current mentor. End that pairing first."
        if self.ect_id and self.started_on and "ect" not in errors:
            # Two pairings of one ECT may touch (one ends the day the next starts) but never overlap.
            overlapping = Mentorship.objects.filter(ect_id=self.ect_id).not_over(self.started_on).exclude(pk=self.pk)
            if self.ended_on is not None:
                overlapping = overlapping.filter(started_on__lt=self.ended_on)
            if self.ended_on != self.started_on and overlapping.exists():
                errors["ect"] = "This ECT has another mentor on some of these days. End that pairing first."
        if errors:
            raise ValidationError(errors)
