"""One register and a facilitator's registers; catch-up self-study waiting for sign-off."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ecfhub.attendance.models import (
    AttendanceChange,
    CatchUpStudy,
    Mark,
    register_last_day,
)
from ecfhub.attendance.rules import RegisterState, register_state
from ecfhub.events.models import Session
from ecfhub.people.models import Participant, User
from ecfhub.scheduling.models import Assignment

# --- one register ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    place_id: int
    participant: Participant
    mark: str | None

    @property
    def mark_label(self) -> str:
        return Mark(self.mark).label if self.mark else "Not marked yet"


def register_rows(session: Session, *, among: QuerySet[Participant]) -> list[RegisterRow]:
    """Everyone holding a place on the session (of those in `among`, what the viewer may see),
    by school and name, with their mark; one query."""
    places = (
        Assignment.objects.filter(session=session, status__in=Assignment.ON_REGISTER, participant__in=among)
        .select_related("participant__user", "participant__school", "attendance")
        .order_by("participant__school__name", "participant__user__full_name", "pk")
    )
    rows = []
    for place in places:
        record = getattr(place, "attendance", None)
        rows.append(RegisterRow(place.pk, place.participant, record.mark if record else None))
    return rows


def register_history(session: Session) -> list[dict[str, object]]:
    """Every change to the session's register, newest first, for hub admins; one query."""
    rows: list[dict[str, object]] = []
    for row in (
        AttendanceChange.objects.filter(record__session=session)
        .order_by("-at", "-pk")
        .values("at", "from_mark", "to_mark", "source", "reason", "actor_label", "record__participant__user__full_name")
    ):
        rows.append(
            {
                **row,
                "to_label": Mark(row["to_mark"]).label,
                "from_label": Mark(row["from_mark"]).label if row["from_mark"] else "",
            }
        )
    return rows


# --- a facilitator's registers --------------------------------------------------------------


@dataclass(frozen=True)
class RegisterSummary:
    session: Session
    booked: int
    marked: int
    open_until: datetime.date

    @property
    def unmarked(self) -> int:
        return max(self.booked - self.marked, 0)


def open_registers(
    *, user: User, now: datetime.datetime, open_days: int
) -> tuple[list[RegisterSummary], list[RegisterSummary]]:
    """The registers `user` facilitates that are open now: (still to take — someone unmarked,
    taken — everyone marked and still open for changes), soonest closing first; one query."""
    earliest_end = now - datetime.timedelta(days=open_days + 2)
    sessions = (
        Session.objects.scheduled()
        .filter(facilitators=user, starts_at__lte=now, ends_at__gte=earliest_end)
        .select_related("event__cohort")
        .annotate(
            booked=Count("assignments", filter=Q(assignments__status__in=Assignment.ON_REGISTER), distinct=True),
            marked=Count(
                "assignments",
                filter=Q(assignments__status__in=Assignment.ON_REGISTER, assignments__attendance__isnull=False),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    to_take: list[RegisterSummary] = []
    taken: list[RegisterSummary] = []
    for session in sessions:
        if register_state(session, now=now, open_days=open_days) is not RegisterState.OPEN:
            continue
        summary = RegisterSummary(
            session,
            session.booked,  # type: ignore[attr-defined]
            session.marked,  # type: ignore[attr-defined]
            register_last_day(session.ends_at, open_days),
        )
        (to_take if summary.unmarked else taken).append(summary)
    return to_take, taken


# --- catch-up self-study --------------------------------------------------------------------


def self_study_to_sign_off(studies: QuerySet[CatchUpStudy]) -> list[CatchUpStudy]:
    """Of `studies` (what the viewer may sign off: `access.studies_to_sign_off_for`), those not yet
    signed off, oldest choice first, with the person, school, clinic and missed session; one query."""
    return list(
        studies.filter(signed_off_at__isnull=True)
        .select_related("participant__user", "participant__school", "event", "assignment__session")
        .order_by("chosen_at", "pk")
    )
