"""Changing training events and their sessions. Views, commands and the demo all come through here.

Split by subject (events, sessions, cancellation); every public name stays importable from
``ecfhub.events.services``."""

from ecfhub.events.services.cancellation import cancel_session
from ecfhub.events.services.events import EVENT_FIELDS, create_training_event, update_training_event
from ecfhub.events.services.sessions import (
    DEFAULT_MODE,
    DEFAULT_TIMES,
    DayChangeNeedsConfirming,
    add_sessions,
    day_problems,
    local_datetime,
    update_session,
)
from ecfhub.events.services.venues import normal_postcode, save_venue, school_grid_ref

__all__ = [
    "DEFAULT_MODE",
    "DEFAULT_TIMES",
    "EVENT_FIELDS",
    "DayChangeNeedsConfirming",
    "add_sessions",
    "cancel_session",
    "create_training_event",
    "day_problems",
    "local_datetime",
    "normal_postcode",
    "save_venue",
    "school_grid_ref",
    "update_session",
    "update_training_event",
]
