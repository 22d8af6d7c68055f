"""Seats taken on a session (`Session.objects.with_booked()`), as every page that shows seats left counts them."""

from __future__ import annotations

import datetime

import time_machine

from ecfhub.events.models import Session
from ecfhub.events.queries import events_for_admin
from ecfhub.events.services import cancel_session
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


def _counted() -> dict[int, int]:
    """Seats taken as counted from the places themselves, to compare with the kept count."""
    counts = dict.fromkeys(Session.objects.values_list("pk", flat=True), 0)
    for session_id in Assignment.objects.filter(status=Assignment.Status.ASSIGNED).values_list("session_id", flat=True):
        counts[session_id] += 1
    return counts


def _kept() -> dict[int, int]:
    return dict(Session.objects.values_list("pk", "seats_taken"))


def test_the_kept_count_follows_every_way_a_place_is_written(cohort, ect, other_ect, mentor):
    event = make_event(cohort)
    first, second = make_session(event, datetime.date(2026, 1, 20)), make_session(event, datetime.date(2026, 1, 27))
    # bulk_create sends no signals: the database's triggers see it anyway.
    Assignment.objects.bulk_create(
        [Assignment(participant=p, event=event, session=first) for p in (ect, other_ect, mentor)]
    )
    assert _kept() == _counted() == {first.pk: 3, second.pk: 0}
    # A date changed by moving the place to another session.
    Assignment.objects.filter(participant=ect).update(session=second)
    assert _kept() == _counted() == {first.pk: 2, second.pk: 1}
    # Ended places no longer count; a status changed between two ended kinds changes nothing.
    Assignment.objects.filter(participant=other_ect).update(status=Assignment.Status.RELEASED)
    Assignment.objects.filter(participant=other_ect).update(status=Assignment.Status.MISSED)
    assert _kept() == _counted() == {first.pk: 1, second.pk: 1}
    # Moved and ended in one statement, and an ended place moved (nothing to count).
    Assignment.objects.filter(participant=mentor).update(session=second, status=Assignment.Status.DISPLACED)
    Assignment.objects.filter(participant=other_ect).update(session=second)
    assert _kept() == _counted() == {first.pk: 0, second.pk: 1}
    # Deleted (a cascade or an anonymisation), active and ended alike.
    Assignment.objects.all().delete()
    assert _kept() == _counted() == {first.pk: 0, second.pk: 0}


def test_the_triggers_that_keep_the_count_exist_after_every_migration(db):
    # A later migration that rebuilds scheduling_assignment on SQLite (Django copies the table) would drop
    # them silently; this fails then, and the new migration must create them again.
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'scheduling_assignment'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'scheduling_assignment'::regclass AND NOT tgisinternal"
            )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "scheduling_assignment_seats_insert",
        "scheduling_assignment_seats_delete",
        "scheduling_assignment_seats_update",
    }


@time_machine.travel("2025-12-01 10:00 +00:00", tick=False)
def test_the_hubs_event_list_counts_active_places_on_every_session_of_each_event(
    cohort, ect, other_ect, mentor, hub_admin
):
    clinic, conference, empty = (make_event(cohort, order=n) for n in (1, 2, 3))
    first, second = (make_session(clinic, datetime.date(2026, 1, 19 + n)) for n in (1, 2))
    assign(ect, first)
    assign(other_ect, second)
    released = assign(mentor, second)
    Assignment.objects.filter(pk=released.pk).update(status=Assignment.Status.RELEASED)
    assign(mentor, make_session(conference, datetime.date(2026, 1, 23)))
    make_session(empty, datetime.date(2026, 1, 26))
    cancel_session(session=first, reason="Snow", actor=hub_admin)  # its place ends: no longer counted

    rows = {row.event.pk: row for row in events_for_admin(cohort=cohort)}

    assert (rows[clinic.pk].booked, rows[clinic.pk].scheduled, rows[clinic.pk].cancelled) == (1, 1, 1)
    assert rows[conference.pk].booked == 1
    assert rows[empty.pk].booked == 0
