"""Who reads an earlier mentor's coaching, on every page, form, list and e-mail that shows coaching text.

Erin's earlier mentor Fay wrote an observation, an action step and a meeting while they were paired;
Max, her mentor now, held a meeting that looked at Fay's step. With the hub's setting *A new mentor
can read the ECT's earlier coaching* off, none of Fay's words reach Max anywhere (issue 26, finding 1);
with it on, they do. Erin, Fay and the hub's admins read them either way; nobody else ever does."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ecfhub.conftest import make_participant
from ecfhub.learning import access
from ecfhub.learning.digest import send_weekly_digests
from ecfhub.learning.models import LearningSettings, Observation
from ecfhub.learning.services import record_meeting
from ecfhub.learning.tests.test_views import NOW, client_for, world  # noqa: F401
from ecfhub.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db

D = datetime.date
FAY_CLASS = "Fay's class 3F"
FAY_NOTE = "Fay's old note"
FAY_STEP = "Fay's old step"
FAY_MEETING = "Fay's meeting notes"
FAYS_WORDS = (FAY_CLASS, FAY_NOTE, FAY_STEP, FAY_MEETING)


@pytest.fixture
def coaching(world, school, cohort):  # type: ignore[no-untyped-def]  # noqa: F811
    """`world` (test_views.py), plus Fay's meeting, Max's meeting looking at Fay's step, and Sam, another
    mentor at Erin's school."""
    fay, ect = world["_old"].mentor, world["_ect"]
    Observation.objects.filter(pk=world["_old"].pk).update(class_or_year_group=FAY_CLASS)
    with time_machine.travel(datetime.datetime(2025, 9, 12, 12, 0), tick=False):
        fays_meeting = record_meeting(
            ect=ect, mentor=fay, values={"met_on": D(2025, 9, 12), "notes": FAY_MEETING}, actor=fay.user
        )
    max_mentor = ect.current_mentorship(D(2025, 10, 1)).mentor
    with time_machine.travel(NOW, tick=False):
        record_meeting(
            ect=ect,
            mentor=max_mentor,
            values={"met_on": D(2025, 10, 1), "notes": "Max's catch-up"},
            steps_reviewed=[world["_old_step"]],
            actor=max_mentor.user,
        )
    sam = make_participant(
        email="sam@riverside.test", name="Sam Same", school=school, cohort=cohort, kind="mentor", trn="2000010"
    )
    return {**world, "same_school_mentor": sam.user, "_fays_meeting": fays_meeting}


def history_readable(on: bool) -> None:
    row = LearningSettings.load()
    row.new_mentor_reads_history = on
    row.save()


PAGES = [
    "observation",
    "step",
    "timeline",
    "new_meeting",
    "new_step_from_observation",
    "new_step_from_meeting",
    "learning",
    "home",
    "digest",
]
ROLES = [
    "ect",
    "own_mentor",
    "former_mentor",
    "same_school_mentor",
    "another_mentor",
    "tutor",
    "facilitator",
    "hub_admin",
    "other_tutor",
]


def expected_readers(page: str, history_on: bool) -> set[str]:
    """Who is shown Fay's words on `page`: the rule of docs/learning.md's table, page by page."""
    new_mentor = {"own_mentor"} if history_on else set()
    return {
        "observation": {"ect", "former_mentor", "hub_admin"} | new_mentor,
        "step": {"ect", "former_mentor", "hub_admin"} | new_mentor,
        "timeline": {"ect", "former_mentor", "hub_admin"} | new_mentor,
        # Only the current mentor writes: the forms are theirs alone.
        "new_meeting": new_mentor,
        "new_step_from_observation": new_mentor,
        "new_step_from_meeting": new_mentor,
        # Open steps in words are the ECT's own list; a mentor's Learning page counts their ECTs' steps.
        "learning": {"ect"},
        "home": {"ect"},
        "digest": {"ect"},
    }[page]


def shown_to(role: str, page: str, coaching) -> str:  # type: ignore[no-untyped-def]
    user = coaching[role]
    ect = coaching["_ect"].pk
    if page == "digest":
        send_weekly_digests()
        return "\n".join(
            OutboundMessage.objects.filter(kind="learning_digest", to=user.email).values_list("body_text", flat=True)
        )
    url = {
        "observation": reverse("learning:observation", args=[coaching["_old"].pk]),
        "step": reverse("learning:step", args=[coaching["_old_step"].pk]),
        "timeline": reverse("learning:ect", args=[ect]),
        "new_meeting": reverse("learning:meeting_new", args=[ect]),
        "new_step_from_observation": f"{reverse('learning:step_new', args=[ect])}?observation={coaching['_old'].pk}",
        "new_step_from_meeting": f"{reverse('learning:step_new', args=[ect])}?meeting={coaching['_fays_meeting'].pk}",
        "learning": reverse("learning:index"),
        "home": reverse("dashboard"),
    }[page]
    response = client_for(user).get(url, follow=True)  # a hub admin's home is the hub's start page (/manage/)
    assert response.status_code in (200, 403, 404)
    return response.content.decode() if response.status_code == 200 else ""


def shows_fays_words(body: str, page: str) -> bool:
    words = FAYS_WORDS if page != "new_step_from_meeting" else ("From the meeting on 12 September 2025",)
    escaped = [w.replace("'", "&#x27;") for w in words]
    return any(w in body for w in (*words, *escaped))


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("history_on", [True, False], ids=["history-on", "history-off"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_the_earlier_mentors_words_reach_only_those_the_rule_names(coaching, role, page, history_on) -> None:  # type: ignore[no-untyped-def]
    history_readable(history_on)
    body = shown_to(role, page, coaching)
    assert shows_fays_words(body, page) == (role in expected_readers(page, history_on))


@time_machine.travel(NOW, tick=False)
def test_with_the_setting_off_the_new_mentor_is_refused_the_earlier_mentors_records_as_a_steps_source(coaching) -> None:  # type: ignore[no-untyped-def]
    history_readable(False)
    client = client_for(coaching["own_mentor"])
    url = reverse("learning:step_new", args=[coaching["_ect"].pk])
    assert client.get(f"{url}?observation={coaching['_old'].pk}").status_code == 404
    assert client.get(f"{url}?meeting={coaching['_fays_meeting'].pk}").status_code == 404
    values = {"step": "Mine", "success_looks_like": "x", "check_back_on": "2025-10-08"}
    assert client.post(url, {**values, "observation": coaching["_old"].pk}).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_with_the_setting_off_the_meeting_form_refuses_the_earlier_mentors_step(coaching) -> None:  # type: ignore[no-untyped-def]
    history_readable(False)
    url = reverse("learning:meeting_new", args=[coaching["_ect"].pk])
    response = client_for(coaching["own_mentor"]).post(
        url, {"met_on": "2025-10-01", "notes": "n", "steps_reviewed": [coaching["_old_step"].pk]}
    )
    assert response.status_code == 200 and "Choose from this ECT&#x27;s steps." in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_access_functions_answer_for_many_ects_in_one_query(coaching, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    history_readable(False)
    max_user = coaching["own_mentor"]
    ect = coaching["_ect"]
    settings = LearningSettings.load()
    with django_assert_num_queries(2):  # the pairings, then the steps
        steps = list(access.steps_visible_to(max_user, ects=[ect], settings=settings))
    assert FAY_STEP not in [s.step for s in steps] and "Scan the room" in [s.step for s in steps]
    assert list(access.observations_visible_to(coaching["tutor"], ect=ect)) == []
    assert list(access.meetings_visible_to(coaching["same_school_mentor"], ect=ect)) == []
    assert access.meetings_visible_to(coaching["hub_admin"], ect=ect).count() == 2
