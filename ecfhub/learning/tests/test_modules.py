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


def test_people_of_different_intakes_phases_and_types_in_one_call_get_what_each_gets_alone(
    calendar_2025, ect, other_ect, mentor, ect_modules, mentor_modules
) -> None:  # type: ignore[no-untyped-def]
    # The weeks are worked out once per kind of programme (type, cohort, intake) and the modules once per
    # phase and subject: nobody may get another group's weeks or modules.
    a_january_starter(ect)
    other_ect.phase = "secondary"
    other_ect.save()
    make_module("ect", 1, 2, phase="secondary", title="secondary week 2")
    # Both did week 2's module for everyone; only the secondary ECT also has a secondary one due that week.
    for person in (ect, other_ect):
        ModuleCompletion.objects.create(
            participant=person,
            module=ect_modules[1],
            completed_at=datetime.datetime(2026, 1, 14, 12, tzinfo=datetime.UTC),
        )
    mondays = [D(2025, 9, 8), D(2025, 12, 15), D(2026, 1, 5), D(2026, 1, 12), D(2026, 2, 16)]
    together = engagement_weeks([ect, other_ect, mentor], weeks=mondays)
    for person in (ect, other_ect, mentor):
        assert together[person.pk] == engagement_weeks([person], weeks=mondays)[person.pk]
    assert [w.teaching_week for w in together[ect.pk]][:3] == [None, None, 1]
    assert [w.teaching_week for w in together[other_ect.pk]][:2] == [2, 15]
    assert together[ect.pk][3].module_done is True  # their week 2 (12 January): all done
    assert together[other_ect.pk][0].module_done is False  # week 2: the secondary one is not
