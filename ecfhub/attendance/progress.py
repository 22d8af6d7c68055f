"""Progress rules: declaration windows, the engagement figure and the status, as plain functions.

No database here: `queries.progress_for` gathers the facts and these functions judge them, so every
rule is tested at its boundaries without building a hub. The rules are written for hub staff in
docs/progress.md; change both together."""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass

# 75% engagement: DfE's evidence for an ECT's retained-2 and completed declarations.
ENGAGEMENT_TARGET = (3, 4)
# Missed events without a catch-up that make someone "at risk" and "behind".
MISSED_AT_RISK = 1
MISSED_BEHIND = 2

# The two-year programme's declaration windows, one per term, named by the declaration that
# follows each (an ECT on the standard September schedule): (declaration, first month, year offset).
_WINDOWS = (
    ("started", 9, 0, "Autumn"),
    ("retained-1", 1, 1, "Spring"),
    ("retained-2", 5, 1, "Summer"),
    ("retained-3", 9, 1, "Autumn"),
    ("retained-4", 1, 2, "Spring"),
    ("completed", 5, 2, "Summer"),
)


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

    def holds(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def declaration_windows(cohort_start_year: int) -> list[Window]:
    """The six windows of a cohort's two years: autumn (September–December), spring (January–April),
    summer (May–August), each named by the declaration made at its end."""
    windows = []
    for i, (declaration, month, offset, term) in enumerate(_WINDOWS):
        starts = datetime.date(cohort_start_year + offset, month, 1)
        if i + 1 < len(_WINDOWS):
            _, next_month, next_offset, _ = _WINDOWS[i + 1]
            ends = datetime.date(cohort_start_year + next_offset, next_month, 1) - datetime.timedelta(days=1)
        else:
            ends = datetime.date(cohort_start_year + offset, 8, 31)
        windows.append(Window(declaration, starts, ends, term))
    return windows


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
