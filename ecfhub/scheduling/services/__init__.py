"""Scheduling services: everything that creates or ends assignments goes through here.

- places: the one writer of places and their history (place, move, release, displace, cancel, bulk)
- assignments: releasing future dates, manual placement by the hub (thin, over `places`)
- planning: the scheduler's dry run (plan_schedule) and its commit (commit_schedule)
- notices: the one e-mail per person listing new dates, and the reminders
"""

from ecfhub.scheduling.services.assignments import place_manually, release_future_assignments
from ecfhub.scheduling.services.notices import send_due_reminders, send_notices
from ecfhub.scheduling.services.planning import SchedulePlan, commit_schedule, plan_schedule

__all__ = [
    "SchedulePlan",
    "commit_schedule",
    "place_manually",
    "plan_schedule",
    "release_future_assignments",
    "send_due_reminders",
    "send_notices",
]
