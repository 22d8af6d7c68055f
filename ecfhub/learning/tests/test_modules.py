"""Modules: what a participant sees each week, marking done, and catching up."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.learning.models import ModuleCompletion
from ecfhub.learning.queries import engagement_weeks, modules_for
from ecfhub.learning.services import create_module, mark_module_done
from ecfhub.learning.tests.conftest import make_module
from ecfhub.lib.errors import DomainError

pytestmark = pytest.mark.django_db

D = datetime.date


def titles(modules) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.title for m in modules]


def test_in_the_third_week_an_ect_sees_week_three_now_and_weeks_one_and_two_to_catch_up(
    calendar_2025, ect, ect_modules
) -> None:  # type: ignore[no-untyped-def]
    listing = modules_for(ect, today=D(2025, 9, 17))
    assert titles(listing.this_week) == ["ect year 1 week 3"]
    assert titles(listing.catch_up) == ["ect year 1 week 2", "ect year 1 week 1"]
    assert listing.done == []


def test_through_the_october_half_term_the_last_week_stays_this_week(calendar_2025, ect, ect_modules) -> None:  # type: ignore[no-untyped-def]
    listing = modules_for(ect, today=D(2025, 10, 29))
    assert titles(listing.this_week) == ["ect year 1 week 8"]
    assert listing.released == 8
    assert modules_for(ect, today=D(2025, 11, 3)).released == 9


def test_a_mentor_sees_the_mentor_sequence_and_never_the_ects(
    calendar_2025, mentor, ect_modules, mentor_modules
) -> None:  # type: ignore[no-untyped-def]
    listing = modules_for(mentor, today=D(2025, 9, 10))
    assert titles(listing.this_week) == ["mentor year 1 week 2"]
    assert titles(listing.catch_up) == ["mentor year 1 week 1"]


def test_marking_a_missed_module_done_moves_it_from_catch_up_to_done(calendar_2025, ect, ect_modules) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 9, 17, 12, 0), tick=False):
        mark_module_done(participant=ect, module=ect_modules[0], actor=ect.user)
        listing = modules_for(ect, today=D(2025, 9, 17))
    assert titles(listing.catch_up) == ["ect year 1 week 2"]
    assert titles(listing.done) == ["ect year 1 week 1"]


def test_marking_done_twice_keeps_the_first_completion(calendar_2025, ect, ect_modules) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 9, 17, 12, 0), tick=False):
        first = mark_module_done(participant=ect, module=ect_modules[0], actor=ect.user)
    with time_machine.travel(datetime.datetime(2025, 9, 18, 12, 0), tick=False):
        second = mark_module_done(participant=ect, module=ect_modules[0], actor=ect.user)
    assert second.pk == first.pk and second.completed_at == first.completed_at
    assert ModuleCompletion.objects.count() == 1


def test_a_module_not_yet_released_cannot_be_marked_done(calendar_2025, ect, ect_modules) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 9, 17, 12, 0), tick=False), pytest.raises(DomainError) as error:
        mark_module_done(participant=ect, module=ect_modules[5], actor=ect.user)
    assert error.value.code == "not_released"


def test_mentor_modules_belong_to_year_one(hub_admin) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as error:
        create_module(
            values={"participant_type": "mentor", "programme_year": 2, "week": 1, "title": "x", "content": "y"},
            actor=hub_admin,
        )
    assert error.value.code == "mentor_year"


def test_module_content_is_sanitised_and_only_web_links_are_kept(ect_modules) -> None:  # type: ignore[no-untyped-def]
    module = ect_modules[0]
    module.content = "Hello <script>alert(1)</script> [x](javascript:alert(1))"
    module.resource_links = "https://example.org/read Reading\njavascript:alert(1) bad\nhttp://example.org"
    assert "<script" not in module.content_html and "javascript:" not in module.content_html
    assert module.links == [("https://example.org/read", "Reading"), ("http://example.org", "http://example.org")]


def a_january_starter(ect):  # type: ignore[no-untyped-def]
    ect.induction_start_date = D(2026, 1, 6)
    ect.schedule_identifier = "ecf-standard-january"
    ect.save()
    return ect


def test_a_january_starter_begins_at_week_one_in_january_not_at_septembers_week_seventeen(
    calendar_2025, ect, mentor, ect_modules, mentor_modules
) -> None:  # type: ignore[no-untyped-def]
    a_january_starter(ect)
    assert modules_for(ect, today=D(2025, 12, 17)).released == 0  # not started: nothing yet
    listing = modules_for(ect, today=D(2026, 1, 14))
    assert titles(listing.this_week) == ["ect year 1 week 2"]
    assert titles(listing.catch_up) == ["ect year 1 week 1"]
    # Max started in September: the same day is his week 17.
    assert titles(modules_for(mentor, today=D(2026, 1, 14)).this_week) == ["mentor year 1 week 17"]


def test_a_january_starters_engagement_weeks_count_from_their_own_week_one(calendar_2025, ect, ect_modules) -> None:  # type: ignore[no-untyped-def]
    a_january_starter(ect)
    mondays = [D(2025, 12, 15), D(2026, 1, 5), D(2026, 2, 16), D(2026, 2, 23)]
    weeks = engagement_weeks([ect], weeks=mondays)[ect.pk]
    assert [w.teaching_week for w in weeks] == [None, 1, None, 7]  # before their start, week 1, half term, week 7
    assert [w.module_due for w in weeks] == [False, True, False, True]


def test_a_participant_sees_the_modules_for_their_phase_and_subject_and_those_for_everyone(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    kinds = {"everyone": {}, "secondary": {"phase": "secondary"}, "primary": {"phase": "primary"}}
    kinds |= {"maths": {"subject": "Mathematics"}, "english": {"subject": "English"}}
    kinds |= {"secondary maths": {"phase": "secondary", "subject": "Mathematics"}}
    for title, tags in kinds.items():
        make_module("ect", 1, 1, title=title, **tags)
    assert titles(modules_for(ect, today=D(2025, 9, 3)).this_week) == ["everyone"]  # nothing recorded yet
    ect.phase, ect.subject = "secondary", "Mathematics"
    ect.save()
    assert titles(modules_for(ect, today=D(2025, 9, 3)).this_week) == [
        "everyone",
        "maths",
        "secondary",
        "secondary maths",
    ]
    ect.phase, ect.subject = "primary", ""
    ect.save()
    assert titles(modules_for(ect, today=D(2025, 9, 3)).this_week) == ["everyone", "primary"]


def test_a_module_for_another_phase_is_never_due_in_the_engagement_weeks(calendar_2025, ect) -> None:  # type: ignore[no-untyped-def]
    ect.phase = "primary"
    ect.save()
    make_module("ect", 1, 1, phase="secondary")
    make_module("ect", 1, 2, phase="primary")
    weeks = engagement_weeks([ect], weeks=[D(2025, 9, 1), D(2025, 9, 8)])[ect.pk]
    assert [w.module_due for w in weeks] == [False, True]
