"""Seats taken on a session (`Session.objects.with_booked()`), as every page that shows seats left counts them."""

from __future__ import annotations

import datetime

from ecfhub.events.models import Session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.scheduling.models import Assignment


def test_seats_taken_count_only_active_places_and_none_is_zero(cohort, ect, other_ect, mentor):
    first, second, empty = (
        make_session(make_event(cohort, order=n), datetime.date(2026, 1, 19 + n)) for n in (1, 2, 3)
    )
    assign(ect, first)
    assign(other_ect, first)
    released = assign(mentor, first)
    Assignment.objects.filter(pk=released.pk).update(status=Assignment.Status.RELEASED)
    assign(mentor, second)

    booked = dict(Session.objects.with_booked().values_list("pk", "booked"))

    assert booked == {first.pk: 2, second.pk: 1, empty.pk: 0}
    assert Session.objects.with_booked().get(pk=first.pk).seats_left == 18


def test_seats_taken_cost_one_query_however_many_sessions_and_places(
    cohort, ect, other_ect, mentor, django_assert_num_queries
):
    event = make_event(cohort)
    one = make_session(event, datetime.date(2026, 1, 20))
    assign(ect, one)
    with django_assert_num_queries(1):
        assert [s.seats_left for s in Session.objects.with_booked()] == [19]
    for n in range(2, 6):
        make_session(make_event(cohort, order=n), datetime.date(2026, 1, 20 + n))
    assign(other_ect, one)
    assign(mentor, one)
    with django_assert_num_queries(1):
        assert sorted(s.seats_left for s in Session.objects.with_booked()) == [17, 20, 20, 20, 20]
