"""When a register may be written, and by whom: plain functions of a session, a person and the time."""

from __future__ import annotations

import datetime
import enum

from ecfhub.attendance.models import register_closes_at
from ecfhub.events.models import Session
from ecfhub.people.models import User


class RegisterState(enum.Enum):
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"
    OPEN = "open"
    CLOSED = "closed"


def register_state(session: Session, *, now: datetime.datetime, open_days: int) -> RegisterState:
    """A register opens when its session starts and closes `open_days` days after the session's day."""
    if session.is_cancelled:
        return RegisterState.CANCELLED
    if now < session.starts_at:
        return RegisterState.NOT_STARTED
    if now < register_closes_at(session.ends_at, open_days):
        return RegisterState.OPEN
    return RegisterState.CLOSED


def may_take_register(user: User, session: Session, *, facilitator_ids: set[int]) -> bool:
    """The session's facilitators and hub admins take its register; `facilitator_ids` are the session's."""
    return bool(user.is_hub_admin or (user.is_facilitator and user.pk in facilitator_ids))
