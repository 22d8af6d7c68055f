"""The solver and the place rules agree: for any person and any session, the solver offers a session
exactly when `rules.refusals` has nothing against it but seats.

The solver arranges the rules' predicates for whole paths of dates (`solver/allowed.py`); manual
placement, moves and the waiting list ask `rules.refusals` one place at a time. Hypothesis builds
people of every intake (September, January, April starters, with their own programme years and a start
date that may come before or after their intake's), with days off, dates already held on their other
events, training from another participation (the same account as mentor and ECT), and sessions on every
kind of day — cancelled, past, short of notice, before they start, outside their programme year or the
cohort's — and both must give the same answer.
"""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from ecfhub.people import schedules
from ecfhub.scheduling import rules, solver

UTC = datetime.UTC
TODAY = datetime.date(2025, 10, 1)  # a Wednesday in year 1 of the 2025 cohort
NOW = datetime.datetime.combine(TODAY, datetime.time(7, 0), tzinfo=UTC)  # a run is made in the morning
# The 2025 cohort's events for ECTs: (event id, programme year, order in that year).
EVENTS = {1: (1, 1), 2: (1, 2), 3: (1, 3), 4: (2, 1), 5: (2, 2)}
FIRST_DAY = datetime.date(2025, 9, 1)
LAST_DAY = datetime.date(2028, 6, 30)  # beyond an April starter's year 2, so some sessions fall outside it
SPAN = (LAST_DAY - FIRST_DAY).days


def weekdays_between(a: datetime.date, b: datetime.date) -> int:
    # A stand-in for the term calendar: every weekday is a school day.
    return sum(1 for n in range(1, (b - a).days) if (a + datetime.timedelta(days=n)).weekday() < 5)


days = st.integers(min_value=0, max_value=SPAN).map(lambda n: FIRST_DAY + datetime.timedelta(days=n))


def near(start: datetime.date | None, year_one: datetime.date) -> st.SearchStrategy[datetime.date]:
    edges = [year_one, year_one.replace(year=year_one.year + 1), year_one.replace(year=year_one.year + 2)]
    edges += [start] if start else []
    return st.tuples(st.sampled_from(edges), st.integers(min_value=-3, max_value=3)).map(
        lambda pair: pair[0] + datetime.timedelta(days=pair[1])
    )


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, object]:
    target = draw(st.sampled_from(sorted(EVENTS)))
    others = draw(st.dictionaries(st.sampled_from([e for e in EVENTS if e != target]), days, max_size=4))
    intake = draw(st.sampled_from(schedules.Intake.values))
    year_one = schedules.year_one_starts(schedules.identifier("standard", intake), 2025)
    # A start date near their intake's: usually on or after it, sometimes before (registered early).
    start = draw(st.none() | st.integers(min_value=-60, max_value=200).map(lambda n: year_one + datetime.timedelta(n)))
    return {
        "year_one_starts": year_one,
        "starts_on": start,
        "target": target,
        "held": others,  # event id -> day, this participation's other dates
        "other_participation": draw(st.lists(days, max_size=3)),  # the account's dates as a mentor
        "days_off": frozenset(draw(st.sets(st.integers(min_value=0, max_value=4), max_size=3))),
        "minimum_notice": draw(st.integers(min_value=1, max_value=40)),
        # Sessions anywhere, and some on either side of the person's start and of their year's ends.
        "sessions": draw(st.lists(st.tuples(days | near(start, year_one), st.booleans()), min_size=1, max_size=6)),
    }


def rules_allow(world: dict[str, object]) -> set[int]:
    target = world["target"]
    assert isinstance(target, int)
    held: dict[int, datetime.date] = world["held"]  # type: ignore[assignment]
    booked = [
        rules.BookedDate(event_id=e, day=d, title=f"Event {e}", participant_id=1, position=EVENTS[e])
        for e, d in held.items()
    ] + [
        rules.BookedDate(event_id=900 + n, day=d, title="Mentor event", participant_id=2, position=(1, 1))
        for n, d in enumerate(world["other_participation"])  # type: ignore[arg-type]
    ]
    person = rules.Person(
        participant_id=1,
        name="Erin Ect",
        active=True,
        cohort_id=25,
        participant_type="ect",
        unavailable_weekdays=world["days_off"],  # type: ignore[arg-type]
        booked=tuple(booked),
        year_one_starts=world["year_one_starts"],  # type: ignore[arg-type]
        starts_on=world["starts_on"],  # type: ignore[arg-type]
    )
    ctx = rules.Context(
        now=NOW,
        today=TODAY,
        minimum_notice=world["minimum_notice"],  # type: ignore[arg-type]
        school_days_between=weekdays_between,
    )
    allowed = set()
    for n, (day, cancelled) in enumerate(world["sessions"]):  # type: ignore[arg-type]
        facts = rules.SessionFacts(
            id=n,
            event_id=target,
            title="Target",
            cohort_id=25,
            cohort_start_year=2025,
            audience="ect",
            programme_year=EVENTS[target][0],
            order=EVENTS[target][1],
            day=day,
            starts_at=datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=UTC),
            cancelled=cancelled,
            capacity=10,
            taken=0,
        )
        if not rules.refusals(person, facts, ctx):
            allowed.add(n)
    return allowed


def solver_allows(world: dict[str, object]) -> set[int]:
    target = world["target"]
    assert isinstance(target, int)
    held: dict[int, datetime.date] = world["held"]  # type: ignore[assignment]
    events = {e: solver.EventIn(e, (25, "ect"), position) for e, position in EVENTS.items()}
    participant = solver.ParticipantIn(
        id=1,
        school_id=1,
        needs=(target,),
        unavailable_weekdays=world["days_off"],  # type: ignore[arg-type]
        fixed=tuple(solver.FixedIn(e, d) for e, d in held.items()),
        busy_days=frozenset(world["other_participation"]),  # type: ignore[arg-type]
        year_one_starts=world["year_one_starts"],  # type: ignore[arg-type]
        starts_on=world["starts_on"],  # type: ignore[arg-type]
    )
    sessions = [
        solver.SessionIn(
            n,
            target,
            day,
            10,
            0,
            solver.session_state(
                cancelled=cancelled,
                day=day,
                as_of=TODAY,
                school_days_away=weekdays_between(TODAY, day),
                minimum_notice=world["minimum_notice"],  # type: ignore[arg-type]
                cohort_start_year=2025,
                programme_year=EVENTS[target][0],
            ),
        )
        for n, (day, cancelled) in enumerate(world["sessions"])  # type: ignore[arg-type]
    ]
    return {s.id for s in solver.allowed_sessions(participant, events[target], sessions, events)}


@settings(max_examples=400, deadline=None)
@given(worlds())
def test_the_solver_offers_exactly_the_sessions_the_place_rules_allow(world: dict[str, object]) -> None:
    assert solver_allows(world) == rules_allow(world)


def test_the_agreement_check_sees_a_difference_when_one_side_breaks_a_rule() -> None:
    # A session on a day the person does not work: the rules refuse it, and so must the solver;
    # a solver that forgot days off would offer it, and the comparison above would fail.
    monday = datetime.date(2025, 12, 1)
    world: dict[str, object] = {
        "year_one_starts": datetime.date(2025, 9, 1),
        "starts_on": None,
        "target": 1,
        "held": {},
        "other_participation": [],
        "days_off": frozenset({0}),
        "minimum_notice": 5,
        "sessions": [(monday, False), (monday + datetime.timedelta(days=1), False)],
    }
    assert rules_allow(world) == {1}
    assert solver_allows(world) == {1}
    world["days_off"] = frozenset()
    assert rules_allow(world) == solver_allows(world) == {0, 1}


def test_the_agreement_check_sees_a_solver_that_forgets_a_january_starters_year() -> None:
    # A year-1 session in October 2026 is in a January starter's year 1 (January to December 2026) but
    # past a September starter's; both sides must follow the person's own year, not the September calendar.
    october_2026 = datetime.date(2026, 10, 6)
    world: dict[str, object] = {
        "year_one_starts": datetime.date(2026, 1, 1),
        "starts_on": datetime.date(2026, 1, 5),
        "target": 1,
        "held": {},
        "other_participation": [],
        "days_off": frozenset(),
        "minimum_notice": 5,
        "sessions": [(datetime.date(2025, 12, 2), False), (october_2026, False)],
    }
    assert rules_allow(world) == solver_allows(world) == {1}
    world["year_one_starts"] = datetime.date(2025, 9, 1)
    assert rules_allow(world) == solver_allows(world) == set()
