"""Nobody silently without a date: the person, their tutor and the hub each see who the rules cannot
place, why, and what would fix it; hub staff read each place's history on the person's page."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.events.services import cancel_session
from ecfhub.hub.models import HubSettings
from ecfhub.people.models import Participant
from ecfhub.scheduling import eligibility, rules
from ecfhub.scheduling.services import place_manually
from ecfhub.scheduling.tests.conftest import make_session

pytestmark = pytest.mark.django_db

EARLY = datetime.datetime(2025, 9, 3, 9, 0)
# 1 December 2025: both November sessions of the first clinic have happened.
DECEMBER = datetime.datetime(2025, 12, 1, 9, 0)


def gaps(participant: Participant) -> list[tuple[str, str]]:
    return [
        (g.event.title, g.gap.code) for g in eligibility.without_dates(Participant.objects.filter(pk=participant.pk))
    ]


@time_machine.travel(DECEMBER, tick=False)
def test_a_late_joiner_after_the_last_session_is_told_and_the_hub_sees_what_would_fix_it(
    client, sessions, ect, hub_admin
) -> None:
    # The January clinic's sessions are too close for the scheduler; a hub admin could waive the notice.
    assert gaps(ect) == [("Routines that work", "none_left"), ("Checking for understanding", "short_notice")]
    client.force_login(ect.user)
    html = client.get("/my/").content.decode()
    # An event whose sessions all ran before they joined is theirs to make up (issue 15), not a date still to
    # find; the January clinic, which a new session could still fix, is the warning.
    assert "Events that ran before you could take them" in html and "Routines that work (clinic)" in html
    assert "We cannot give you a date for Routines that work yet" not in html
    assert "We cannot give you a date for Checking for understanding yet" in html and "What happens next" in html
    client.force_login(hub_admin)
    page = client.get("/manage/scheduling/without-dates/").content.decode()
    assert "Routines that work" in page and "every session of this event has happened or been cancelled" in page
    assert "Add a session still to come." in page and "Erin Ect" in page
    assert "place them by hand with the notice waived" in page


@time_machine.travel(EARLY, tick=False)
def test_a_part_timer_whose_days_never_come_up_shows_on_the_school_page(client, sessions, ect, tutor) -> None:
    ect.unavailable_weekdays = [1, 2]  # every session is on a Tuesday or a Wednesday
    ect.save()
    assert gaps(ect) == [("Routines that work", "not_working_day"), ("Checking for understanding", "not_working_day")]
    client.force_login(tutor)
    html = client.get(f"/schools/{ect.school_id}/").content.decode()
    assert "Staff we cannot give a date yet" in html
    assert "Erin Ect</a>, Routines that work: every session left is on a day they do not work." in html


@time_machine.travel(EARLY, tick=False)
def test_event_order_that_leaves_no_session_is_named_with_the_window_that_would_fit(
    sessions, ect, hub_admin, clinic_1
) -> None:
    place_manually(participant=ect, session=sessions["2a"], actor=hub_admin)  # 13 January
    # The first clinic's Tuesday is cancelled and its Wednesday moved after their second clinic.
    cancel_session(session=sessions["1a"], reason="Snow", actor=hub_admin)
    sessions["1b"].starts_at = sessions["2b"].starts_at + datetime.timedelta(days=7)
    sessions["1b"].ends_at = sessions["1b"].starts_at + datetime.timedelta(hours=1)
    sessions["1b"].save()
    (item,) = eligibility.without_dates(Participant.objects.filter(pk=ect.pk))
    assert item.gap.code == rules.OUT_OF_ORDER
    assert item.gap.latest == datetime.date(2026, 1, 12)  # the day before their second clinic
    assert item.gap.earliest is not None and item.gap.earliest > datetime.date(2025, 9, 3)


@time_machine.travel(EARLY, tick=False)
def test_everyone_who_can_be_placed_is_left_off(sessions, ect, other_ect) -> None:
    assert eligibility.without_dates(Participant.objects.all()) == []


@time_machine.travel(DECEMBER, tick=False)
def test_the_list_costs_the_same_queries_for_one_person_or_many(
    sessions, ect, other_ect, mentor, django_assert_num_queries
) -> None:
    HubSettings.load()  # the row exists in a real hub; creating it would cost its own queries
    with django_assert_num_queries(7):
        one = eligibility.without_dates(Participant.objects.filter(pk=ect.pk))
    for day in (2, 3, 4):
        make_session(sessions["2a"].event, datetime.date(2026, 2, day))
    with django_assert_num_queries(7):
        many = eligibility.without_dates(Participant.objects.all())
    assert len(one) == 2 and {g.participant.pk for g in many} == {ect.pk, other_ect.pk}


@time_machine.travel(EARLY, tick=False)
def test_hub_staff_read_each_places_history_on_the_persons_page_and_tutors_do_not(
    client, sessions, ect, hub_admin, tutor
) -> None:
    place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    place_manually(participant=ect, session=sessions["1b"], actor=hub_admin, reason="Clashes with a school trip")
    client.force_login(hub_admin)
    html = client.get(f"/participants/{ect.pk}/").content.decode()
    assert "Place history" in html
    assert "Given a date" in html and "Moved to another date" in html
    assert "Hana Admin: Clashes with a school trip" in html
    assert "Tue 4 Nov 2025" in html and "Wed 5 Nov 2025" in html
    client.force_login(tutor)
    assert "Place history" not in client.get(f"/participants/{ect.pk}/").content.decode()


@time_machine.travel(EARLY, tick=False)
def test_the_facts_read_as_plain_values_are_the_facts_of_the_sessions_themselves(sessions, ect, hub_admin) -> None:
    from ecfhub.events.models import Session

    place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    cancel_session(session=sessions["2b"], reason="Snow", actor=hub_admin)
    loaded = Session.objects.select_related("event__cohort").with_booked()
    expected = {s.pk: eligibility._facts(s, taken=s.booked) for s in loaded}  # type: ignore[attr-defined]
    assert eligibility.session_facts(list(expected)) == expected
    assert any(f.taken == 1 for f in expected.values()) and any(f.cancelled for f in expected.values())
