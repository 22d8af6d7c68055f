"""The learning pages: the privacy rules as a matrix, what each page shows, and fixed query counts."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecfhub.conftest import make_participant
from ecfhub.learning import access
from ecfhub.learning.models import ActionStep, LearningSettings, ModuleCompletion, Observation
from ecfhub.learning.services import record_meeting, record_observation, set_action_step
from ecfhub.learning.tests.conftest import make_module
from ecfhub.people.models import Mentorship, ParticipantType

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2025, 10, 1, 12, 0)
SECRET = "Pupils at the back drifted during the starter"


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(calendar_2025, hub_admin, facilitator, tutor, other_tutor, school, cohort, ect, mentor, other_mentor):  # type: ignore[no-untyped-def]
    """Erin's coaching with Max (her mentor now) and Fay (her mentor before him)."""
    with time_machine.travel(datetime.datetime(2025, 9, 10, 12, 0), tick=False):
        former = make_participant(
            email="fay@riverside.test", name="Fay Former", school=school, cohort=cohort, kind="mentor", trn="2000009"
        )
        pairing = Mentorship.objects.get(ect=ect)
        pairing.started_on = D(2025, 9, 15)
        pairing.save()
        Mentorship.objects.create(mentor=former, ect=ect, started_on=D(2025, 9, 3), ended_on=D(2025, 9, 15))
        old = record_observation(
            ect=ect,
            mentor=former,
            values={
                "observed_on": D(2025, 9, 10),
                "class_or_year_group": "Year 3",
                "went_well": "Warm welcome.",
                "to_work_on": "Fay's old note",
            },
            actor=former.user,
        )
        old_step = set_action_step(
            ect=ect,
            mentor=former,
            values={"step": "Fay's old step", "success_looks_like": "Calm", "check_back_on": D(2025, 9, 12)},
            observation=old,
            actor=former.user,
        )
    with time_machine.travel(NOW, tick=False):
        observation = record_observation(
            ect=ect,
            mentor=mentor,
            values={
                "observed_on": D(2025, 10, 1),
                "class_or_year_group": "Year 4",
                "went_well": "Routines.",
                "to_work_on": SECRET,
            },
            actor=mentor.user,
        )
        step = set_action_step(
            ect=ect,
            mentor=mentor,
            values={"step": "Scan the room", "success_looks_like": "Everyone on task", "check_back_on": D(2025, 10, 8)},
            observation=observation,
            actor=mentor.user,
        )
    return {
        "ect": ect.user,
        "own_mentor": mentor.user,
        "former_mentor": former.user,
        "another_mentor": other_mentor.user,
        "tutor": tutor,
        "other_tutor": other_tutor,
        "facilitator": facilitator,
        "hub_admin": hub_admin,
        "_observation": observation,
        "_old": old,
        "_old_step": old_step,
        "_step": step,
        "_ect": ect,
        "_school": school,
    }


ROLES = ["ect", "own_mentor", "former_mentor", "another_mentor", "tutor", "other_tutor", "facilitator", "hub_admin"]

# Who may open which page about Erin (200) and who is refused (403 for a page their role never has, 404 otherwise).
# "observation" and "step" are Max's (her mentor now); "old_…" are Fay's, written while she was Erin's mentor
# (the hub's setting lets Max read them).
MATRIX = {
    #                                     ECT  own  former another tutor other facilitator admin
    "timeline": dict(zip(ROLES, [200, 200, 200, 404, 403, 403, 403, 200], strict=True)),
    "observation": dict(zip(ROLES, [200, 200, 404, 404, 403, 403, 403, 200], strict=True)),
    "step": dict(zip(ROLES, [200, 200, 404, 404, 403, 403, 403, 200], strict=True)),
    "old_observation": dict(zip(ROLES, [200, 200, 200, 404, 403, 403, 403, 200], strict=True)),
    "old_step": dict(zip(ROLES, [200, 200, 200, 404, 403, 403, 403, 200], strict=True)),
    "new_observation": dict(zip(ROLES, [403, 200, 404, 404, 403, 403, 403, 403], strict=True)),
    "new_step": dict(zip(ROLES, [403, 200, 404, 404, 403, 403, 403, 403], strict=True)),
    "engagement": dict(zip(ROLES, [403, 403, 403, 403, 200, 404, 403, 200], strict=True)),
}
READERS = {"ect", "own_mentor", "former_mentor", "hub_admin"}


def url_of(page: str, world) -> str:  # type: ignore[no-untyped-def]
    return {
        "timeline": reverse("learning:ect", args=[world["_ect"].pk]),
        "observation": reverse("learning:observation", args=[world["_observation"].pk]),
        "step": reverse("learning:step", args=[world["_step"].pk]),
        "old_observation": reverse("learning:observation", args=[world["_old"].pk]),
        "old_step": reverse("learning:step", args=[world["_old_step"].pk]),
        "new_observation": reverse("learning:observation_new", args=[world["_ect"].pk]),
        "new_step": reverse("learning:step_new", args=[world["_ect"].pk]),
        "engagement": reverse("learning:engagement_school", args=[world["_school"].pk]),
    }[page]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("page", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_erins_coaching_pages_only_as_the_privacy_rules_say(world, page, role) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world[role]).get(url_of(page, world))
    assert response.status_code == MATRIX[page][role]
    if response.status_code == 200 and page != "engagement":
        assert role in READERS


@time_machine.travel(NOW, tick=False)
def test_a_former_mentor_reads_what_they_wrote_while_paired_and_nothing_written_since(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["former_mentor"])
    body = client.get(url_of("timeline", world)).content.decode()
    assert "Fay&#x27;s old note" in body and "Fay&#x27;s old step" in body
    assert SECRET not in body and "Scan the room" not in body  # Max's, written after Fay's pairing ended
    assert "You are no longer Erin Ect's mentor" in body
    assert "Record an observation" not in body and "No meeting or observation was recorded" not in body
    index = client.get(reverse("learning:index")).content.decode()
    assert "ECTs you mentored before" in index and reverse("learning:ect", args=[world["_ect"].pk]) in index


@time_machine.travel(NOW, tick=False)
def test_a_record_naming_the_former_mentor_but_made_after_their_pairing_is_not_theirs_to_read(world) -> None:  # type: ignore[no-untyped-def]
    # Only the current mentor writes through the services; this guards records made any other way (an import).
    late = Observation.objects.create(
        ect=world["_ect"],
        mentor=world["_old"].mentor,
        observed_on=D(2025, 9, 12),
        class_or_year_group="Y3",
        went_well="a",
        to_work_on="Imported later",
    )
    client = client_for(world["former_mentor"])
    assert client.get(reverse("learning:observation", args=[late.pk])).status_code == 404
    assert "Imported later" not in client.get(url_of("timeline", world)).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_former_mentor_cannot_add_to_or_change_the_ects_coaching(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["former_mentor"])
    ect_pk = world["_ect"].pk
    for name in ("learning:observation_new", "learning:meeting_new", "learning:step_new"):
        assert client.post(reverse(name, args=[ect_pk]), {}).status_code == 404
    old_step = url_of("old_step", world)
    for action in ("close", "again", "practised"):
        assert client.post(old_step, {"action": action, "check_back_on": "2025-10-20"}).status_code == 404
    assert client.post(url_of("old_observation", world), {"response": "x"}).status_code == 404
    world["_old_step"].refresh_from_db()
    assert world["_old_step"].status == "open"


@time_machine.travel(NOW, tick=False)
def test_a_former_mentor_does_not_see_steps_a_later_mentor_set_from_their_observation(world) -> None:  # type: ignore[no-untyped-def]
    max_mentor = world["_ect"].current_mentorship().mentor
    set_action_step(
        ect=world["_ect"],
        mentor=max_mentor,
        values={"step": "Max builds on Fay", "success_looks_like": "x", "check_back_on": D(2025, 10, 8)},
        observation=world["_old"],
        actor=max_mentor.user,
    )
    assert "Max builds on Fay" in client_for(world["ect"]).get(url_of("old_observation", world)).content.decode()
    body = client_for(world["former_mentor"]).get(url_of("old_observation", world)).content.decode()
    assert "Fay&#x27;s old step" in body and "Max builds on Fay" not in body


@time_machine.travel(NOW, tick=False)
def test_a_mentor_paired_again_later_reads_their_records_from_both_pairings(world) -> None:  # type: ignore[no-untyped-def]
    # Fay's second pairing with Erin ended on 30 September; Max's record of 1 October stays hidden from her.
    Mentorship.objects.create(
        mentor=world["_old"].mentor, ect=world["_ect"], started_on=D(2025, 9, 20), ended_on=D(2025, 9, 30)
    )
    with time_machine.travel(datetime.datetime(2025, 9, 25, 12, 0), tick=False):
        second = record_observation(
            ect=world["_ect"],
            mentor=world["_old"].mentor,
            values={"observed_on": D(2025, 9, 25), "class_or_year_group": "Y5", "went_well": "a", "to_work_on": "b"},
            actor=world["former_mentor"],
        )
    client = client_for(world["former_mentor"])
    assert client.get(reverse("learning:observation", args=[second.pk])).status_code == 200
    assert client.get(url_of("old_observation", world)).status_code == 200
    assert client.get(url_of("observation", world)).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_tutors_engagement_view_shows_counts_and_dates_never_the_text(world) -> None:  # type: ignore[no-untyped-def]
    body = client_for(world["tutor"]).get(url_of("engagement", world)).content.decode()
    assert "Erin Ect" in body and "Wed 1" in body
    for text in (SECRET, "Routines", "Scan the room", "Everyone on task", "Fay&#x27;s old note"):
        assert text not in body


@time_machine.travel(NOW, tick=False)
def test_the_new_mentor_reads_the_earlier_mentors_observation_when_the_hub_allows_it(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["own_mentor"])
    assert "Fay Former" in client.get(url_of("timeline", world)).content.decode()
    assert client.get(reverse("learning:observation", args=[world["_old"].pk])).status_code == 200
    settings = LearningSettings.load()
    settings.new_mentor_reads_history = False
    settings.save()
    assert "Fay Former" not in client.get(url_of("timeline", world)).content.decode()
    assert client.get(reverse("learning:observation", args=[world["_old"].pk])).status_code == 404
    # Erin always reads her whole history.
    assert client_for(world["ect"]).get(reverse("learning:observation", args=[world["_old"].pk])).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_only_the_ect_responds_and_only_the_current_mentor_closes(world) -> None:  # type: ignore[no-untyped-def]
    observation_url = url_of("observation", world)
    assert client_for(world["hub_admin"]).post(observation_url, {"response": "x"}).status_code == 404
    assert client_for(world["own_mentor"]).post(observation_url, {"response": "x"}).status_code == 404
    response = client_for(world["ect"]).post(observation_url, {"response": "I will try it."})
    assert response.status_code == 302
    step_url = url_of("step", world)
    assert client_for(world["ect"]).post(step_url, {"action": "close"}).status_code == 404
    assert client_for(world["hub_admin"]).post(step_url, {"action": "close"}).status_code == 404
    assert client_for(world["own_mentor"]).post(step_url, {"action": "close"}).status_code == 302


@time_machine.travel(NOW, tick=False)
def test_a_step_form_refuses_another_ects_observation(world, other_ect, other_mentor) -> None:  # type: ignore[no-untyped-def]
    theirs = record_observation(
        ect=other_ect,
        mentor=other_mentor,
        values={"observed_on": D(2025, 10, 1), "class_or_year_group": "9B", "went_well": "a", "to_work_on": "b"},
        actor=other_mentor.user,
    )
    url = reverse("learning:step_new", args=[world["_ect"].pk])
    assert client_for(world["own_mentor"]).get(f"{url}?observation={theirs.pk}").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_the_observation_form_says_what_is_missing_in_words_a_teacher_understands(world) -> None:  # type: ignore[no-untyped-def]
    url = url_of("new_observation", world)
    response = client_for(world["own_mentor"]).post(url, {"observed_on": "2025-10-09", "went_well": "x" * 5000})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body
    assert "The observation date must be today or earlier." in body
    assert "Enter the class or year group" in body
    assert "What went well must be 4,000 characters or fewer." in body


@time_machine.travel(NOW, tick=False)
def test_erins_home_page_lists_her_open_step(world) -> None:  # type: ignore[no-untyped-def]
    body = client_for(world["ect"]).get(reverse("dashboard")).content.decode()
    assert "Your action steps" in body and "Scan the room" in body


@time_machine.travel(NOW, tick=False)
def test_a_participant_marks_a_module_done_and_cannot_open_one_not_yet_released(world) -> None:  # type: ignore[no-untyped-def]
    week_5 = make_module(ParticipantType.ECT, 1, 5)
    week_6 = make_module(ParticipantType.ECT, 1, 6)
    client = client_for(world["ect"])
    assert client.get(reverse("learning:module", args=[week_6.pk])).status_code == 404
    assert client.post(reverse("learning:module", args=[week_5.pk])).status_code == 302
    assert ModuleCompletion.objects.filter(module=week_5, participant=world["_ect"]).exists()
    assert client_for(world["own_mentor"]).get(reverse("learning:module", args=[week_5.pk])).status_code == 404


# --- fixed query counts -------------------------------------------------------------------------


def add_trail(ect, mentor, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        observation = record_observation(
            ect=ect,
            mentor=mentor,
            values={"observed_on": D(2025, 9, 15), "class_or_year_group": f"Y{i}", "went_well": "a", "to_work_on": "b"},
            actor=mentor.user,
        )
        step = set_action_step(
            ect=ect,
            mentor=mentor,
            values={"step": f"s{i}", "success_looks_like": "x", "check_back_on": D(2025, 10, 8)},
            observation=observation,
            actor=mentor.user,
        )
        record_meeting(
            ect=ect,
            mentor=mentor,
            values={"met_on": D(2025, 9, 16), "notes": "n"},
            steps_reviewed=[step],
            actor=mentor.user,
        )


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # once first, so one-off work (the settings rows made on first use) is not counted
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_the_timeline_costs_the_same_queries_for_two_records_or_twenty(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["own_mentor"])
    url = url_of("timeline", world)
    add_trail(world["_ect"], world["_ect"].current_mentorship().mentor, 2)
    small = queries_for(client, url)
    add_trail(world["_ect"], world["_ect"].current_mentorship().mentor, 18)
    assert queries_for(client, url) == small


def fay_writes(world, trails: int) -> None:  # type: ignore[no-untyped-def]
    """Fay's pairing held open for a moment on 16 September (Max's set aside), so the services let her
    write; then that day is her last (`ended_on`, the first day unpaired, is the 17th), with the records inside it."""
    fay, ect = world["_old"].mentor, world["_ect"]
    with time_machine.travel(datetime.datetime(2025, 9, 16, 18, 0), tick=False):
        Mentorship.objects.exclude(mentor=fay).filter(ect=ect).update(ended_on=D(2025, 9, 30))
        Mentorship.objects.filter(mentor=fay).update(ended_on=None)
        add_trail(ect, fay, trails)
    Mentorship.objects.filter(mentor=fay).update(ended_on=D(2025, 9, 17))  # her last day the 16th
    Mentorship.objects.exclude(mentor=fay).filter(ect=ect).update(ended_on=None)
    assert not access.is_current_mentor(world["former_mentor"], ect)


@time_machine.travel(NOW, tick=False)
def test_a_former_mentors_timeline_costs_the_same_queries_for_five_records_or_twenty(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["former_mentor"])
    url = url_of("timeline", world)
    fay_writes(world, 1)
    small = queries_for(client, url)
    fay_writes(world, 5)
    body = client.get(url).content.decode()
    assert body.count("govuk-summary-card__title-wrapper") == 2 + 18 and SECRET not in body
    assert queries_for(client, url) == small


@time_machine.travel(NOW, tick=False)
def test_the_modules_page_costs_the_same_queries_for_five_modules_or_fifty(world) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["ect"])
    for week in range(1, 6):
        make_module(ParticipantType.ECT, 1, week)
    small = queries_for(client, reverse("learning:modules"))
    for week in range(1, 46):
        make_module(ParticipantType.ECT, 1, week, title=f"More {week}", phase="primary" if week % 2 else "")
    assert queries_for(client, reverse("learning:modules")) == small


@time_machine.travel(NOW, tick=False)
def test_the_engagement_page_costs_the_same_queries_for_two_people_or_twenty(world, school, cohort) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world["tutor"])
    url = url_of("engagement", world)
    small = queries_for(client, url)
    for i in range(9):
        new_mentor = make_participant(
            email=f"m{i}@riverside.test",
            name=f"M {i}",
            school=school,
            cohort=cohort,
            kind="mentor",
            trn=f"30000{i:02d}",
        )
        new_ect = make_participant(
            email=f"e{i}@riverside.test", name=f"E {i}", school=school, cohort=cohort, kind="ect", trn=f"40000{i:02d}"
        )
        if i % 3 == 0:  # January and April starters, with a phase: their own weeks, the same queries
            new_ect.schedule_identifier = "ecf-standard-january" if i else "ecf-standard-april"
            new_ect.phase = "secondary"
            new_ect.save()
        Mentorship.objects.create(mentor=new_mentor, ect=new_ect, started_on=D(2025, 9, 3))
        add_trail(new_ect, new_mentor, 1)
    make_module(ParticipantType.ECT, 1, 5, phase="secondary")
    assert queries_for(client, url) == small


@time_machine.travel(NOW, tick=False)
def test_missed_weeks_show_to_the_pair_on_the_timeline(world) -> None:  # type: ignore[no-untyped-def]
    warning = "No meeting or observation was recorded in 2 of this year"
    for role in ("ect", "own_mentor"):
        body = client_for(world[role]).get(url_of("timeline", world)).content.decode()
        assert warning in body and "15 September, 22 September" in body
    assert warning not in client_for(world["hub_admin"]).get(url_of("timeline", world)).content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_long_timeline_shows_the_latest_thirty_and_links_to_the_rest(world) -> None:  # type: ignore[no-untyped-def]
    add_trail(world["_ect"], world["_ect"].current_mentorship().mentor, 12)  # 36 records, plus 4 before
    client = client_for(world["ect"])
    body = client.get(url_of("timeline", world)).content.decode()
    assert body.count("govuk-summary-card__title-wrapper") == 30
    assert "Show the 10 earlier records" in body
    everything = client.get(url_of("timeline", world) + "?all=1").content.decode()
    assert everything.count("govuk-summary-card__title-wrapper") == 40


@time_machine.travel(NOW, tick=False)
def test_the_mentors_learning_page_costs_the_same_queries_for_one_ect_or_four(world, school, cohort) -> None:  # type: ignore[no-untyped-def]
    mentor = world["_ect"].current_mentorship().mentor
    client = client_for(world["own_mentor"])
    url = reverse("learning:index")
    small = queries_for(client, url)
    for i in range(3):
        new_ect = make_participant(
            email=f"n{i}@riverside.test", name=f"N {i}", school=school, cohort=cohort, kind="ect", trn=f"50000{i:02d}"
        )
        Mentorship.objects.create(mentor=mentor, ect=new_ect, started_on=D(2025, 9, 3))
        add_trail(new_ect, mentor, 2)
    body = client.get(url).content.decode()
    assert "N 2" in body and "Missed weeks" in body
    assert queries_for(client, url) == small


@time_machine.travel(NOW, tick=False)
def test_the_engagement_list_counts_who_engaged_this_week_per_school(world, other_ect, other_mentor) -> None:  # type: ignore[no-untyped-def]
    # Erin and Max had an observation on Wednesday 1 October; Fay's pairing ended; Oakfield did nothing.
    body = client_for(world["hub_admin"]).get(reverse("learning:engagement")).content.decode()
    assert "2 of 3" in body and "0 of 2" in body
    tutors = client_for(world["tutor"]).get(reverse("learning:engagement")).content.decode()
    assert "Riverside Primary" in tutors and "Oakfield Academy" not in tutors


@time_machine.travel(NOW, tick=False)
def test_the_engagement_list_costs_the_same_queries_for_two_schools_or_twelve(world) -> None:  # type: ignore[no-untyped-def]
    from ecfhub.people.models import School

    client = client_for(world["hub_admin"])
    small = queries_for(client, reverse("learning:engagement"))
    School.objects.bulk_create(School(urn=f"2000{i:02d}", name=f"School {i}") for i in range(10))
    assert queries_for(client, reverse("learning:engagement")) == small


def _library(hub_admin):  # type: ignore[no-untyped-def]
    from ecfhub.learning.services import add_library_step

    values = {"success_criteria": "Every pupil silent within 5 seconds.", "practice_task": "Rehearse the signal."}
    silence = add_library_step(
        strand_title="Behaviour",
        goal_title="Clear routines",
        values={"title": "Wait for silence before speaking", **values},
        actor=hub_admin,
    )
    add_library_step(
        strand_title="Instruction",
        goal_title="Questioning",
        values={
            "title": "Cold call after think time",
            "success_criteria": "Hands down.",
            "practice_task": "Script it.",
        },
        actor=hub_admin,
    )
    return silence


@time_machine.travel(NOW, tick=False)
def test_the_step_form_shows_the_library_as_strand_goal_and_step_with_success_criteria(world, hub_admin) -> None:  # type: ignore[no-untyped-def]
    _library(hub_admin)
    body = client_for(world["own_mentor"]).get(url_of("new_step", world)).content.decode()
    assert body.index("Behaviour") < body.index("Clear routines") < body.index("Wait for silence before speaking")
    assert "Every pupil silent within 5 seconds." in body and "Cold call after think time" in body


@time_machine.travel(NOW, tick=False)
def test_searching_the_library_by_word_keeps_only_the_steps_with_it(world, hub_admin) -> None:  # type: ignore[no-untyped-def]
    _library(hub_admin)
    body = client_for(world["own_mentor"]).get(url_of("new_step", world) + "?q=SILENT").content.decode()
    assert "Wait for silence before speaking" in body and "Cold call after think time" not in body
    none = client_for(world["own_mentor"]).get(url_of("new_step", world) + "?q=zebra").content.decode()
    assert "No step has “zebra”" in none


@time_machine.travel(NOW, tick=False)
def test_using_a_library_step_fills_the_form_with_its_words_and_sets_it(world, hub_admin) -> None:  # type: ignore[no-untyped-def]
    silence = _library(hub_admin)
    url = url_of("new_step", world) + f"?library={silence.pk}"
    mentor = client_for(world["own_mentor"])
    body = mentor.get(url).content.decode()
    assert "From the library:" in body and 'value="Wait for silence before speaking"' in body
    response = mentor.post(
        url,
        {
            "library_step": silence.pk,
            "step": "Wait for silence before speaking",
            "success_looks_like": "Every pupil silent within 5 seconds.",
            "check_back_on": "2025-10-08",
        },
    )
    assert response.status_code == 302
    assert ActionStep.objects.filter(ect=world["_ect"], library_step=silence).exists()
    assert mentor.get(url_of("new_step", world) + "?library=999999").status_code == 404
