"""Coaching services: observations, action-step states and overdue, meetings, and missed weeks."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.learning.models import ActionStep, LearningSettings
from ecfhub.learning.queries import missed_weeks
from ecfhub.learning.services import (
    close_step,
    mark_practised,
    record_meeting,
    record_observation,
    respond_to_observation,
    set_action_step,
    set_step_again,
)
from ecfhub.lib.errors import DomainError

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2025, 10, 1, 12, 0)


OCTOBER_1 = D(2025, 10, 1)


def observe(ect, mentor, day=OCTOBER_1):  # type: ignore[no-untyped-def]
    return record_observation(
        ect=ect,
        mentor=mentor,
        values={
            "observed_on": day,
            "class_or_year_group": "Year 4",
            "subject": "Maths",
            "areas": ["managing-behaviour"],
            "went_well": "Clear routines at the door.",
            "to_work_on": "Wait for silence before instructions.",
        },
        actor=mentor.user,
    )


def step_for(ect, mentor, **extra):  # type: ignore[no-untyped-def]
    values = {"step": "Wait for silence", "success_looks_like": "All eyes on you", "check_back_on": D(2025, 10, 8)}
    return set_action_step(ect=ect, mentor=mentor, values=values, actor=mentor.user, **extra)


@time_machine.travel(NOW, tick=False)
def test_a_step_goes_from_open_to_practised_to_closed(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    step = step_for(ect, mentor, observation=observe(ect, mentor))
    assert step.status == ActionStep.Status.OPEN
    step = mark_practised(step=step, reflection="Tried it in period 2.", actor=ect.user)
    assert step.status == ActionStep.Status.PRACTISED and step.practised_at is not None
    step = close_step(step=step, actor=mentor.user)
    assert step.status == ActionStep.Status.CLOSED and step.closed_by == mentor.user


@time_machine.travel(NOW, tick=False)
def test_setting_a_step_again_keeps_the_old_one_and_opens_a_new_one(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    step = mark_practised(step=step_for(ect, mentor), reflection="Half worked.", actor=ect.user)
    again = set_step_again(step=step, mentor=mentor, check_back_on=D(2025, 10, 15), actor=mentor.user)
    step.refresh_from_db()
    assert step.status == ActionStep.Status.SET_AGAIN and step.reflection == "Half worked."
    assert again.status == ActionStep.Status.OPEN and again.previous == step and again.step == step.step
    assert again.check_back_on == D(2025, 10, 15)


@time_machine.travel(NOW, tick=False)
def test_a_closed_step_cannot_be_practised_closed_or_set_again(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    step = close_step(step=step_for(ect, mentor), actor=mentor.user)
    for attempt, code in (
        (lambda: mark_practised(step=step, reflection="x", actor=ect.user), "not_open"),
        (lambda: close_step(step=step, actor=mentor.user), "already_closed"),
        (
            lambda: set_step_again(step=step, mentor=mentor, check_back_on=D(2025, 10, 9), actor=mentor.user),
            "already_closed",
        ),
    ):
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.code == code


@time_machine.travel(NOW, tick=False)
def test_practised_needs_a_reflection(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as error:
        mark_practised(step=step_for(ect, mentor), reflection="   ", actor=ect.user)
    assert error.value.code == "no_reflection"


def test_a_step_is_overdue_only_while_open_after_its_check_back_date(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        step = step_for(ect, mentor)
    assert not step.is_overdue(D(2025, 10, 8))
    assert step.is_overdue(D(2025, 10, 9))
    with time_machine.travel(NOW, tick=False):
        step = mark_practised(step=step, reflection="Done.", actor=ect.user)
    assert not step.is_overdue(D(2025, 10, 9))


@time_machine.travel(NOW, tick=False)
def test_a_step_cannot_come_from_another_ects_observation(ect, mentor, other_ect, other_mentor) -> None:  # type: ignore[no-untyped-def]
    theirs = observe(other_ect, other_mentor)
    with pytest.raises(DomainError) as error:
        step_for(ect, mentor, observation=theirs)
    assert error.value.code == "wrong_ect"


@time_machine.travel(NOW, tick=False)
def test_observations_and_meetings_cannot_be_dated_in_the_future(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as error:
        observe(ect, mentor, day=D(2025, 10, 2))
    assert error.value.code == "future_date"
    with pytest.raises(DomainError):
        record_meeting(ect=ect, mentor=mentor, values={"met_on": D(2025, 10, 2), "notes": "x"}, actor=mentor.user)


@time_machine.travel(NOW, tick=False)
def test_the_ects_response_leaves_the_mentors_words_alone(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    observation = respond_to_observation(observation=observe(ect, mentor), response="Thanks.", actor=ect.user)
    assert observation.response == "Thanks." and observation.responded_at is not None
    assert observation.went_well == "Clear routines at the door."


@time_machine.travel(NOW, tick=False)
def test_a_meeting_reviews_only_this_ects_steps(ect, mentor, other_ect, other_mentor) -> None:  # type: ignore[no-untyped-def]
    mine = step_for(ect, mentor)
    meeting = record_meeting(
        ect=ect,
        mentor=mentor,
        values={"met_on": D(2025, 10, 1), "notes": "Looked at silence."},
        steps_reviewed=[mine],
        actor=mentor.user,
    )
    assert list(meeting.steps_reviewed.all()) == [mine]
    theirs = step_for(other_ect, other_mentor)
    with pytest.raises(DomainError):
        record_meeting(
            ect=ect,
            mentor=mentor,
            values={"met_on": D(2025, 10, 1), "notes": "x"},
            steps_reviewed=[theirs],
            actor=mentor.user,
        )


def test_in_year_one_each_teaching_week_without_a_meeting_shows_as_missed(calendar_2025, ect, mentor) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2025, 9, 10, 12, 0), tick=False):
        observe(ect, mentor, day=D(2025, 9, 10))  # week 2
    # On 1 October (week 5): weeks 1, 3 and 4 had nothing; week 5 is not judged yet.
    assert missed_weeks(ect, today=D(2025, 10, 1)) == [D(2025, 9, 1), D(2025, 9, 15), D(2025, 9, 22)]


def test_the_half_term_holiday_is_never_a_missed_week(calendar_2025, ect, mentor) -> None:  # type: ignore[no-untyped-def]
    for wednesday in [D(2025, 9, 3) + datetime.timedelta(weeks=n) for n in range(8)]:
        with time_machine.travel(datetime.datetime.combine(wednesday, datetime.time(12)), tick=False):
            observe(ect, mentor, day=wednesday)
    assert missed_weeks(ect, today=D(2025, 11, 4)) == []


def test_in_year_two_the_cadence_is_fortnightly(calendar_2025, ect, mentor) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime.datetime(2026, 9, 9, 12, 0), tick=False):
        observe(ect, mentor, day=D(2026, 9, 9))  # week 2 of year 2: the first fortnight is met
    assert missed_weeks(ect, today=D(2026, 9, 30)) == [D(2026, 9, 14)]


def test_the_cadence_follows_the_hubs_setting(calendar_2025, ect, mentor) -> None:  # type: ignore[no-untyped-def]
    settings = LearningSettings.load()
    settings.year_1_meeting_every_weeks = 2
    settings.save()
    with time_machine.travel(datetime.datetime(2025, 9, 10, 12, 0), tick=False):
        observe(ect, mentor, day=D(2025, 9, 10))
    assert missed_weeks(ect, today=D(2025, 10, 1)) == [D(2025, 9, 15)]


def test_a_new_mentor_is_not_blamed_for_weeks_before_the_pairing(calendar_2025, ect, mentor) -> None:  # type: ignore[no-untyped-def]
    pairing = ect.current_mentorship(D(2025, 9, 3))
    pairing.started_on = D(2025, 9, 24)
    pairing.save()
    assert missed_weeks(ect, today=D(2025, 10, 1)) == [D(2025, 9, 22)]


def test_a_january_starters_missed_weeks_count_from_their_own_first_week(calendar_2025, ect, mentor) -> None:  # type: ignore[no-untyped-def]
    ect.induction_start_date = D(2026, 1, 6)
    ect.schedule_identifier = "ecf-standard-january"
    ect.save()
    pairing = ect.current_mentorship(D(2025, 9, 3))
    pairing.started_on = D(2025, 11, 3)  # paired before they start: the autumn is not theirs to miss
    pairing.save()
    assert missed_weeks(ect, today=D(2025, 12, 17)) == []
    with time_machine.travel(datetime.datetime(2026, 1, 14, 12, 0), tick=False):
        observe(ect, mentor, day=D(2026, 1, 14))  # their week 2
    assert missed_weeks(ect, today=D(2026, 1, 28)) == [D(2026, 1, 5), D(2026, 1, 19)]


@time_machine.travel(NOW, tick=False)
def test_the_audit_log_says_who_recorded_what_kind_of_record_never_its_words(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    from ecfhub.audit.models import AuditEntry

    step = step_for(ect, mentor, observation=observe(ect, mentor))
    mark_practised(step=step, reflection="Tried it in period 2.", actor=ect.user)
    entries = list(AuditEntry.objects.values_list("action", "summary", "details"))
    assert {"observation.recorded", "step.set", "step.practised"} <= {a for a, _s, _d in entries}
    written = " ".join(f"{s} {d}" for _a, s, d in entries)
    for words in ("Clear routines", "Wait for silence", "All eyes", "period 2"):
        assert words not in written


@time_machine.travel(NOW, tick=False)
def test_a_meeting_closes_the_step_it_reviewed(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    step = step_for(ect, mentor)
    record_meeting(
        ect=ect,
        mentor=mentor,
        values={"met_on": D(2025, 10, 1), "notes": "Silence every time now."},
        steps_reviewed=[step],
        steps_closed=[step],
        actor=mentor.user,
    )
    step.refresh_from_db()
    assert step.status == ActionStep.Status.CLOSED and step.closed_by == mentor.user


@time_machine.travel(NOW, tick=False)
def test_a_meeting_cannot_close_a_step_it_did_not_review(ect, mentor) -> None:  # type: ignore[no-untyped-def]
    step = step_for(ect, mentor)
    with pytest.raises(DomainError) as error:
        record_meeting(
            ect=ect,
            mentor=mentor,
            values={"met_on": D(2025, 10, 1), "notes": "x"},
            steps_closed=[step],
            actor=mentor.user,
        )
    assert error.value.code == "not_reviewed"
    step.refresh_from_db()
    assert step.status == ActionStep.Status.OPEN


def test_the_observation_form_offers_the_last_school_day_not_a_sunday(calendar_2025) -> None:  # type: ignore[no-untyped-def]
    from ecfhub.learning.forms import ObservationForm

    with time_machine.travel(datetime.datetime(2025, 10, 5, 12, 0), tick=False):  # a Sunday
        assert ObservationForm().fields["observed_on"].initial == D(2025, 10, 3)  # the Friday
    with time_machine.travel(datetime.datetime(2025, 11, 2, 12, 0), tick=False):  # Sunday after half term
        assert ObservationForm().fields["observed_on"].initial == D(2025, 10, 24)  # the Friday before the break
