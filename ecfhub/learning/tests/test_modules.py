"""Modules: what a participant sees each week, marking done, and catching up."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.learning.models import ModuleCompletion
from ecfhub.learning.queries import modules_for
from ecfhub.learning.services import create_module, mark_module_done
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
