"""Assignments: a participant placed on a session, with a lifecycle and a history.

Only `scheduling.services.places` writes these tables (a test holds every other module to it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from ecfhub.lib import when
from ecfhub.lib.history import AppendOnly, AppendOnlyQuerySet


class Assignment(models.Model):
    """A participant's place on one session of a training event.

    At most one *active* assignment per participant and event. Ending an
    assignment never deletes it: the status says why it ended, so the history
    of every move stays readable."""

    # Free text about the person, emptied when they are anonymised (privacy.services).
    FREE_TEXT_FIELDS = ("notice_waiver_reason",)

    class Status(models.TextChoices):
        ASSIGNED = "assigned", "Assigned"
        MOVED = "moved", "Moved to another date"
        RELEASED = "released", "Released (participant left or deferred)"
        SESSION_CANCELLED = "session_cancelled", "Session cancelled"
        DISPLACED = "displaced", "Taken off: the session moved to a day that breaks a rule for them"
        # The register marked them absent and they took a catch-up date, which replaces this place as
        # the active one (`places.catch_up`). The place keeps its session, dates and register mark.
        MISSED = "missed", "Missed; a catch-up date replaces it"

    class Source(models.TextChoices):
        SCHEDULER = "scheduler", "Scheduler"
        MANUAL = "manual", "Placed by the hub"
        REQUEST = "request", "Participant's request"

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="assignments")
    event = models.ForeignKey("events.TrainingEvent", on_delete=models.PROTECT, related_name="assignments")
    session = models.ForeignKey("events.Session", on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.SCHEDULER)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True, help_text="When the participant was told of this date.")
    notice_waived = models.BooleanField(default=False)
    notice_waiver_reason = models.CharField(max_length=300, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces"
    )

    # Places that stay on their session's register: the active one, and a missed one that a catch-up
    # date has replaced (its absence is history, still counted and still correctable on the register).
    ON_REGISTER = (Status.ASSIGNED, Status.MISSED)

    class Meta:
        ordering = ["session__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "event"], condition=Q(status="assigned"), name="assignment_one_active_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["participant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.session} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ASSIGNED


class PlaceChangeQuerySet(AppendOnlyQuerySet["PlaceChange"]):
    """Refuses bulk update and delete (lib/history.py)."""


class PlaceChange(AppendOnly):
    """One step in the history of a participant's place on an event: who, when, from, to, why.

    Append-only. Written by `scheduling.services.places` in the same transaction as
    the assignment it describes, so the history always matches the places."""

    history_name = "A place's history"

    # Free text about the person, emptied when they are anonymised (privacy.services).
    FREE_TEXT_FIELDS = ("reason",)

    class Kind(models.TextChoices):
        PLACED = "placed", "Given a date"
        MOVED = "moved", "Moved to another date"
        RELEASED = "released", "Released"
        SESSION_CANCELLED = "session_cancelled", "Session cancelled"
        DISPLACED = "displaced", "Taken off after the session's day changed"
        CATCH_UP = "catch_up", "Given a catch-up date after missing a session"

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="place_changes")
    event = models.ForeignKey("events.TrainingEvent", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_session = models.ForeignKey(
        "events.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_session = models.ForeignKey("events.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        Assignment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
        help_text="The place as it is after this change (the ended one for a release or cancellation).",
    )
    source = models.CharField(max_length=12, choices=Assignment.Source.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    notice_waived = models.BooleanField(default=False)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="Kept when the actor's account is erased.")

    objects = PlaceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["participant", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.participant_id} on event {self.event_id} at {when.stamp(self.at)}"


class ScheduleRun(models.Model):
    """One scheduler run started by a hub admin: its scope, progress, preview and outcome.

    The dry run is computed by a background task (large hubs take a while) and
    kept here as JSON, so the admin can read the preview and then confirm it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        READY = "ready", "Preview ready"
        COMMITTING = "committing", "Saving the dates"
        FAILED = "failed", "Failed"
        COMMITTED = "committed", "Confirmed"
        STALE = "stale", "Out of date"

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cohort = models.ForeignKey("programme.Cohort", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event_ids = models.JSONField(default=list, blank=True, help_text="Empty means every event in scope.")
    until = models.DateField(null=True, blank=True)
    as_of = models.DateField(help_text="The day people are told their dates; notice counts from here.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=120, blank=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Scheduling run {self.pk} as of {self.as_of} ({self.get_status_display()})"

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING, self.Status.COMMITTING)


class ChangeRequest(models.Model):
    """A person asking to move their date for one event to another session of it.

    Asked by the participant or, on their behalf, by their school's induction
    tutor. Never deleted: a decision or a withdrawal changes the status and says
    who and when, so the hub can read what happened."""

    # Free text about the person, emptied when they are anonymised (privacy.services).
    FREE_TEXT_FIELDS = ("details", "message")

    class Reason(models.TextChoices):
        # Neutral on purpose: nothing here is reported to the DfE, and nobody has to explain illness.
        SCHOOL = "school", "Something at school on that day (a trip, exams, parents' evening)"
        HEALTH = "health", "Health or a medical appointment"
        PERSONAL = "personal", "A personal or family commitment"
        TRAINING = "training", "Other training or study on that day"
        OTHER = "other", "Another reason"
        # Not a reason to give on the change form: the request is for a catch-up after a missed session.
        MISSED = "missed", "Catching up a session they missed"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the hub to decide"
        WAITING = "waiting", "On the waiting list"
        DONE = "done", "Moved"
        DECLINED = "declined", "Declined by the hub"
        WITHDRAWN = "withdrawn", "Withdrawn"
        CLOSED = "closed", "Closed"

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="change_requests")
    event = models.ForeignKey("events.TrainingEvent", on_delete=models.PROTECT, related_name="+")
    from_session = models.ForeignKey(
        "events.Session", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_session = models.ForeignKey("events.Session", on_delete=models.PROTECT, related_name="change_requests")
    reason = models.CharField(max_length=12, choices=Reason.choices)
    details = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    asked_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True, help_text="The hub's message when it declines.")
    closed_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "event"],
                condition=Q(status__in=["pending", "waiting"]),
                name="change_request_one_open_per_event",
            ),
        ]
        indexes = [models.Index(fields=["status", "asked_at"])]

    def __str__(self) -> str:
        return f"{self.participant} asks for {self.to_session} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.WAITING)

    @property
    def asked_on_behalf(self) -> bool:
        return self.asked_by_id is not None and self.asked_by_id != self.participant.user_id

    @property
    def reason_text(self) -> str:
        label = self.get_reason_display()
        return f"{label}: {self.details}" if self.details else label


class WaitingListEntry(models.Model):
    """A place in the queue for a full session. Arrival order is the primary key's order:
    entries are only created with the session row locked, so the key follows the queue."""

    session = models.ForeignKey("events.Session", on_delete=models.PROTECT, related_name="waiting_list")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="waiting")
    request = models.OneToOneField(ChangeRequest, on_delete=models.CASCADE, related_name="waiting_entry")
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=12, blank=True, help_text="promoted, withdrawn or closed; empty while waiting."
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], condition=Q(left_at__isnull=True), name="waiting_once_per_session"
            ),
        ]
        indexes = [models.Index(fields=["session", "left_at"])]

    def __str__(self) -> str:
        return f"{self.participant} waiting for {self.session}"
