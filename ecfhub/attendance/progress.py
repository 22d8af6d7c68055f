"""Progress rules: declaration windows, the engagement figure and the status, as plain functions.

No database here: `queries.progress_for` gathers the facts and these functions judge them, so every
rule is tested at its boundaries without building a hub. The rules are written for hub staff in
docs/progress.md; change both together."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

from ecfhub.people import schedules

# 75% engagement: DfE's evidence for an ECT's retained-2 and completed declarations.
ENGAGEMENT_TARGET = (3, 4)
# Missed events without a catch-up that make someone "at risk" and "behind".
MISSED_AT_RISK = 1
MISSED_BEHIND = 2

# The declaration windows follow the terms (autumn, spring, summer): (name, first month, last month).
_TERMS = (("Autumn", 9, 12), ("Spring", 1, 4), ("Summer", 5, 8))
# Which term each DfE intake starts in (people/schedules.py): its first window starts on the intake's
# first day, so an April starter's first window runs from 1 April to the end of summer.
_INTAKE_TERM = {9: 0, 1: 1, 4: 2}
# DfE's declarations in the order they are made: the two-year programme, one per term, then the three
# more terms of an extended schedule.
STANDARD_DECLARATIONS = ("started", "retained-1", "retained-2", "retained-3", "retained-4", "completed")
EXTENDED_DECLARATIONS = ("extended-1", "extended-2", "extended-3")


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def plain_declaration(declaration: str) -> str:
    """DfE's declaration type in a teacher's words: `started` is "your first term's training is recorded",
    `retained-2` "your third term's training is recorded", `completed` "your training is recorded as complete"."""
    kind, _, number = declaration.partition("-")
    if kind == "started":
        return "your first term's training is recorded"
    if kind == "completed":
        return "your training is recorded as complete"
    if kind in ("retained", "extended") and number.isdigit():
        n = int(number) + (0 if kind == "retained" else 4)  # extended-1 follows retained-4
        if n < len(_ORDINALS):
            return f"your {_ORDINALS[n]} term's training is recorded"
        return f"your training in term {n + 1} is recorded"
    return "your training so far is recorded"


@dataclass(frozen=True)
class Window:
    """One declaration window of a cohort's programme: the term before a declaration."""

    declaration: str
    starts_on: datetime.date
    ends_on: datetime.date
    term: str

    @property
    def label(self) -> str:
        return f"{self.term} {self.starts_on.year}"

    @property
    def meaning(self) -> str:
        """What the declaration at the end of this window means for the teacher, in plain words
        (DfE's term, `declaration`, is for staff): "your first term's training is recorded"."""
        return plain_declaration(self.declaration)

    def holds(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def _last_day_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def schedule_windows(
    schedule_identifier: str, cohort_start_year: int, declarations: tuple[str, ...] = STANDARD_DECLARATIONS
) -> list[Window]:
    """One window per declaration in `declarations`, term after term from the person's intake (DfE's
    schedule: September, January or April in the cohort's academic year; September when the schedule
    is unknown). A September starter's windows are autumn, spring, summer of year 1, then of year 2;
    a January starter's start in the spring term, an April starter's in summer (from 1 April)."""
    first_day = schedules.intake_start(schedule_identifier, cohort_start_year)
    term, year = _INTAKE_TERM[first_day.month], first_day.year
    windows = []
    for i, declaration in enumerate(declarations):
        name, first_month, last_month = _TERMS[term]
        starts = first_day if i == 0 else datetime.date(year, first_month, 1)
        windows.append(Window(declaration, starts, _last_day_of_month(year, last_month), name))
        term = (term + 1) % len(_TERMS)
        if term == 1:  # autumn is followed by the next calendar year's spring
            year += 1
    return windows


def declaration_windows(cohort_start_year: int) -> list[Window]:
    """The six windows of a cohort's two years on the standard September schedule: autumn
    (September–December), spring (January–April), summer (May–August), each named by the declaration
    made at its end."""
    return schedule_windows(schedules.identifier("standard", "september"), cohort_start_year)


def window_on(windows: list[Window], day: datetime.date) -> Window | None:
    return next((w for w in windows if w.holds(day)), None)


@dataclass(frozen=True)
class EngagementItem:
    """One thing a person was (or will be) expected to do, from any engagement source.

    `due`: it has happened and been recorded (a register marked, a module's week passed);
    `done`: they did it (came, completed). Items still to come have due=False.
    `source`: which kind of activity it is (SOURCE_LABELS), so the figure can say what it is made of
    and the evidence file can tell an event attended from a module done."""

    on: datetime.date
    due: bool
    done: bool
    source: str = "event"


# The engagement sources, in the order a figure is broken down (attendance/sources.py makes the items).
SOURCE_LABELS = {"event": "Events", "module": "Modules", "coaching": "Coaching"}


@dataclass(frozen=True)
class Engagement:
    """Done of due in one window (or cumulatively up to its end)."""

    window: Window
    due: int
    done: int
    parts: tuple[tuple[str, int, int], ...] = ()  # (source label, done, due) for each source with something due

    @property
    def breakdown(self) -> str:
        """ "Events 2 of 3, modules 8 of 10": what the figure is made of."""
        return ", ".join(
            f"{label if i == 0 else label.lower()} {done} of {due}" for i, (label, done, due) in enumerate(self.parts)
        )

    @property
    def percent(self) -> int | None:
        return None if self.due == 0 else round(100 * self.done / self.due)

    @property
    def met(self) -> bool:
        return self.due > 0 and self.done * ENGAGEMENT_TARGET[1] >= self.due * ENGAGEMENT_TARGET[0]


def _parts(due: list[EngagementItem]) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (label, sum(1 for i in due if i.source == key and i.done), n)
        for key, label in SOURCE_LABELS.items()
        if (n := sum(1 for i in due if i.source == key))
    )


def _engagement(window: Window, due: list[EngagementItem]) -> Engagement:
    return Engagement(window=window, due=len(due), done=sum(1 for i in due if i.done), parts=_parts(due))


def engagement_by_window(items: list[EngagementItem], windows: list[Window]) -> list[Engagement]:
    """Done of due in each window: every source counts alike, one item each (docs/progress.md)."""
    return [_engagement(w, [i for i in items if i.due and w.holds(i.on)]) for w in windows]


def engagement_up_to(items: list[EngagementItem], window: Window) -> Engagement:
    """Cumulative from the programme's start to the end of `window`: what a declaration's 75% counts."""
    return _engagement(window, [i for i in items if i.due and i.on <= window.ends_on])


class Status(enum.Enum):
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    BEHIND = "behind"


@dataclass(frozen=True)
class Facts:
    """What the status is judged on.

    - `missed`: events they were marked absent from with no catch-up attended or booked;
    - `done`, `due`: engagement items done, of those due so far (cumulative);
    - `to_come`: items still to come before the end of the current declaration window."""

    missed: int
    done: int
    due: int
    to_come: int


@dataclass(frozen=True)
class Verdict:
    status: Status
    reason: str


def _below_target(done: int, due: int) -> bool:
    return due > 0 and done * ENGAGEMENT_TARGET[1] < due * ENGAGEMENT_TARGET[0]


def judge(facts: Facts, *, declaration: str = "the next declaration") -> Verdict:
    """The status and the first rule that decided it, in this order (docs/progress.md):

    1. behind — missed two or more events with no catch-up;
    2. behind — even doing everything still to come before the next declaration, 75% cannot be reached;
    3. at risk — missed one event with no catch-up;
    4. at risk — at this pace (done of due so far below 75%), 75% will not be reached by the next declaration;
    5. on track — otherwise, including when nothing is due yet."""
    if facts.missed >= MISSED_BEHIND:
        return Verdict(Status.BEHIND, f"Missed {facts.missed} events without a catch-up.")
    if _below_target(facts.done + facts.to_come, facts.due + facts.to_come):
        return Verdict(Status.BEHIND, f"75% engagement can no longer be reached before {declaration}.")
    if facts.missed >= MISSED_AT_RISK:
        return Verdict(Status.AT_RISK, "Missed an event without a catch-up.")
    if _below_target(facts.done, facts.due):
        return Verdict(
            Status.AT_RISK, f"At this pace ({facts.done} of {facts.due}), 75% will not be reached before {declaration}."
        )
    return Verdict(Status.ON_TRACK, "Nothing missed, and engagement is at 75% or more.")
