"""Registers: what happened to each place on a session that has started, and every change to it.

A register is the list of places (scheduling.Assignment) on a started session. Places there
are fixed (docs/places.md), so a record here hangs off its place one-to-one and is the only
thing anyone writes about a started session. Written only by `attendance.services`."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from ecfhub.lib import when
from ecfhub.lib.history import AppendOnly, AppendOnlyQuerySet
from ecfhub.people.models import ParticipantType


class Mark(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    ABSENT = "absent", "Absent"


# Who came, for progress and evidence: late and left early still came (docs/progress.md).
ATTENDED = frozenset({Mark.PRESENT, Mark.LATE, Mark.LEFT_EARLY})


class AttendanceRecord(models.Model):
    """One person's mark on one session's register: the latest word; `history` keeps every word."""

    assignment = models.OneToOneField("scheduling.Assignment", on_delete=models.PROTECT, related_name="attendance")
    # Copied from the place (which never changes once the session has started) so registers,
    # dashboards and exports group by session and person without joining through places.
    session = models.ForeignKey("events.Session", on_delete=models.PROTECT, related_name="attendance_records")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="attendance_records")
    mark = models.CharField(max_length=12, choices=Mark.choices)
    marked_at = models.DateTimeField(db_index=True)  # the API's filter[updated_since] on /attendance (api/)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["session", "mark"]),
            models.Index(fields=["participant", "mark"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} at session {self.session_id}: {self.get_mark_display()}"

    @property
    def attended(self) -> bool:
        return self.mark in ATTENDED


class AttendanceChangeQuerySet(AppendOnlyQuerySet["AttendanceChange"]):
    """Refuses bulk update and delete (lib/history.py)."""


class AttendanceChange(AppendOnly):
    """One step in a register entry's history: who marked what, when, how, and why (corrections). Append-only."""

    history_name = "A register's history"

    class Source(models.TextChoices):
        REGISTER = "register", "Marked on the register"
        EVERYONE_PRESENT = "everyone_present", "Marked everyone present"
        CORRECTION = "correction", "Corrected after the register closed"
        IMPORT = "import", "Imported from the meeting's attendance report"

    record = models.ForeignKey(AttendanceRecord, on_delete=models.PROTECT, related_name="history")
    from_mark = models.CharField(max_length=12, choices=Mark.choices, blank=True)
    to_mark = models.CharField(max_length=12, choices=Mark.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True, help_text="Kept when the actor's account is erased.")

    objects = AttendanceChangeQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_mark or 'unmarked'} → {self.to_mark} at {when.stamp(self.at)}"


class CatchUpStudy(models.Model):
    """Catch-up self-study for a missed clinic, where the hub allows it: chosen by the person (or their
    induction tutor) instead of another date, then signed off by a facilitator of the event or a hub
    admin. Once signed off, the event counts as attended (docs/progress.md). Written only by
    `attendance.services`."""

    # The missed place (absent on its register). It stays the person's active place for the event:
    # self-study replaces the session, not the place, so nobody gives them a second date for it.
    assignment = models.OneToOneField("scheduling.Assignment", on_delete=models.PROTECT, related_name="catch_up_study")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="catch_up_studies")
    event = models.ForeignKey("events.TrainingEvent", on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField()
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_off_label = models.CharField(max_length=200, blank=True, help_text="Kept when the account is erased.")

    class Meta:
        ordering = ["chosen_at", "pk"]
        indexes = [models.Index(fields=["event", "signed_off_at"])]

    def __str__(self) -> str:
        return f"Catch-up self-study: {self.participant_id} for event {self.event_id}"

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None


def register_last_day(session_ends_at: datetime.datetime, open_days: int) -> datetime.date:
    """The last day a session's register is open (shown as "open until")."""
    return timezone.localtime(session_ends_at).date() + datetime.timedelta(days=open_days)


def register_closes_at(session_ends_at: datetime.datetime, open_days: int) -> datetime.datetime:
    """The moment a session's register closes: the end of the `open_days`th day after the
    session's day, in the hub's time zone (a Tuesday session with 7 days closes at midnight
    at the end of the next Tuesday)."""
    day = register_last_day(session_ends_at, open_days) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ProgressSnapshotQuerySet(AppendOnlyQuerySet["ProgressSnapshot"]):
    """Refuses bulk update and delete (lib/history.py): a day's counts are what was true that day."""


class ProgressSnapshot(AppendOnly):
    """How many people of one cohort and participant type were on track, at risk and behind on one day.

    Statuses are worked out afresh from today's records and never stored, so a past day's counts
    cannot be worked out again honestly (registers are corrected, catch-ups booked, modules caught up
    since). This table keeps them as they were: recorded once a day by the periodic job
    (`attendance.snapshots.record_progress_snapshot`), never changed, counts only (nobody's name)."""

    history_name = "Recorded progress counts"

    day = models.DateField()
    cohort = models.ForeignKey("programme.Cohort", on_delete=models.PROTECT, related_name="+")
    participant_type = models.CharField(max_length=10, choices=ParticipantType.choices)
    on_track = models.PositiveIntegerField()
    at_risk = models.PositiveIntegerField()
    behind = models.PositiveIntegerField()
    recorded_at = models.DateTimeField()

    objects = ProgressSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["day", "cohort", "participant_type"]
        constraints = [
            models.UniqueConstraint(fields=["day", "cohort", "participant_type"], name="progress_snapshot_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: cohort {self.cohort_id} {self.participant_type}"


class SentDeclarationQuerySet(AppendOnlyQuerySet["SentDeclaration"]):
    """Refuses bulk update and delete (lib/history.py): what was sent to the lead provider stays as sent."""


class SentDeclaration(AppendOnly):
    """One declaration as the hub sent it to the lead provider in its evidence file, recorded when a
    hub admin records the file as sent (`attendance.services.record_evidence_sent`). Never changed:
    a declaration whose evidence has gone is voided by a new row with state `voided`; the latest row
    for a person and declaration type is where it stands (attendance/evidence.py, docs/evidence.md).

    The name and TRN are what the file carried; anonymising the person empties them and keeps the row
    under the provider's participant_id, for the payment it backs (privacy/collect.py)."""

    history_name = "A declaration sent to the lead provider"

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        VOIDED = "voided", "Voided"

    participant = models.ForeignKey("people.Participant", on_delete=models.PROTECT, related_name="sent_declarations")
    declaration_type = models.CharField(max_length=20)
    declaration_date = models.DateField()
    evidence_held = models.CharField(max_length=60, blank=True)
    evidence_sessions = models.TextField(blank=True, help_text="The sessions and modules behind it, as sent.")
    state = models.CharField(max_length=10, choices=State.choices)
    provider_participant_id = models.CharField("lead provider's participant ID", max_length=36, blank=True)
    teacher_reference_number = models.CharField("TRN", max_length=7, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SentDeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["participant", "declaration_type", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.declaration_type} {self.state} ({when.short_date(self.recorded_at)})"
