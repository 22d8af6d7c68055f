"""Changing learning records: the module library, completions, and coaching between a mentor and an ECT.

Every function is keyword-only and atomic, refuses with a coded DomainError, and writes its audit
entry in the same transaction. Audit summaries name who and what kind of record, never the
coaching text (that stays between the pair). Who may call which is decided by the views through
access.py; the rules about the records themselves (a step's states, what is released) live here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ecfhub.audit.services import record
from ecfhub.learning.access import released_modules_q
from ecfhub.learning.models import (
    ActionStep,
    DigestChoice,
    Goal,
    LearningSettings,
    LibraryStep,
    Meeting,
    Module,
    ModuleCompletion,
    Observation,
    Strand,
)
from ecfhub.learning.weeks import calendar_for
from ecfhub.lib.concurrency import lock_unchanged
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant, ParticipantType

MODULE_FIELDS = (
    "participant_type",
    "programme_year",
    "week",
    "title",
    "areas",
    "phase",
    "subject",
    "expected_minutes",
    "content",
    "resource_links",
)
OBSERVATION_FIELDS = ("observed_on", "class_or_year_group", "subject", "areas", "went_well", "to_work_on")
STEP_FIELDS = ("step", "success_looks_like", "practice_task", "check_back_on")
MEETING_FIELDS = ("met_on", "notes", "rehearsed")
SETTINGS_FIELDS = (
    "year_1_meeting_every_weeks",
    "year_2_meeting_every_weeks",
    "new_mentor_reads_history",
    "count_learning_in_engagement",
)


def _check_module(module: Module) -> None:
    if module.participant_type == ParticipantType.MENTOR and module.programme_year != 1:
        raise DomainError("mentor_year", "Mentors' training lasts one year: put their modules in year 1.")


# --- the module library (hub admins) -------------------------------------------------------------


@transaction.atomic
def create_module(*, values: dict[str, Any], actor: Any) -> Module:
    """Add a module to the library. Guarantees: the module and its audit entry are saved together."""
    module = Module(**{name: values[name] for name in MODULE_FIELDS if name in values})
    _check_module(module)
    module.save()
    record(actor=actor, action="module.created", summary=f"Added the module “{module.title}”", target=module)
    return module


@transaction.atomic
def change_module(
    *, module: Module, changes: dict[str, Any], actor: Any, expected_version: str | None = None
) -> Module:
    """Change a module. Guarantees, with the row locked: refused (`edit_conflict`) when someone saved
    it since `expected_version`; one audit entry naming the fields that changed, none when none did."""
    unknown = set(changes) - set(MODULE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    locked = lock_unchanged(Module, module.pk, expected_version, what="module")
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, changes[name])
    _check_module(locked)
    locked.save()
    record(
        actor=actor,
        action="module.changed",
        summary=f"Changed the module “{locked.title}”",
        target=locked,
        details={"changed": changed},
    )
    return locked


# --- working through modules (participants) ------------------------------------------------------


@transaction.atomic
def mark_module_done(*, participant: Participant, module: Module, actor: Any) -> ModuleCompletion:
    """Record that `participant` has done `module`.

    Guarantees: only a module released to them (`not_released` otherwise); done once — a second
    call, or two at once, returns the first completion unchanged."""
    today = timezone.localdate()
    released = Module.objects.filter(
        released_modules_q(calendar_for([participant]), participant, today), pk=module.pk
    ).exists()
    if not released:
        raise DomainError("not_released", "This module is not open to you yet.")
    existing = ModuleCompletion.objects.filter(participant=participant, module=module).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            completion = ModuleCompletion.objects.create(
                participant=participant, module=module, completed_at=timezone.now()
            )
    except IntegrityError:
        return ModuleCompletion.objects.get(participant=participant, module=module)
    record(
        actor=actor,
        action="module.done",
        summary=f"{participant.user.full_name} marked “{module.title}” done",
        target=participant,
    )
    return completion


# --- the action-step library (hub admins) -------------------------------------------------------


@transaction.atomic
def add_library_step(*, strand_title: str, goal_title: str, values: dict[str, Any], actor: Any) -> LibraryStep:
    """Add a step to the library under its strand and goal (each made when new).

    Guarantees: strand, goal, step and audit entry are saved together."""
    strand, _ = Strand.objects.get_or_create(title=strand_title.strip())
    goal, _ = Goal.objects.get_or_create(strand=strand, title=goal_title.strip())
    step = LibraryStep.objects.create(
        goal=goal,
        title=values["title"],
        success_criteria=values["success_criteria"],
        practice_task=values["practice_task"],
        areas=values.get("areas", []),
    )
    record(actor=actor, action="library_step.created", summary=f"Added the action step “{step.title}”", target=step)
    return step


# --- coaching (the current mentor writes, the ECT answers) ----------------------------------------


def _check_pair(ect: Participant, mentor: Participant) -> None:
    if ect.participant_type != ParticipantType.ECT or mentor.participant_type != ParticipantType.MENTOR:
        raise DomainError("not_a_pair", "Coaching records are between a mentor and an ECT.")


def _check_not_future(day: datetime.date, what: str) -> None:
    if day > timezone.localdate():
        raise DomainError("future_date", f"The {what} cannot be in the future.")


@transaction.atomic
def record_observation(*, ect: Participant, mentor: Participant, values: dict[str, Any], actor: Any) -> Observation:
    """Record a lesson observation. Guarantees: a past or today's date; saved with its audit entry."""
    _check_pair(ect, mentor)
    _check_not_future(values["observed_on"], "observation date")
    observation = Observation.objects.create(
        ect=ect, mentor=mentor, **{name: values.get(name, "") for name in OBSERVATION_FIELDS}
    )
    record(
        actor=actor,
        action="observation.recorded",
        summary=f"{mentor.user.full_name} recorded an observation of {ect.user.full_name}",
        target=observation,
        people=[ect.user_id, mentor.user_id],
    )
    return observation


@transaction.atomic
def respond_to_observation(*, observation: Observation, response: str, actor: Any) -> Observation:
    """The ECT's response to an observation. Guarantees: with the row locked, a later response
    replaces the earlier one only as the ECT's own words (the mentor's text is never changed)."""
    locked = Observation.objects.select_for_update().get(pk=observation.pk)
    locked.response = response
    locked.responded_at = timezone.now()
    locked.save(update_fields=["response", "responded_at"])
    record(
        actor=actor,
        action="observation.responded",
        summary="Responded to an observation",
        target=locked,
        people=[locked.mentor.user_id],
    )
    return locked


@transaction.atomic
def set_action_step(
    *,
    ect: Participant,
    mentor: Participant,
    values: dict[str, Any],
    actor: Any,
    observation: Observation | None = None,
    meeting: Meeting | None = None,
    library_step: LibraryStep | None = None,
) -> ActionStep:
    """Set an action step, from an observation or a meeting of this ECT (or on its own).

    Guarantees: the observation or meeting belongs to the same ECT (`wrong_ect` otherwise); the
    check-back date is not in the past; saved with its audit entry."""
    _check_pair(ect, mentor)
    for source in (observation, meeting):
        if source is not None and source.ect_id != ect.pk:
            raise DomainError("wrong_ect", "That observation or meeting is about someone else.")
    if values["check_back_on"] < timezone.localdate():
        raise DomainError("past_check_back", "The check-back date must be today or later.")
    step = ActionStep.objects.create(
        ect=ect,
        mentor=mentor,
        observation=observation,
        meeting=meeting,
        library_step=library_step,
        set_on=timezone.localdate(),
        **{name: values.get(name, "") for name in STEP_FIELDS},
    )
    record(
        actor=actor,
        action="step.set",
        summary=f"{mentor.user.full_name} set an action step for {ect.user.full_name}",
        target=step,
        people=[ect.user_id, mentor.user_id],
    )
    return step


@transaction.atomic
def mark_practised(*, step: ActionStep, reflection: str, actor: Any) -> ActionStep:
    """The ECT says they have practised a step. Guarantees, with the row locked: only a step still
    to practise (`not_open`); the reflection is required (`no_reflection`)."""
    locked = ActionStep.objects.select_for_update().get(pk=step.pk)
    if locked.status != ActionStep.Status.OPEN:
        raise DomainError("not_open", "This step has already been marked practised or closed.")
    if not reflection.strip():
        raise DomainError("no_reflection", "Write a sentence or two on how it went.")
    locked.status = ActionStep.Status.PRACTISED
    locked.reflection = reflection
    locked.practised_at = timezone.now()
    locked.save(update_fields=["status", "reflection", "practised_at"])
    record(actor=actor, action="step.practised", summary="Marked an action step practised", target=locked)
    return locked


@transaction.atomic
def close_step(*, step: ActionStep, actor: Any) -> ActionStep:
    """The mentor closes a step (achieved, or no longer needed). Guarantees, with the row locked:
    only an open or practised step (`already_closed`)."""
    locked = ActionStep.objects.select_for_update().get(pk=step.pk)
    if not locked.is_open:
        raise DomainError("already_closed", "This step is already closed.")
    locked.status = ActionStep.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    record(actor=actor, action="step.closed", summary="Closed an action step", target=locked)
    return locked


@transaction.atomic
def set_step_again(*, step: ActionStep, mentor: Participant, check_back_on: datetime.date, actor: Any) -> ActionStep:
    """The mentor sets a step again. Guarantees, with the row locked: the old step is kept as it was
    (status `set_again`) and a new open step with the same words points back at it; only an open or
    practised step (`already_closed`); the new check-back date is today or later."""
    locked = ActionStep.objects.select_for_update().get(pk=step.pk)
    if not locked.is_open:
        raise DomainError("already_closed", "This step is already closed.")
    if check_back_on < timezone.localdate():
        raise DomainError("past_check_back", "The check-back date must be today or later.")
    locked.status = ActionStep.Status.SET_AGAIN
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.save(update_fields=["status", "closed_at", "closed_by"])
    again = ActionStep.objects.create(
        ect_id=locked.ect_id,
        mentor=mentor,
        step=locked.step,
        success_looks_like=locked.success_looks_like,
        practice_task=locked.practice_task,
        check_back_on=check_back_on,
        set_on=timezone.localdate(),
        library_step_id=locked.library_step_id,
        previous=locked,
    )
    record(actor=actor, action="step.set_again", summary="Set an action step again", target=again)
    return again


@transaction.atomic
def record_meeting(
    *,
    ect: Participant,
    mentor: Participant,
    values: dict[str, Any],
    steps_reviewed: Iterable[ActionStep] = (),
    steps_closed: Iterable[ActionStep] = (),
    actor: Any,
) -> Meeting:
    """Record a mentor meeting. Guarantees: a past or today's date; the steps reviewed are this
    ECT's (`wrong_ect`); a step closed at the meeting is one it reviewed (`not_reviewed`) and is
    closed as `close_step` closes it, in the same transaction; saved with its audit entry."""
    _check_pair(ect, mentor)
    _check_not_future(values["met_on"], "meeting date")
    reviewed = list(steps_reviewed)
    closing = list(steps_closed)
    if any(step.ect_id != ect.pk for step in reviewed):
        raise DomainError("wrong_ect", "Those steps are someone else's.")
    if any(step.pk not in {r.pk for r in reviewed} for step in closing):
        raise DomainError("not_reviewed", "Tick a step under “Steps looked at” to close it at this meeting.")
    meeting = Meeting.objects.create(ect=ect, mentor=mentor, **{name: values.get(name, "") for name in MEETING_FIELDS})
    meeting.steps_reviewed.set(reviewed)
    for step in closing:
        close_step(step=step, actor=actor)
    record(
        actor=actor,
        action="meeting.recorded",
        summary=f"{mentor.user.full_name} recorded a meeting with {ect.user.full_name}",
        target=meeting,
        people=[ect.user_id, mentor.user_id],
    )
    return meeting


# --- settings and choices -----------------------------------------------------------------------


@transaction.atomic
def change_learning_settings(
    *, changes: dict[str, Any], actor: Any, expected_version: str | None = None
) -> LearningSettings:
    """Change the hub's coaching settings. Guarantees: as change_module (version-checked, audited)."""
    LearningSettings.load()
    locked = lock_unchanged(LearningSettings, 1, expected_version, what="learning settings")
    changed = [name for name in SETTINGS_FIELDS if name in changes and getattr(locked, name) != changes[name]]
    for name in changed:
        setattr(locked, name, changes[name])
    if changed:
        locked.save()
        record(
            actor=actor,
            action="learning_settings.changed",
            summary="Changed the learning settings",
            target=locked,
            details={"changed": changed},
        )
    return locked


@transaction.atomic
def set_digest_choice(*, user: Any, weekly_digest: bool) -> DigestChoice:
    """Turn the person's weekly learning e-mail on or off. Guarantees: one row per person."""
    choice, _ = DigestChoice.objects.select_for_update().get_or_create(user=user)
    if choice.weekly_digest != weekly_digest:
        choice.weekly_digest = weekly_digest
        choice.save()
        record(
            actor=user,
            action="digest.changed",
            summary=f"Turned the weekly learning e-mail {'on' if weekly_digest else 'off'}",
            target=user,
        )
    return choice
