"""The lead provider's evidence file: which of DfE's declarations each person's evidence supports.

Plain rules, no database: `queries/evidence.py` gathers each person's facts (sessions attended,
catch-up self-study signed off, modules completed, engagement items, what was already sent) and
these functions judge them, so every rule is tested at its edges without building a hub. The rules
are written for hub staff in docs/evidence.md; change both together.

DfE's words are the Lead Provider API's (v3):

- **Which declarations.** ECTs: `started`, `retained-1` … `retained-4`, `completed`, and on an
  extended schedule `extended-1` … `extended-3`. Mentors of the 2025 cohort onward (mentor training
  is one year, once in a career): `started` and `completed` only, and none for a mentor already
  trained or not eligible. Cohorts before 2025 keep the two-year sequence for mentors too.
- **When.** One window per declaration, term by term from the person's intake
  (`progress.schedule_windows`); a 2025 mentor's `completed` may fall anywhere in the programme.
  A declaration's date is the day the evidence was met — the session, self-study or module that
  completed it — so it is never in the future and always inside its window.
- **Evidence.** `training-event-attended` (a register says they came) before
  `self-study-material-completed` (catch-up self-study signed off, or a module completed). From the
  2025 cohort an ECT's `retained-2` and `completed`, and a mentor's `completed`, need
  `75-percent-engagement-met` (`…-reduced-induction` on a reduced schedule), judged once the window
  has ended (a mentor: on the day their last required event was attended). Before 2025 there was no
  engagement rule, and `started` carried no `evidence_held`.
- **In order.** Each person's declarations are in DfE's order and in date order. A declaration whose
  evidence is met while an earlier one's is not (a gap) is held back, and the person is listed as
  *not yet declarable* with the reason; the declarations before the gap stay in the file.
- **Voids.** A declaration recorded as sent whose evidence has since gone (a register corrected) is
  carried as `voided`; what was sent is never changed (`SentDeclaration` is append-only).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.text import slugify

from ecfhub.attendance.progress import (
    ENGAGEMENT_TARGET,
    EXTENDED_DECLARATIONS,
    STANDARD_DECLARATIONS,
    EngagementItem,
    Window,
    engagement_up_to,
    schedule_windows,
)
from ecfhub.lib import when
from ecfhub.people import schedules
from ecfhub.people.models import Participant, ParticipantType

# The first cohort of the Early Career Teacher Entitlement: DfE's 2025 rules apply from it.
FIRST_ECTE_COHORT = 2025

COURSE_IDENTIFIERS: dict[str, str] = {ParticipantType.ECT: "ecf-induction", ParticipantType.MENTOR: "ecf-mentor"}

# DfE's evidence_held values this hub can evidence (DfE also has materials-engaged-with-offline,
# one-term-induction and other, for evidence the provider holds itself).
TRAINING_EVENT_ATTENDED = "training-event-attended"
SELF_STUDY_MATERIAL_COMPLETED = "self-study-material-completed"
ENGAGEMENT_MET = "75-percent-engagement-met"
ENGAGEMENT_MET_REDUCED = "75-percent-engagement-met-reduced-induction"
EVIDENCE_HELD = (
    TRAINING_EVENT_ATTENDED,
    SELF_STUDY_MATERIAL_COMPLETED,
    "materials-engaged-with-offline",
    ENGAGEMENT_MET,
    ENGAGEMENT_MET_REDUCED,
    "one-term-induction",
    "other",
)
# Registers first: an event attended is the provider's strongest evidence.
_PREFERENCE = (TRAINING_EVENT_ATTENDED, SELF_STUDY_MATERIAL_COMPLETED)

# A declaration's state in the file, in DfE's words.
SUBMITTED = "submitted"
VOIDED = "voided"

# Mentors with no funded mentor training, so nothing to declare (mentor training is once in a career).
_NOT_IN_MENTOR_TRAINING = (Participant.MentorTraining.TRAINED, Participant.MentorTraining.NOT_ELIGIBLE)


# --- the facts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """One thing a person did that can evidence a declaration: a session attended (`event` is the
    training event's id, so an event attended twice counts once), catch-up self-study signed off, or
    a module completed; `label` names it ("Clinic 1")."""

    on: datetime.date
    held: str
    label: str
    event: int = 0

    @property
    def text(self) -> str:
        return f"{self.label} {self.on.isoformat()}"


@dataclass(frozen=True)
class Facts:
    """What the rules judge one person on. `engagement` are their engagement items (progress.py);
    `events_required` the events their programme requires; `last_day` the day they withdrew, when
    they did (nothing after it evidences a declaration, as DfE accepts none dated after withdrawal)."""

    participant_type: str
    cohort_start_year: int
    schedule_identifier: str
    mentor_training: str = ""
    pieces: tuple[Piece, ...] = ()
    engagement: tuple[EngagementItem, ...] = ()
    events_required: int = 0
    last_day: datetime.date | None = None

    @property
    def is_ect(self) -> bool:
        return self.participant_type == ParticipantType.ECT

    def counts(self, day: datetime.date, today: datetime.date) -> bool:
        """Whether something done on `day` can evidence a declaration made today."""
        return day <= today and (self.last_day is None or day <= self.last_day)


@dataclass(frozen=True)
class Declaration:
    """One declaration the evidence supports: its date, DfE's evidence value and what is behind it."""

    declaration_type: str
    declaration_date: datetime.date
    evidence_held: str
    evidence_sessions: str


@dataclass(frozen=True)
class Missing:
    """A declaration the evidence does not (yet) support, and why, in words for hub staff."""

    declaration_type: str
    reason: str


# --- which declarations, in which windows ---------------------------------------------------------


def declaration_types(
    participant_type: str, cohort_start_year: int, schedule_identifier: str, mentor_training: str = ""
) -> tuple[str, ...]:
    """The declarations a person can have, in DfE's order (see the module docstring)."""
    if participant_type == ParticipantType.MENTOR:
        if cohort_start_year >= FIRST_ECTE_COHORT:
            return () if mentor_training in _NOT_IN_MENTOR_TRAINING else ("started", "completed")
        return STANDARD_DECLARATIONS  # DfE pays no extended declarations for mentors
    if schedules.kind_of(schedule_identifier) == schedules.ScheduleKind.EXTENDED:
        return STANDARD_DECLARATIONS + EXTENDED_DECLARATIONS
    return STANDARD_DECLARATIONS


def milestones(facts: Facts) -> list[Window]:
    """The window each of the person's declarations must be dated in, in order."""
    types = declaration_types(
        facts.participant_type, facts.cohort_start_year, facts.schedule_identifier, facts.mentor_training
    )
    if types == ("started", "completed"):
        # A mentor's one year of training: started in their first term, completed whenever it is done.
        programme = schedule_windows(facts.schedule_identifier, facts.cohort_start_year)
        first = programme[0]
        return [first, Window("completed", first.starts_on, programme[-1].ends_on, "Programme")]
    return schedule_windows(facts.schedule_identifier, facts.cohort_start_year, types)


def needs_engagement(declaration_type: str, participant_type: str, cohort_start_year: int) -> bool:
    """Whether DfE asks for 75% engagement as the evidence of this declaration (2025 cohort onward)."""
    if cohort_start_year < FIRST_ECTE_COHORT:
        return False
    if participant_type == ParticipantType.ECT:
        return declaration_type in ("retained-2", "completed")
    return declaration_type == "completed"


def _span(window: Window) -> str:
    return f"{when.plain_date(window.starts_on)} to {when.plain_date(window.ends_on)}"


def _percent(done: int, due: int) -> str:
    return f"{done} of {due} ({round(100 * done / due)}%)" if due else "nothing due"


# --- the evidence for one declaration -----------------------------------------------------------


def _activity(facts: Facts, window: Window, today: datetime.date) -> Declaration | Missing:
    # The first piece in the window, registers first; every piece of that kind in the window is behind it.
    found = [p for p in facts.pieces if window.holds(p.on) and facts.counts(p.on, today)]
    for held in _PREFERENCE:
        pieces = sorted((p for p in found if p.held == held), key=lambda p: (p.on, p.label))
        if pieces:
            # DfE's started declaration carried no evidence_held before the 2025 cohort.
            early_start = window.declaration == "started" and facts.cohort_start_year < FIRST_ECTE_COHORT
            return Declaration(
                window.declaration, pieces[0].on, "" if early_start else held, "; ".join(p.text for p in pieces)
            )
    return Missing(window.declaration, f"nothing was attended or completed in its window ({_span(window)})")


def _engagement_held(facts: Facts) -> str:
    if facts.is_ect and schedules.kind_of(facts.schedule_identifier) == schedules.ScheduleKind.REDUCED:
        return ENGAGEMENT_MET_REDUCED
    return ENGAGEMENT_MET


def _engagement_by_window_end(facts: Facts, window: Window, today: datetime.date) -> Declaration | Missing:
    """75% engagement from the programme's start to the window's end, judged once the window is over.
    Its date is the first day in the window with something done from which the figure stayed at 75%
    or more to the window's end: the item that completed the evidence."""
    if window.ends_on >= today:
        return Missing(
            window.declaration, f"its engagement is judged when its window ends ({when.plain_date(window.ends_on)})"
        )
    items = [i for i in facts.engagement if i.due and facts.counts(i.on, today)]
    figure = engagement_up_to(items, window)
    if not figure.met:
        return Missing(
            window.declaration,
            f"engagement to {when.plain_date(window.ends_on)} was {_percent(figure.done, figure.due)}; 75% is needed",
        )
    done = due = 0
    since: datetime.date | None = None
    for day in sorted({i.on for i in items if i.on <= window.ends_on}):
        today_items = [i for i in items if i.on == day]
        due += len(today_items)
        done += sum(1 for i in today_items if i.done)
        if day < window.starts_on:
            continue
        if done * ENGAGEMENT_TARGET[1] < due * ENGAGEMENT_TARGET[0]:
            since = None
        elif since is None and any(i.done for i in today_items):
            since = day
    if since is None:
        return Missing(window.declaration, f"nothing was done in its window ({_span(window)})")
    attended = sorted(
        (p for p in facts.pieces if window.holds(p.on) and facts.counts(p.on, today)), key=lambda p: (p.on, p.label)
    )
    behind = [f"Engagement {_percent(figure.done, figure.due)} to {window.ends_on.isoformat()}"]
    return Declaration(
        window.declaration, since, _engagement_held(facts), "; ".join(behind + [p.text for p in attended])
    )


def _mentor_completion(facts: Facts, window: Window, today: datetime.date) -> Declaration | Missing:
    """A 2025 mentor completes on the day they attended the last event their training requires, with
    75% engagement (events, and modules while in training) on that day."""
    if facts.events_required <= 0:
        return Missing(window.declaration, "their programme requires no events")
    first_attended: dict[int, Piece] = {}
    for piece in sorted(facts.pieces, key=lambda p: (p.on, p.label)):
        if piece.held == TRAINING_EVENT_ATTENDED and window.holds(piece.on) and facts.counts(piece.on, today):
            first_attended.setdefault(piece.event, piece)
    events = sorted(first_attended.values(), key=lambda p: (p.on, p.label))
    if len(events) < facts.events_required:
        return Missing(
            window.declaration, f"{len(events)} of the {facts.events_required} events they need are attended"
        )
    completing = events[facts.events_required - 1]
    on_day = Window(window.declaration, window.starts_on, completing.on, window.term)
    figure = engagement_up_to([i for i in facts.engagement if i.due and facts.counts(i.on, today)], on_day)
    if not figure.met:
        return Missing(
            window.declaration,
            f"every event is attended, but engagement on {when.plain_date(completing.on)} was "
            f"{_percent(figure.done, figure.due)}; 75% is needed",
        )
    behind = [f"Engagement {_percent(figure.done, figure.due)} to {completing.on.isoformat()}"]
    return Declaration(
        window.declaration,
        completing.on,
        ENGAGEMENT_MET,
        "; ".join(behind + [p.text for p in events[: facts.events_required]]),
    )


def evidence_for(facts: Facts, window: Window, *, today: datetime.date) -> Declaration | Missing:
    """The declaration named by `window` if the evidence supports it on `today`, or why not."""
    if not needs_engagement(window.declaration, facts.participant_type, facts.cohort_start_year):
        return _activity(facts, window, today)
    if facts.is_ect:
        return _engagement_by_window_end(facts, window, today)
    return _mentor_completion(facts, window, today)


# --- one person's sequence ------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """One person's declarations: `declarable`, the valid sequence from `started`, in order;
    `held_back`, declarations evidenced after a gap, and `reason`, the first gap in words."""

    types: tuple[str, ...]
    declarable: tuple[Declaration, ...] = ()
    held_back: tuple[Declaration, ...] = ()
    reason: str = ""

    @property
    def evidenced(self) -> frozenset[str]:
        return frozenset(d.declaration_type for d in self.declarable + self.held_back)


def assess(facts: Facts, *, today: datetime.date) -> Assessment:
    """Each of the person's declarations in DfE's order; the first one without evidence ends the
    valid sequence, and any declaration evidenced after it is held back with the reason."""
    windows = milestones(facts)
    declarable: list[Declaration] = []
    held_back: list[Declaration] = []
    gap: Missing | None = None
    reason = ""
    for window in windows:
        found = evidence_for(facts, window, today=today)
        if isinstance(found, Missing):
            gap = gap or found
            continue
        previous = declarable[-1] if declarable else None
        if gap is None and previous is not None and found.declaration_date < previous.declaration_date:
            gap = Missing(found.declaration_type, "its evidence is dated before the declaration it follows")
            reason = (
                f"{found.declaration_type} is evidenced on {when.plain_date(found.declaration_date)}, before "
                f"{previous.declaration_type} ({when.plain_date(previous.declaration_date)})."
            )
        if gap is None:
            declarable.append(found)
            continue
        held_back.append(found)
        reason = reason or (
            f"{found.declaration_type} is evidenced ({when.plain_date(found.declaration_date)}), "
            f"but {gap.declaration_type} is not: {gap.reason}."
        )
    return Assessment(tuple(w.declaration for w in windows), tuple(declarable), tuple(held_back), reason)


# --- what the file says, with what was sent ----------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """The latest row recorded as sent for one of a person's declarations (SentDeclaration)."""

    declaration_type: str
    declaration_date: datetime.date
    evidence_held: str
    evidence_sessions: str
    state: str
    sent_on: datetime.date


@dataclass(frozen=True)
class Line:
    """One row of the file for one person: `sent_on` is the day it was recorded as sent, None when it
    is new (what "record this file as sent" records)."""

    declaration_type: str
    declaration_date: datetime.date
    evidence_held: str
    evidence_sessions: str
    state: str
    sent_on: datetime.date | None = None


def _as_sent(sent: Sent, state: str) -> Line:
    return Line(
        sent.declaration_type,
        sent.declaration_date,
        sent.evidence_held,
        sent.evidence_sessions,
        state,
        sent.sent_on if state == sent.state else None,
    )


def _new(declaration: Declaration) -> Line:
    return Line(
        declaration.declaration_type,
        declaration.declaration_date,
        declaration.evidence_held,
        declaration.evidence_sessions,
        SUBMITTED,
    )


def lines(assessment: Assessment, sent: Mapping[str, Sent], *, new_allowed: bool = True) -> list[Line]:
    """The person's rows in DfE's order. A declaration sent and still evidenced is repeated as sent
    (its evidence may have moved to another day: what was sent stands); sent and no longer evidenced,
    it is voided; a void already sent is repeated, followed by the declaration again if its evidence
    is back. The valid sequence adds what is not yet sent (unless `new_allowed` is False: an
    anonymised person, whose sent declarations only are kept)."""
    declarable = {d.declaration_type: d for d in assessment.declarable}
    order = list(assessment.types) + sorted(set(sent) - set(assessment.types), key=_dfe_order)
    out: list[Line] = []
    for declaration_type in order:
        before = sent.get(declaration_type)
        fresh = declarable.get(declaration_type) if new_allowed else None
        if before is not None and before.state == SUBMITTED:
            still = declaration_type in assessment.evidenced
            out.append(_as_sent(before, SUBMITTED if still else VOIDED))
        elif before is not None:
            out.append(_as_sent(before, VOIDED))
            if fresh is not None:
                out.append(_new(fresh))
        elif fresh is not None:
            out.append(_new(fresh))
    return out


_ALL_TYPES = STANDARD_DECLARATIONS + EXTENDED_DECLARATIONS


def _dfe_order(declaration_type: str) -> int:
    return _ALL_TYPES.index(declaration_type) if declaration_type in _ALL_TYPES else len(_ALL_TYPES)


def is_valid_sequence(types: Sequence[str], dates: Sequence[datetime.date], allowed: Sequence[str]) -> bool:
    """Whether a person's submitted declarations are a valid sequence: the first len(types) of
    `allowed`, in order, with dates never going back. What the file promises (tests check it)."""
    return list(types) == list(allowed[: len(types)]) and all(a <= b for a, b in itertools.pairwise(dates))


def file_name(hub_name: str, cohort_start_year: int | None, today: datetime.date) -> str:
    """ "riverside-hub-evidence-2025-2026-2026-12-07": the hub, the cohort's academic year (or
    all-cohorts) and the day on England's clock, so files sent on different days never share a name."""
    hub = slugify(hub_name) or "ecf-hub"
    cohort = f"{cohort_start_year}-{cohort_start_year + 1}" if cohort_start_year is not None else "all-cohorts"
    return f"{hub}-evidence-{cohort}-{today.isoformat()}"
