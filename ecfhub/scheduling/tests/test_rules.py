"""The place rules at their boundaries: plain data in, refusals out, no database."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from ecfhub.scheduling import rules

UTC = datetime.UTC
NOW = datetime.datetime(2025, 10, 1, 9, 0, tzinfo=UTC)  # Wednesday 1 October 2025
TUESDAY = datetime.date(2025, 11, 4)


def weekdays_between(a: datetime.date, b: datetime.date) -> int:
    # A stand-in for the term calendar: every weekday is a school day.
    return sum(1 for n in range(1, (b - a).days) if (a + datetime.timedelta(days=n)).weekday() < 5)


CTX = rules.Context(
    now=NOW, today=NOW.date(), minimum_notice=20, notice_applies=True, school_days_between=weekdays_between
)


def person(**changes: object) -> rules.Person:
    base = rules.Person(participant_id=1, name="Erin Ect", active=True, cohort_id=25, participant_type="ect", booked=())
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def session(day: datetime.date = TUESDAY, **changes: object) -> rules.SessionFacts:
    base = rules.SessionFacts(
        id=10,
        event_id=100,
        title="Routines that work",
        cohort_id=25,
        cohort_start_year=2025,
        audience="ect",
        programme_year=1,
        order=2,
        day=day,
        starts_at=datetime.datetime.combine(day, datetime.time(16, 0), tzinfo=UTC),
        cancelled=False,
        capacity=10,
        taken=0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def booked(day: datetime.date, *, event_id: int = 200, order: int = 1, year: int = 1, participant_id: int = 1):
    return rules.BookedDate(
        event_id=event_id,
        day=day,
        title=f"Event {year}.{order}",
        participant_id=participant_id,
        position=(year, order),
        session_id=event_id * 10,
    )


def codes(p: rules.Person, s: rules.SessionFacts, ctx: rules.Context = CTX) -> list[str]:
    return [r.code for r in rules.refusals(p, s, ctx)]


def test_a_place_that_breaks_no_rule_is_allowed() -> None:
    assert rules.refusals(person(), session(), CTX) == []


def test_every_refusal_has_a_known_code_and_a_message() -> None:
    everything = person(active=False, cohort_id=1, unavailable_weekdays=frozenset({1}), booked=(booked(TUESDAY),))
    found = rules.refusals(everything, session(cancelled=True, taken=10, day=datetime.date(2025, 10, 7)), CTX)
    assert {r.code for r in found} <= set(rules.CODES)
    assert all(r.message.strip() for r in found)
    assert set(rules.REMEDIES) == set(rules.CODES)


def test_a_person_who_left_or_deferred_is_refused() -> None:
    assert codes(person(active=False), session()) == ["participant_inactive"]


@pytest.mark.parametrize("change", [{"cohort_id": 26}, {"audience": "mentor"}])
def test_an_event_of_another_cohort_or_audience_is_refused(change: dict[str, object]) -> None:
    assert codes(person(), session(**change)) == ["wrong_event"]


def test_a_session_is_closed_from_the_moment_it_starts() -> None:
    assert codes(person(), session(starts_at=NOW + datetime.timedelta(seconds=1), day=NOW.date()), _no_notice()) == []
    assert codes(person(), session(starts_at=NOW, day=NOW.date()), _no_notice()) == ["session_closed"]
    assert codes(person(), session(cancelled=True)) == ["session_closed"]


def _no_notice() -> rules.Context:
    return dataclasses.replace(CTX, notice_applies=False)


@pytest.mark.parametrize(
    ("year", "day", "inside"),
    [
        (1, datetime.date(2025, 9, 1), True),
        (1, datetime.date(2026, 8, 31), True),
        (1, datetime.date(2026, 9, 1), False),
        (2, datetime.date(2026, 8, 31), False),
        (2, datetime.date(2026, 9, 1), True),
        (2, datetime.date(2027, 8, 31), True),
        (2, datetime.date(2027, 9, 1), False),
    ],
)
def test_a_session_must_fall_in_its_events_programme_year(year: int, day: datetime.date, inside: bool) -> None:
    s = session(day=day, programme_year=year, starts_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=UTC))
    asked_long_before = dataclasses.replace(_no_notice(), now=datetime.datetime(2025, 6, 1, tzinfo=UTC))
    assert codes(person(), s, asked_long_before) == ([] if inside else ["outside_programme_year"])


@pytest.mark.parametrize(
    ("year_one_starts", "year", "day", "inside"),
    [
        # A January starter in the 2025 cohort: year 1 is January to December 2026, year 2 the next.
        (datetime.date(2026, 1, 1), 1, datetime.date(2025, 12, 31), False),
        (datetime.date(2026, 1, 1), 1, datetime.date(2026, 1, 1), True),
        (datetime.date(2026, 1, 1), 1, datetime.date(2026, 12, 31), True),
        (datetime.date(2026, 1, 1), 1, datetime.date(2027, 1, 1), False),
        (datetime.date(2026, 1, 1), 2, datetime.date(2026, 12, 31), False),
        (datetime.date(2026, 1, 1), 2, datetime.date(2027, 1, 1), True),
        (datetime.date(2026, 1, 1), 2, datetime.date(2027, 12, 31), True),
        (datetime.date(2026, 1, 1), 2, datetime.date(2028, 1, 1), False),
        # An April starter: year 1 is April 2026 to March 2027, year 2 April 2027 to March 2028.
        (datetime.date(2026, 4, 1), 1, datetime.date(2026, 3, 31), False),
        (datetime.date(2026, 4, 1), 1, datetime.date(2026, 4, 1), True),
        (datetime.date(2026, 4, 1), 1, datetime.date(2027, 3, 31), True),
        (datetime.date(2026, 4, 1), 1, datetime.date(2027, 4, 1), False),
        (datetime.date(2026, 4, 1), 2, datetime.date(2027, 4, 1), True),
        (datetime.date(2026, 4, 1), 2, datetime.date(2028, 3, 31), True),
        (datetime.date(2026, 4, 1), 2, datetime.date(2028, 4, 1), False),
        # A September starter, said outright: the cohort's own calendar.
        (datetime.date(2025, 9, 1), 1, datetime.date(2026, 8, 31), True),
        (datetime.date(2025, 9, 1), 1, datetime.date(2026, 9, 1), False),
    ],
)
def test_a_session_must_fall_in_the_persons_own_programme_year(
    year_one_starts: datetime.date, year: int, day: datetime.date, inside: bool
) -> None:
    s = session(day=day, programme_year=year, starts_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=UTC))
    asked_long_before = dataclasses.replace(_no_notice(), now=datetime.datetime(2025, 6, 1, tzinfo=UTC))
    found = rules.refusals(person(year_one_starts=year_one_starts), s, asked_long_before)
    assert [r.code for r in found] == ([] if inside else ["outside_programme_year"])
    assert rules.in_programme_year(day, year_one_starts=year_one_starts, programme_year=year) is inside


def test_a_refusal_outside_their_year_names_their_own_dates() -> None:
    april_starter = person(year_one_starts=datetime.date(2026, 4, 1))
    found = rules.refusals(april_starter, session(datetime.date(2026, 3, 31)), _no_notice())
    assert found[0].message == (
        "Tuesday 31 March 2026 is outside Erin Ect's programme year 1 (1 April 2026 to 31 March 2027)."
    )


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(datetime.date(2026, 1, 5), False), (datetime.date(2026, 1, 6), True), (datetime.date(2026, 1, 7), True)],
)
def test_nobody_is_given_a_session_before_their_start_date(day: datetime.date, allowed: bool) -> None:
    starter = person(year_one_starts=datetime.date(2026, 1, 1), starts_on=datetime.date(2026, 1, 6))
    s = session(day=day, starts_at=datetime.datetime.combine(day, datetime.time(16), tzinfo=UTC))
    found = rules.refusals(starter, s, _no_notice())
    assert [r.code for r in found] == ([] if allowed else ["before_start"])
    if not allowed:
        assert found[0].message == "Erin Ect starts on Tuesday 6 January 2026, after this date."


@pytest.mark.parametrize(
    ("year", "day", "inside"),
    [
        (1, datetime.date(2025, 8, 31), False),
        (1, datetime.date(2025, 9, 1), True),
        (1, datetime.date(2027, 3, 31), True),
        (1, datetime.date(2027, 4, 1), False),
        (2, datetime.date(2026, 8, 31), False),
        (2, datetime.date(2026, 9, 1), True),
        (2, datetime.date(2028, 3, 31), True),
        (2, datetime.date(2028, 4, 1), False),
    ],
)
def test_a_new_session_may_lie_in_its_events_year_for_any_intake_of_the_cohort(
    year: int, day: datetime.date, inside: bool
) -> None:
    moment = datetime.datetime.combine(day, datetime.time(16), tzinfo=UTC)
    found = rules.session_day_refusals(
        starts_at=moment, day=day, now=datetime.datetime(2025, 6, 1, tzinfo=UTC), cohort_start_year=2025,
        programme_year=year,
    )  # fmt: skip
    assert [r.code for r in found] == ([] if inside else ["outside_programme_year"])


def test_the_window_for_a_new_session_starts_no_earlier_than_the_person_does() -> None:
    january_starter = person(year_one_starts=datetime.date(2026, 1, 1), starts_on=datetime.date(2026, 1, 6))
    window = rules.fitting_window(
        january_starter, event_id=100, position=(1, 2), cohort_start_year=2025, programme_year=1,
        earliest_with_notice=datetime.date(2025, 11, 12),
    )  # fmt: skip
    assert window == (datetime.date(2026, 1, 6), datetime.date(2026, 12, 31))


def test_a_weekday_they_do_not_work_is_refused_and_the_next_day_is_not() -> None:
    part_time = person(unavailable_weekdays=frozenset({1}))  # Tuesdays
    assert codes(part_time, session(TUESDAY)) == ["not_working_day"]
    wednesday = TUESDAY + datetime.timedelta(days=1)
    assert codes(part_time, session(wednesday)) == []
    assert "Tuesdays" in rules.refusals(part_time, session(TUESDAY), CTX)[0].message


def test_training_the_same_day_is_refused_even_on_their_other_participation() -> None:
    as_mentor_too = booked(TUESDAY, participant_id=2, event_id=300, order=5)
    assert codes(person(booked=(as_mentor_too,)), session()) == ["same_day"]
    the_day_before = booked(TUESDAY - datetime.timedelta(days=1), participant_id=2, event_id=300, order=5)
    assert codes(person(booked=(the_day_before,)), session()) == []


def test_the_date_being_replaced_never_counts_against_the_new_one() -> None:
    current = booked(TUESDAY, event_id=100, order=2)  # same event: a move replaces it
    assert codes(person(booked=(current,)), session()) == []


@pytest.mark.parametrize(
    ("other_order", "days_from_session", "refused"),
    [
        (1, -1, False),  # an earlier event the day before: in order
        (1, +1, True),  # an earlier event after this date
        (3, +1, False),  # a later event the day after
        (3, -1, True),  # a later event before this date
    ],
)
def test_events_keep_their_programme_order(other_order: int, days_from_session: int, refused: bool) -> None:
    other = booked(TUESDAY + datetime.timedelta(days=days_from_session), order=other_order)
    assert codes(person(booked=(other,)), session()) == (["out_of_order"] if refused else [])


def test_the_programme_year_comes_before_the_order_within_it() -> None:
    year_2_first_event = booked(TUESDAY - datetime.timedelta(days=1), year=2, order=1)
    assert codes(person(booked=(year_2_first_event,)), session()) == ["out_of_order"]


def test_order_binds_only_the_events_of_one_participation() -> None:
    mentor_event = booked(TUESDAY + datetime.timedelta(days=1), order=1, participant_id=2)
    assert codes(person(booked=(mentor_event,)), session()) == []


def test_notice_is_counted_in_school_days_and_the_minimum_itself_is_enough() -> None:
    # 20 weekdays strictly between Wednesday 1 October and Thursday 30 October.
    assert weekdays_between(NOW.date(), datetime.date(2025, 10, 30)) == 20
    assert codes(person(), session(datetime.date(2025, 10, 30))) == []
    assert codes(person(), session(datetime.date(2025, 10, 29))) == ["short_notice"]


def test_a_move_the_person_asked_for_needs_no_notice() -> None:
    assert codes(person(), session(datetime.date(2025, 10, 2)), _no_notice()) == []


def test_the_last_seat_can_be_taken_and_then_the_session_is_full() -> None:
    assert codes(person(), session(taken=9)) == []
    assert codes(person(), session(taken=10)) == ["session_full"]


def test_a_full_session_is_not_full_for_someone_already_on_it() -> None:
    on_it = rules.BookedDate(
        event_id=100, day=TUESDAY, title="Routines that work", participant_id=1, position=(1, 2), session_id=10
    )
    assert codes(person(booked=(on_it,)), session(taken=10)) == []


def test_every_rule_that_applies_is_reported_in_a_fixed_order() -> None:
    p = person(unavailable_weekdays=frozenset({1}), booked=(booked(TUESDAY, order=3),))
    assert codes(p, session(taken=10, day=TUESDAY)) == ["not_working_day", "same_day", "session_full"]


# --- a catch-up after a missed session -------------------------------------------------------


def test_for_a_catch_up_a_later_event_already_past_does_not_bind_order_but_one_to_come_does() -> None:
    yesterday = NOW.date() - datetime.timedelta(days=1)
    went = person(booked=(booked(yesterday, event_id=300, order=3),))
    assert [r.code for r in rules.refusals(went, session(), CTX)] == [rules.OUT_OF_ORDER]
    catching_up = rules.for_catch_up(went, NOW.date())
    assert catching_up.booked == ()
    assert rules.refusals(catching_up, session(), dataclasses.replace(CTX, notice_applies=False)) == []
    to_come = person(booked=(booked(TUESDAY - datetime.timedelta(days=7), event_id=300, order=3),))
    assert rules.for_catch_up(to_come, NOW.date()).booked == to_come.booked


def test_for_a_catch_up_a_date_today_still_counts() -> None:
    today = person(booked=(booked(NOW.date(), event_id=300, order=3),))
    assert rules.for_catch_up(today, NOW.date()).booked == today.booked


def test_every_reason_for_a_missing_date_is_also_said_to_the_person_as_you():
    from ecfhub.scheduling.rules import GAP_TEXT, GAP_TEXT_TO_YOU, Gap

    assert set(GAP_TEXT_TO_YOU) == set(GAP_TEXT)
    for text in GAP_TEXT_TO_YOU.values():
        assert " they " not in f" {text} " and " their " not in f" {text} "
    assert Gap("not_working_day", None, None).text_to_you == "every session left is on a day you do not work"
