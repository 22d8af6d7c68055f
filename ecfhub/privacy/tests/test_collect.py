"""Whose records and whose words: a former mentor's export and erasure reach only what they wrote."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.apps import apps
from django.db import models

from ecfhub.conftest import make_participant
from ecfhub.learning.models import ActionStep, Meeting, Observation
from ecfhub.learning.services import (
    mark_practised,
    record_meeting,
    record_observation,
    set_action_step,
    set_step_again,
)
from ecfhub.onboarding.services.participants import change_mentor
from ecfhub.people.models import Participant, User
from ecfhub.privacy.collect import COPIES, NOT_ABOUT_PARTICIPANTS, RECORDS, SECRET_FIELDS, collect
from ecfhub.privacy.services import anonymise_participant, export_json

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2025, 11, 10, 12, 0)


@pytest.fixture
def handover(ect, mentor, school, cohort):  # type: ignore[no-untyped-def]
    """Max coached Erin until November; Mo took over, set Max's step again and wrote his own."""
    with time_machine.travel(DAY, tick=False):
        observation = record_observation(
            ect=ect,
            mentor=mentor,
            values={
                "observed_on": datetime.date(2025, 10, 1),
                "class_or_year_group": "Year 4",
                "went_well": "Max saw calm routines",
                "to_work_on": "Max asks for silence first",
            },
            actor=mentor.user,
        )
        observation.response = "Erin answers Max"
        observation.save(update_fields=["response"])
        max_step = set_action_step(
            ect=ect,
            mentor=mentor,
            values={
                "step": "Max step wait three seconds",
                "success_looks_like": "Max success all eyes",
                "check_back_on": datetime.date(2025, 11, 20),
            },
            observation=observation,
            actor=mentor.user,
        )
        mark_practised(step=max_step, reflection="Erin reflects on Max step", actor=ect.user)
        mo = make_participant(
            email="mo@riverside.test", name="Mo Mentorson", school=school, cohort=cohort, kind="mentor", trn="2000009"
        )
        change_mentor(ect=ect, mentor=mo, on=datetime.date(2025, 11, 10), actor=mo.user)
        again = set_step_again(step=max_step, mentor=mo, check_back_on=datetime.date(2025, 12, 1), actor=mo.user)
        meeting = record_meeting(
            ect=ect,
            mentor=mo,
            values={
                "met_on": datetime.date(2025, 11, 10),
                "notes": "Mo notes the meeting",
                "rehearsed": "Mo rehearsed",
            },
            steps_reviewed=[max_step],
            actor=mo.user,
        )
        mo_step = set_action_step(
            ect=ect,
            mentor=mo,
            values={
                "step": "Mo step narrate the positive",
                "success_looks_like": "Mo success",
                "check_back_on": datetime.date(2025, 12, 1),
            },
            meeting=meeting,
            actor=mo.user,
        )
    Participant.objects.filter(pk=mentor.pk).update(
        status=Participant.Status.COMPLETED, status_changed_on=datetime.date(2025, 12, 1)
    )
    return {"observation": observation, "max_step": max_step, "again": again, "meeting": meeting, "mo_step": mo_step}


def test_a_former_mentors_export_holds_none_of_the_next_mentors_words(mentor, handover) -> None:  # type: ignore[no-untyped-def]
    text = export_json(user=mentor.user, actor=mentor.user)
    assert "Max step wait three seconds" in text and "Max saw calm routines" in text
    for theirs in ("Mo notes the meeting", "Mo rehearsed", "Mo step narrate the positive", "Mo success"):
        assert theirs not in text
    # Erin's own words on Max's records are hers, not his.
    assert "Erin reflects on Max step" not in text and "Erin answers Max" not in text
    data = json.loads(text)
    steps = data["your_words_in_others_records"]["learning.actionstep"]
    assert [s["id"] for s in steps] == [handover["max_step"].pk]  # not the step Mo set again


def test_the_ects_export_holds_every_mentors_words_about_her(ect, handover) -> None:  # type: ignore[no-untyped-def]
    text = export_json(user=ect.user, actor=ect.user)
    for words in (
        "Max step wait three seconds",
        "Mo notes the meeting",
        "Mo step narrate the positive",
        "Erin reflects",
    ):
        assert words in text


def test_erasing_a_former_mentor_never_blanks_the_next_mentors_text(mentor, handover, hub_admin) -> None:  # type: ignore[no-untyped-def]
    anonymise_participant(participant=Participant.objects.get(pk=mentor.pk), actor=hub_admin)
    max_step = ActionStep.objects.get(pk=handover["max_step"].pk)
    assert (max_step.step, max_step.success_looks_like) == ("", "")
    assert max_step.reflection == "Erin reflects on Max step"  # Erin's words stay
    observation = Observation.objects.get(pk=handover["observation"].pk)
    assert (observation.went_well, observation.response) == ("", "Erin answers Max")
    again = ActionStep.objects.get(pk=handover["again"].pk)
    assert again.step == "Max step wait three seconds"  # Mo's step now, in words Mo chose to keep
    meeting = Meeting.objects.get(pk=handover["meeting"].pk)
    assert (meeting.notes, meeting.rehearsed) == ("Mo notes the meeting", "Mo rehearsed")
    assert ActionStep.objects.get(pk=handover["mo_step"].pk).step == "Mo step narrate the positive"


def _points_at_people(model: type[models.Model], people: set[type[models.Model]]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model in people and f.name != "previous"
    ]


def test_every_model_that_points_at_a_person_is_declared() -> None:
    """A model added later that points at an account or a participant (or at a record that does)
    must say in collect.RECORDS whom it is about, or why it is not about participants."""
    people: set[type[models.Model]] = {User, Participant}
    declared = set(RECORDS) | set(NOT_ABOUT_PARTICIPANTS) | set(COPIES)
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model not in people and model._meta.label_lower in RECORDS and _points_at_people(model, people):
                people.add(model)
                changed = True
    missing = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model in (User,) or not _points_at_people(model, people):
            continue
        if label not in declared:
            missing.append(label)
            continue
        if label in RECORDS:
            parts = RECORDS[label]
            named = {path.split("__")[0] for path in (*parts.subject, *parts.wrote, *parts.named, *parts.actors)}
            missing += [
                f"{label}.{name}" for name in _points_at_people(model, {User, Participant}) if name not in named
            ]
    assert not missing, f"Declare in privacy/collect.py RECORDS whom these are about: {missing}"


def test_every_text_field_of_a_persons_record_is_decided() -> None:
    """Each text, e-mail and JSON field of a person's record is either free text (emptied on erasure)
    or said to be plain (a code, a choice); a new field cannot slip past the erasure unseen."""
    undecided = []
    for label, parts in RECORDS.items():
        model = apps.get_model(label)
        decided = {*parts.text, *parts.plain, *parts.named.values(), *SECRET_FIELDS}
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and f.name not in decided:
                undecided.append(f"{label}.{f.name}")
        for fields in parts.wrote.values():
            assert set(fields) <= set(parts.text), label
    assert not undecided, f"Say in privacy/collect.py RECORDS whether each is free text or plain: {undecided}"


def test_collect_finds_the_next_mentors_records_for_the_ect_only(ect, mentor, handover) -> None:  # type: ignore[no-untyped-def]
    held = collect(mentor.user)
    assert handover["again"].pk not in held.owned.get("learning.actionstep", {})
    assert handover["again"].pk not in held.written.get("learning.actionstep", {})
    assert "learning.meeting" not in held.linked
    assert handover["again"].pk in collect(ect.user).owned["learning.actionstep"]


def test_the_models_own_free_text_lists_agree_with_the_table() -> None:
    """Some models still name their short free text (FREE_TEXT_FIELDS, from before the table): each such
    field must be free text in RECORDS, which is what the erasure reads."""
    disagreeing = [
        f"{model._meta.label_lower}.{name}"
        for model in apps.get_models()
        for name in getattr(model, "FREE_TEXT_FIELDS", ())
        if name not in RECORDS[model._meta.label_lower].text
    ]
    assert not disagreeing, f"Add these to `text` in privacy/collect.py RECORDS: {disagreeing}"
