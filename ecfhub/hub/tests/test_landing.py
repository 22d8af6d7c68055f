"""Each role's "My programme" is its own start: what needs doing at a tutor's schools, the hub's loose
ends for an admin."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.attendance.tests.factories import crowd, set_mark
from ecfhub.conftest import PASSWORD, make_participant
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.people.models import Mentorship, ParticipantType, School

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar_2025")]

NOW = "2026-03-10 12:00 +00:00"


def unpaired_ect(school: School, cohort, trn: str):  # type: ignore[no-untyped-def]
    return make_participant(
        email=f"new{trn}@school.test", name=f"New Ect {trn}", school=school, cohort=cohort, kind="ect", trn=trn
    )


@time_machine.travel(NOW, tick=False)
def test_a_tutor_sees_what_needs_doing_at_their_school_and_nothing_of_another(
    client, tutor, school, other_school, cohort, ect, other_ect
):
    unpaired_ect(school, cohort, "1000101")
    unpaired_ect(other_school, cohort, "1000102")  # Oakfield's: not Tess's business
    missed = assign(ect, make_session(make_event(cohort, title="Routines that work"), datetime.date(2026, 2, 4)))
    set_mark(missed, "absent")

    client.force_login(tutor)
    main = client.get("/my/").content.decode().split("<main")[1]

    assert "Riverside Primary" in main and "Oakfield" not in main
    assert "<strong>1</strong> ECT has no mentor." in main
    assert "<strong>1</strong> missed session has no catch-up yet." in main
    assert f'href="/schools/{school.pk}/progress/"' in main
    assert f"/schools/{other_school.pk}/" not in main


@time_machine.travel(NOW, tick=False)
def test_a_tutor_with_nothing_to_do_is_told_so(client, tutor, school):
    client.force_login(tutor)
    assert "Nothing needs doing at this school now." in client.get("/my/").content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_hub_admin_signs_in_to_the_hubs_start_page_with_its_loose_ends(client, hub_admin, school, cohort):
    unpaired_ect(school, cohort, "1000103")
    response = client.post("/account/login/", {"username": hub_admin.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/manage/"
    main = response.content.decode().split("<main")[1]
    assert "Manage the programme" in main and "Needs attention" in main
    assert "<strong>1</strong> ECT has no mentor" in main
    nav = response.content.decode().split("<main")[0]
    assert "My programme" not in nav  # it would only send her back here


@time_machine.travel(NOW, tick=False)
def test_a_hub_admin_who_also_facilitates_starts_on_my_programme_with_the_hubs_loose_ends(
    client, hub_admin, school, cohort
):
    hub_admin.is_facilitator = True
    hub_admin.save()
    unpaired_ect(school, cohort, "1000103")
    client.force_login(hub_admin)
    main = client.get("/my/").content.decode().split("<main")[1]
    assert "Sessions you facilitate" in main and "Needs your attention" in main
    assert "<strong>1</strong> ECT has no mentor" in main


@time_machine.travel(NOW, tick=False)
def test_a_tutors_start_costs_the_same_queries_for_one_small_school_and_three_busy_ones(client, tutor, school, cohort):
    session = make_session(make_event(cohort), datetime.date(2026, 2, 4))

    def count_queries() -> int:
        client.force_login(tutor)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/my/").status_code == 200
        return len(captured)

    crowd(n=2, school=school, cohort=cohort, session=session)
    count_queries()  # the first page ever shown creates the hub's settings rows
    small = count_queries()
    for n, urn in ((20, "100011"), (20, "100012")):
        other = School.objects.create(urn=urn, name=f"School {urn}", town="Norwich")
        other.induction_tutors.add(tutor)
        places = crowd(n=n, school=other, cohort=cohort, session=session, start_trn=5000000 + (int(urn) - 100000) * 100)
        for place in places[:5]:
            set_mark(place, "absent")
    mentor = make_participant(
        email="m@x.test", name="A Mentor", school=school, cohort=cohort, kind=ParticipantType.MENTOR, trn="2000999"
    )
    Mentorship.objects.create(mentor=mentor, ect=places[0].participant, started_on=datetime.date(2025, 9, 3))
    assert count_queries() == small
