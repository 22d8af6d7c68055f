"""The status rules at their boundaries, and the declaration windows (docs/progress.md)."""

from __future__ import annotations

import datetime

import pytest

from ecfhub.attendance.progress import (
    EngagementItem,
    Facts,
    Status,
    declaration_windows,
    engagement_by_window,
    engagement_up_to,
    judge,
    window_on,
)


def status(missed: int = 0, done: int = 0, due: int = 0, to_come: int = 0) -> Status:
    return judge(Facts(missed=missed, done=done, due=due, to_come=to_come)).status


def test_nothing_due_yet_is_on_track() -> None:
    assert status() is Status.ON_TRACK


def test_missing_one_event_without_a_catch_up_is_at_risk() -> None:
    assert status(missed=1, done=3, due=4, to_come=4) is Status.AT_RISK


def test_missing_two_events_without_a_catch_up_is_behind() -> None:
    assert status(missed=2, done=6, due=8, to_come=8) is Status.BEHIND


@pytest.mark.parametrize(("done", "due", "expected"), [(3, 4, Status.ON_TRACK), (2, 3, Status.AT_RISK)])
def test_at_this_pace_exactly_75_per_cent_is_on_track_and_just_below_is_at_risk(
    done: int, due: int, expected: Status
) -> None:
    # 3 of 4 is 75%; 2 of 3 is 66.7%. Enough still to come that 75% stays reachable either way.
    assert status(done=done, due=due, to_come=10) is expected


@pytest.mark.parametrize(("to_come", "expected"), [(2, Status.AT_RISK), (1, Status.BEHIND)])
def test_it_is_behind_when_even_everything_still_to_come_cannot_reach_75_per_cent(
    to_come: int, expected: Status
) -> None:
    # 1 of 2 so far: with 2 more to come, 3 of 4 = 75% is still reachable (at risk at this pace);
    # with 1 more, 2 of 3 at best can no longer reach it.
    assert status(done=1, due=2, to_come=to_come) is expected


def test_the_verdict_says_which_declaration_it_is_about() -> None:
    verdict = judge(Facts(missed=0, done=0, due=2, to_come=0), declaration="the retained-2 declaration")
    assert verdict.status is Status.BEHIND
    assert "retained-2" in verdict.reason


def test_a_cohort_has_six_declaration_windows_one_per_term_over_two_years() -> None:
    windows = declaration_windows(2025)
    assert [w.declaration for w in windows] == [
        "started",
        "retained-1",
        "retained-2",
        "retained-3",
        "retained-4",
        "completed",
    ]
    assert (windows[0].starts_on, windows[0].ends_on) == (datetime.date(2025, 9, 1), datetime.date(2025, 12, 31))
    assert (windows[1].starts_on, windows[1].ends_on) == (datetime.date(2026, 1, 1), datetime.date(2026, 4, 30))
    assert (windows[2].starts_on, windows[2].ends_on) == (datetime.date(2026, 5, 1), datetime.date(2026, 8, 31))
    assert (windows[5].starts_on, windows[5].ends_on) == (datetime.date(2027, 5, 1), datetime.date(2027, 8, 31))
    assert window_on(windows, datetime.date(2026, 4, 30)) is windows[1]
    assert window_on(windows, datetime.date(2026, 5, 1)) is windows[2]
    assert window_on(windows, datetime.date(2027, 9, 1)) is None


def test_engagement_counts_only_items_due_and_adds_up_to_a_declaration() -> None:
    windows = declaration_windows(2025)
    items = [
        EngagementItem(datetime.date(2025, 10, 1), due=True, done=True),
        EngagementItem(datetime.date(2025, 11, 1), due=True, done=False),
        EngagementItem(datetime.date(2026, 2, 1), due=True, done=True),
        EngagementItem(datetime.date(2026, 3, 1), due=False, done=False),
    ]
    by_window = engagement_by_window(items, windows)
    assert [(e.done, e.due) for e in by_window[:3]] == [(1, 2), (1, 1), (0, 0)]
    assert by_window[0].percent == 50
    assert by_window[2].percent is None
    cumulative = engagement_up_to(items, windows[1])
    assert (cumulative.done, cumulative.due, cumulative.met) == (2, 3, False)
    items.append(EngagementItem(datetime.date(2026, 4, 1), due=True, done=True))
    assert engagement_up_to(items, windows[1]).met  # 3 of 4: exactly 75%


def test_each_declaration_reads_in_a_teachers_words():
    from ecfhub.attendance.progress import plain_declaration

    assert plain_declaration("started") == "your first term's training is recorded"
    assert plain_declaration("retained-1") == "your second term's training is recorded"
    assert plain_declaration("retained-4") == "your fifth term's training is recorded"
    assert plain_declaration("extended-1") == "your sixth term's training is recorded"
    assert plain_declaration("extended-3") == "your training in term 8 is recorded"
    assert plain_declaration("completed") == "your training is recorded as complete"
