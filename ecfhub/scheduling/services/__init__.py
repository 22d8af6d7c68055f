"""Scheduling services: everything that creates or ends assignments, or moves a schedule run, goes through here.

- places: the one writer of places and their history (place, move, release, displace, cancel, bulk)
- assignments: releasing future dates, manual placement by the hub (thin, over `places`)
- loading: the hub as the solver sees it (DB -> solver problem)
- preview: the scheduler's dry run (plan_schedule), plain data shown to the hub admin
- commit: writing a dry run's dates (commit_schedule)
- runs: a schedule run's status, from queued to committed (the pages, tasks and command use it)
- notices: the one e-mail per person listing new dates, and the reminders
"""

from ecfhub.scheduling.services.assignments import place_manually, release_future_assignments
from ecfhub.scheduling.services.commit import CommitResult, commit_schedule
from ecfhub.scheduling.services.notices import send_due_reminders, send_notices
from ecfhub.scheduling.services.preview import SchedulePlan, plan_schedule

__all__ = [
    "CommitResult",
    "SchedulePlan",
    "commit_schedule",
    "place_manually",
    "plan_schedule",
    "release_future_assignments",
    "send_due_reminders",
    "send_notices",
]
