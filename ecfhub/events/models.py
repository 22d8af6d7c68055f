"""Training events and their repeat sessions."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from ecfhub.lib import when
from ecfhub.lib.geo import MAX_EASTING, MAX_NORTHING, about_km, distance_km
from ecfhub.people.models import ParticipantType, School
from ecfhub.programme.areas import EcfArea


class TrainingEvent(models.Model):
    """One unit of a cohort's programme: a clinic or conference for one audience in one programme year."""

    class Kind(models.TextChoices):
        CLINIC = "clinic", "Clinic"
        CONFERENCE = "conference", "Conference"

    cohort = models.ForeignKey("programme.Cohort", on_delete=models.PROTECT, related_name="training_events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # Who the event is for: a ParticipantType, shown in the plural ("for ECTs").
    audience = models.CharField(max_length=10, choices=ParticipantType.plural_choices())
    programme_year = models.PositiveSmallIntegerField(choices=[(1, "Year 1"), (2, "Year 2")])
    order = models.PositiveSmallIntegerField(
        help_text="Position in the programme year; a person's sessions keep this order."
    )
    title = models.CharField(max_length=160)
    focus = models.JSONField(default=list, blank=True, help_text="ECF area codes (EcfArea).")
    description = models.TextField(blank=True)
    # An extra event people may come to (a seventh clinic): nobody is given a date for it, and it counts
    # neither towards the requirement nor in progress. The rule is read only through
    # `events.queries.required_q`.
    optional = models.BooleanField(
        default=False,
        help_text="Optional: nobody is given a date for it by the scheduler, and it does not count towards "
        "the programme's requirement or anyone's progress.",
    )

    class Meta:
        ordering = ["cohort", "audience", "programme_year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "audience", "programme_year", "order"], name="event_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()}, {self.get_audience_display()} year {self.programme_year})"

    @property
    def focus_labels(self) -> list[str]:
        return EcfArea.labels_of(self.focus)


class SessionQuerySet(models.QuerySet["Session"]):
    def with_booked(self) -> SessionQuerySet:
        """Annotate `booked`: the session's active assignments, counted in the same query.

        Read from `Session.seats_taken`, which the database keeps equal to that count (see the field),
        so a page listing sessions reads one row per session instead of counting every place on it
        (bench/README.md: 4 ms of the public calendar's 12 at 10,000 participants)."""
        return self.annotate(booked=models.F("seats_taken"))

    def scheduled(self) -> SessionQuerySet:
        return self.filter(status=Session.Status.SCHEDULED)


class Venue(models.Model):
    """A place where in-person sessions happen: the hub has several (a main site and satellites)."""

    name = models.CharField(max_length=120, unique=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    # British National Grid (OSGB36) in metres, typed or taken from a school at the same postcode.
    easting = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_EASTING)])
    northing = models.PositiveIntegerField(null=True, blank=True, validators=[MaxValueValidator(MAX_NORTHING)])
    accessibility = models.TextField("accessibility notes", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def grid_ref(self) -> tuple[int, int] | None:
        if self.easting is None or self.northing is None:
            return None
        return (self.easting, self.northing)


class Session(models.Model):
    """One dated repeat of a training event."""

    class Mode(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    event = models.ForeignKey(TrainingEvent, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=10, choices=Mode.choices)
    joining_url = models.URLField(blank=True)
    # The venue as it was typed before venues were rows (kept readable; migrated into `venue_place`).
    venue = models.TextField(blank=True, help_text="Empty means the hub's venue.")
    venue_place = models.ForeignKey(
        Venue, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions", verbose_name="venue"
    )
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10000)])
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="facilitated_sessions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancelled_reason = models.CharField(max_length=300, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The session's active places (assignments with status "assigned"), kept by database triggers on
    # scheduling_assignment (scheduling/migrations/0007_session_seats_taken.py), so every way a place is
    # written (the places service, bulk_create, a cascade, a restore) keeps it right in the same
    # transaction. Read it through `with_booked()`; never set it from Python.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    # iCalendar SEQUENCE: bumped on every change a subscriber should see (time, place, cancellation).
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the API's filter[updated_since] (api/)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event.title}, {when.short_day(self.starts_at)} {when.clock(self.starts_at)}"

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.mode == self.Mode.ONLINE

    def place(self, hub_venue: str, *, from_school: School | None = None) -> str:
        """Where it happens, for people: "Online", or the venue (the hub's when none is set); with
        `from_school`, how far the venue is from it when both are located ("Thetford, about 14 km from
        your school": a straight line, `lib.geo`)."""
        if self.is_online:
            return "Online"
        if self.venue_place_id is not None and self.venue_place is not None:
            km = self.distance_km(from_school)
            name = self.venue_place.name
            return name if km is None else f"{name}, {about_km(km)} from your school"
        return self.venue.strip() or hub_venue.strip() or "The hub's venue"

    def distance_km(self, school: School | None) -> float | None:
        """Straight-line km from `school` to the session's venue; None online or when either is not located."""
        if self.is_online or school is None or self.venue_place_id is None or self.venue_place is None:
            return None
        return distance_km(school.grid_ref, self.venue_place.grid_ref)

    @property
    def seats_left(self) -> int:
        """Capacity minus active assignments; needs `booked` from SessionQuerySet.with_booked()."""
        booked = getattr(self, "booked", None)
        if booked is None:
            booked = self.assignments.filter(status="assigned").count()
        return max(0, self.capacity - booked)

    @property
    def ical_uid(self) -> str:
        """Stable for the session's life, so calendar apps update rather than duplicate it."""
        return f"session-{self.pk}@ecfhub"
