"""Catch-up self-study for a missed clinic: the hub's setting, choosing it, signing it off, and what it counts.

Erin was marked absent at the Routines clinic on 14 January 2026; it is 20 January."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ecfhub.attendance.models import CatchUpStudy
from ecfhub.attendance.queries import progress_for
from ecfhub.attendance.services import choose_self_study, sign_off_self_study
from ecfhub.attendance.sources import TrainingEvents
from ecfhub.attendance.tests.factories import crowd, facilitate, set_mark
from ecfhub.conftest import make_user
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant
from ecfhub.scheduling.services import places
from ecfhub.scheduling.services.requests import ask_for_catch_up

NOW = local_datetime(datetime.date(2026, 1, 20), datetime.time(12, 0))

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(cohort, calendar_2025):  # type: ignore[no-untyped-def]
    event = make_event(cohort, order=1, title="Routines that work")
    return {
        "missed": make_session(event, datetime.date(2026, 1, 14)),
        "again": make_session(event, datetime.date(2026, 1, 28)),
    }


@pytest.fixture
def missed(clinic, ect):  # type: ignore[no-untyped-def]
    place = assign(ect, clinic["missed"])
    set_mark(place, "absent")
    return place


def allow_self_study() -> None:
    # Straight to the row: the settings page and `hub.services.change_settings` are the hub's own.
    HubSettings.objects.filter(pk=HubSettings.load().pk).update(catch_up_self_study=True)


@pytest.fixture
def allowed(db) -> None:  # type: ignore[no-untyped-def]
    allow_self_study()


def code_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def clinics_attended(participant: Participant) -> int:
    progress = progress_for(Participant.objects.filter(pk=participant.pk), now=NOW)[participant.pk]
    return progress.attended["clinic"]


@time_machine.travel(NOW, tick=False)
def test_self_study_is_off_until_the_hub_allows_it(missed, ect) -> None:
    assert code_of(lambda: choose_self_study(place=missed, actor=ect.user)) == "self_study_off"
    assert not CatchUpStudy.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_self_study_is_for_clinics_only(allowed, cohort, ect) -> None:
    conference = make_session(make_event(cohort, order=2, kind="conference", title="How pupils learn"))
    place = assign(ect, conference)
    set_mark(place, "absent")
    assert code_of(lambda: choose_self_study(place=place, actor=ect.user)) == "not_a_clinic"


@time_machine.travel(NOW, tick=False)
def test_self_study_needs_a_missed_place(allowed, clinic, ect) -> None:
    came = assign(ect, clinic["missed"])
    set_mark(came, "present")
    assert code_of(lambda: choose_self_study(place=came, actor=ect.user)) == "not_missed"


@time_machine.travel(NOW, tick=False)
def test_self_study_and_a_catch_up_date_exclude_each_other(allowed, missed, clinic, ect) -> None:
    choose_self_study(place=missed, actor=ect.user)
    assert code_of(lambda: places.catch_up(missed=missed, session=clinic["again"], actor=None)) == "self_study_chosen"
    assert code_of(lambda: choose_self_study(place=missed, actor=ect.user)) == "self_study_chosen"


@time_machine.travel(NOW, tick=False)
def test_self_study_is_refused_once_a_catch_up_date_is_booked_or_asked_for(allowed, missed, clinic, ect) -> None:
    ask_for_catch_up(missed=missed, to_session=clinic["again"], actor=ect.user)
    missed.refresh_from_db()
    assert code_of(lambda: choose_self_study(place=missed, actor=ect.user)) == "catch_up_taken"


@time_machine.travel(NOW, tick=False)
def test_signed_off_self_study_counts_as_attended_and_only_then(allowed, missed, clinic, ect, facilitator) -> None:
    facilitate(clinic["again"], facilitator)  # any session of the clinic will do
    study = choose_self_study(place=missed, actor=ect.user)
    assert clinics_attended(ect) == 0
    progress = progress_for(Participant.objects.filter(pk=ect.pk), now=NOW)[ect.pk]
    assert progress.missed == []  # arranged: no longer "missed without a catch-up"

    sign_off_self_study(study=study, actor=facilitator)

    assert clinics_attended(ect) == 1
    [item] = TrainingEvents().items(Participant.objects.filter(pk=ect.pk), now=NOW)[ect.pk]
    assert (item.due, item.done) == (True, True)


@time_machine.travel(NOW, tick=False)
def test_only_the_clinics_facilitators_and_hub_admins_sign_off(allowed, missed, cohort, ect, tutor, hub_admin) -> None:
    other_clinic = make_session(make_event(cohort, order=5, title="Questioning"), datetime.date(2026, 2, 4))
    someone_else = make_user("fay@hub.test", "Fay Facilitator", is_facilitator=True)
    facilitate(other_clinic, someone_else)
    study = choose_self_study(place=missed, actor=ect.user)
    for who in (someone_else, tutor, ect.user):
        assert code_of(lambda who=who: sign_off_self_study(study=study, actor=who)) == "not_yours"
    sign_off_self_study(study=study, actor=hub_admin)
    assert code_of(lambda: sign_off_self_study(study=study, actor=hub_admin)) == "already_signed_off"


# --- pages ---------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_catch_up_page_offers_self_study_only_when_the_hub_allows_it(client, missed, ect, hub_admin) -> None:
    client.force_login(ect.user)
    url = reverse("dates:catch_up", args=[missed.pk])
    assert "Choose self-study instead" not in client.get(url).text
    allow_self_study()
    assert "Choose self-study instead" in client.get(url).text
    response = client.post(reverse("attendance:self_study", args=[missed.pk]), follow=True)
    assert "Self-study chosen for Routines that work" in response.text
    assert CatchUpStudy.objects.get().assignment == missed


@time_machine.travel(NOW, tick=False)
def test_a_facilitator_lists_and_signs_off_only_their_clinics_self_study(
    client, allowed, missed, clinic, cohort, ect, other_ect, facilitator
) -> None:
    facilitate(clinic["missed"], facilitator)
    choose_self_study(place=missed, actor=ect.user)
    elsewhere = make_session(make_event(cohort, order=6, title="Feedback clinic"), datetime.date(2026, 1, 13))
    other_place = assign(other_ect, elsewhere)
    set_mark(other_place, "absent")
    theirs_not = choose_self_study(place=other_place, actor=other_ect.user)
    client.force_login(facilitator)
    page = client.get(reverse("attendance:self_study_list")).text
    assert "Erin Ect" in page and "Ed Ect" not in page
    assert client.post(reverse("attendance:sign_off", args=[theirs_not.pk])).status_code == 404
    study = CatchUpStudy.objects.get(participant=ect)
    response = client.post(reverse("attendance:sign_off", args=[study.pk]), follow=True)
    assert "Signed off Erin Ect&#x27;s self-study for Routines that work" in response.text
    assert "Nothing to sign off." in response.text


@pytest.mark.parametrize("n", [3, 30])
def test_the_sign_off_list_costs_the_same_queries_at_any_size(
    client, n, cohort, calendar_2025, school, hub_admin, django_assert_num_queries
) -> None:
    session = make_session(make_event(cohort, order=1, title="Routines that work"), datetime.date(2026, 1, 14))
    for place in crowd(n=n, school=school, cohort=cohort, session=session):
        CatchUpStudy.objects.create(
            assignment=place, participant_id=place.participant_id, event=session.event, chosen_at=NOW
        )
    client.force_login(hub_admin)
    client.get(reverse("attendance:self_study_list"))  # warm the session and the hub's settings
    with django_assert_num_queries(6):  # the same at 3 and at 30
        page = client.get(reverse("attendance:self_study_list")).text
    assert page.count("Sign off<span") == n
