"""Dates for one person part way through: a deferral releases their future dates, resuming re-places them with notice."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.services import change_status
from ecfhub.people.models import Participant, TrainingStatusChange
from ecfhub.scheduling.models import Assignment
from ecfhub.scheduling.services import commit_schedule, plan_schedule
from ecfhub.scheduling.services.joining import place_person
from ecfhub.scheduling.tests.conftest import AS_OF

pytestmark = pytest.mark.django_db


def dates(participant: Participant) -> dict[str, datetime.date]:
    return {
        a.event.title: a.session.date
        for a in Assignment.objects.filter(participant=participant, status=Assignment.Status.ASSIGNED).select_related(
            "event", "session"
        )
    }


def at(day: datetime.date):  # type: ignore[no-untyped-def]
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9, 0)), tick=False)


@pytest.fixture
def scheduled(sessions, ect, other_ect, hub_admin):  # type: ignore[no-untyped-def]
    with at(AS_OF):
        commit_schedule(plan=plan_schedule(as_of=AS_OF), actor=hub_admin)
    assert len(dates(ect)) == 2
    return sessions


def test_a_deferral_releases_future_dates_and_resuming_re_places_them_with_notice(scheduled, ect, tutor):
    with at(datetime.date(2025, 9, 8)):
        change_status(
            participant=ect, status="deferred", on=datetime.date(2025, 9, 8), reason="parental-leave", actor=tutor
        )
    assert dates(ect) == {}
    OutboundMessage.objects.all().delete()
    with at(datetime.date(2025, 9, 10)):
        change_status(participant=ect, status="active", on=datetime.date(2025, 9, 10), reason="", actor=tutor)
    assert set(dates(ect)) == {"Routines that work", "Checking for understanding"}
    # Both dates are at least the hub's 30 school days ahead of the day they resumed.
    assert min(dates(ect).values()) >= datetime.date(2025, 10, 23)
    notice = OutboundMessage.objects.get(kind="new_dates", to=ect.user.email)
    assert "Routines that work" in notice.body_text
    entry = AuditEntry.objects.get(action="participant.active")
    assert entry.details["placed"] == 2


def test_resuming_too_late_for_an_event_gives_only_the_events_with_notice(scheduled, ect, tutor):
    with at(datetime.date(2025, 9, 8)):
        change_status(
            participant=ect, status="deferred", on=datetime.date(2025, 9, 8), reason="bereavement", actor=tutor
        )
    # 20 October: the November clinic is less than 30 school days away, January's is not.
    with at(datetime.date(2025, 10, 20)):
        change_status(participant=ect, status="active", on=datetime.date(2025, 10, 20), reason="", actor=tutor)
    assert set(dates(ect)) == {"Checking for understanding"}


def test_the_status_history_keeps_every_change_with_dfe_reasons(scheduled, ect, tutor):
    with at(datetime.date(2025, 9, 8)):
        change_status(
            participant=ect, status="deferred", on=datetime.date(2025, 9, 8), reason="career-break", actor=tutor
        )
        change_status(participant=ect, status="active", on=datetime.date(2025, 9, 8), reason="", actor=tutor)
        change_status(
            participant=ect,
            status="withdrawn",
            on=datetime.date(2025, 9, 8),
            reason="changed-lead-provider",
            actor=tutor,
        )
    history = list(
        TrainingStatusChange.objects.filter(participant=ect).values_list("from_status", "to_status", "reason")
    )
    assert history == [
        ("active", "deferred", "career-break"),
        ("deferred", "active", ""),
        ("active", "withdrawn", "changed-lead-provider"),
    ]
    assert TrainingStatusChange.objects.filter(participant=ect).last().reason_label == "Changed lead provider"


@pytest.mark.parametrize("reason", Participant.DeferralReason.values)
def test_every_dfe_deferral_reason_is_accepted(ect, tutor, reason):
    change_status(participant=ect, status="deferred", on=datetime.date(2025, 9, 8), reason=reason, actor=tutor)
    ect.refresh_from_db()
    assert (ect.status, ect.status_reason) == ("deferred", reason)


@pytest.mark.parametrize("reason", Participant.WithdrawalReason.values)
def test_every_dfe_withdrawal_reason_is_accepted(ect, tutor, reason):
    change_status(participant=ect, status="withdrawn", on=datetime.date(2025, 9, 8), reason=reason, actor=tutor)
    ect.refresh_from_db()
    assert (ect.status, ect.status_reason) == ("withdrawn", reason)


def test_a_deferral_reason_is_not_a_withdrawal_reason(ect, tutor):
    with pytest.raises(DomainError):
        change_status(
            participant=ect, status="withdrawn", on=datetime.date(2025, 9, 8), reason="bereavement", actor=tutor
        )


def test_placing_one_person_never_moves_anyone_else(scheduled, ect, other_ect, hub_admin):
    before = dates(other_ect)
    held = set(Assignment.objects.filter(participant=other_ect).values_list("pk", flat=True))
    with at(AS_OF):
        result = place_person(participant=ect, actor=hub_admin, reason="test")
    assert result.assignments == []  # they hold every date already
    assert dates(other_ect) == before
    assert set(Assignment.objects.filter(participant=other_ect).values_list("pk", flat=True)) == held


def test_a_person_not_taking_part_is_not_placed(sessions, ect, hub_admin):
    Participant.objects.filter(pk=ect.pk).update(status="deferred", status_reason="other")
    with at(AS_OF):
        assert place_person(participant=ect, actor=hub_admin, reason="test").assignments == []


def test_someone_joining_in_january_is_shown_what_to_make_up_and_placed_on_what_is_ahead(
    sessions, school, cohort, hub_admin, client
):
    from ecfhub.conftest import make_participant
    from ecfhub.scheduling.summaries import to_make_up

    joiner = make_participant(email="jan@riverside.test", name="Jan Joiner", school=school, cohort=cohort,
                              kind="ect", trn="1000077")  # fmt: skip
    Participant.objects.filter(pk=joiner.pk).update(
        induction_start_date=datetime.date(2025, 11, 10), schedule_identifier="ecf-standard-january"
    )
    joiner.refresh_from_db()
    with at(datetime.date(2025, 11, 10)):
        now = datetime.datetime(2025, 11, 10, 9, 0, tzinfo=datetime.UTC)
        assert [m.event.title for m in to_make_up(joiner, now=now)] == ["Routines that work"]
        assert "self-study" in to_make_up(joiner, now=now)[0].how
        placed = place_person(participant=joiner, actor=hub_admin, reason="Joined mid-year")
        assert [a.event.title for a in placed.assignments] == ["Checking for understanding"]
        client.force_login(joiner.user)
        page = client.get("/my/").content.decode()
    assert "Events that ran before you could take them" in page and "January intake" in page
    assert "We cannot give you a date for Routines that work" not in page


def test_someone_registered_ahead_of_a_january_start_is_given_no_session_before_they_start(sessions, school, cohort):
    from ecfhub.conftest import make_participant

    joiner = make_participant(email="jan@riverside.test", name="Jan Joiner", school=school, cohort=cohort,
                              kind="ect", trn="1000077")  # fmt: skip
    Participant.objects.filter(pk=joiner.pk).update(induction_start_date=datetime.date(2026, 1, 5))
    plan = plan_schedule(as_of=AS_OF)
    mine = {event_id: session_id for pid, event_id, session_id in plan.placements if pid == joiner.pk}
    assert set(mine.values()) <= {sessions["2a"].pk, sessions["2b"].pk}
    assert len(mine) == 1  # the November clinic runs before they start: it is theirs to make up


# Joining at registration: someone registered once their programme is under way is given dates at once.


def register(school, tutor, *, start: datetime.date, email: str = "jan@riverside.test", trn: str = "1000077"):  # type: ignore[no-untyped-def]
    from ecfhub.onboarding.services import Registration, register_participants

    reg = Registration(full_name="Jan Joiner", email=email, trn=trn, induction_start_date=start, participant_type="ect")
    (participant,) = register_participants(school=school, actor=tutor, registrations=[reg])
    return participant


def test_a_january_starter_registered_after_dates_are_given_out_is_placed_with_notice_at_once(scheduled, school, tutor):
    with at(datetime.date(2025, 11, 10)):
        joiner = register(school, tutor, start=datetime.date(2026, 1, 5))
    assert joiner.schedule_identifier == "ecf-standard-january"
    # The November clinic has run; the January one is ahead, with at least 30 school days' notice.
    assert set(dates(joiner)) == {"Checking for understanding"}
    assert dates(joiner)["Checking for understanding"] in {datetime.date(2026, 1, 13), datetime.date(2026, 1, 14)}
    notice = OutboundMessage.objects.get(kind="new_dates", to="jan@riverside.test")
    assert "Checking for understanding" in notice.body_text
    entry = AuditEntry.objects.get(action="participant.placed_on_joining")
    assert entry.details == {"placed": 1, "without_date": []}  # the November clinic is theirs to make up


def test_someone_registered_before_anything_is_under_way_is_left_to_the_scheduler(sessions, school, tutor):
    with at(AS_OF):
        joiner = register(school, tutor, start=datetime.date(2025, 9, 3))
    assert dates(joiner) == {}
    assert not AuditEntry.objects.filter(action="participant.placed_on_joining").exists()


def test_a_confirmed_schedule_run_for_the_cohort_makes_a_new_registration_join_part_way(
    sessions, school, tutor, cohort
):
    from ecfhub.scheduling.models import ScheduleRun
    from ecfhub.scheduling.services.joining import under_way

    with at(AS_OF):
        joiner = register(school, tutor, start=datetime.date(2025, 9, 3))
        assert under_way([joiner]) == []
        ScheduleRun.objects.create(cohort=cohort, as_of=AS_OF, status=ScheduleRun.Status.COMMITTED)
        assert under_way([joiner]) == [joiner]
        ScheduleRun.objects.update(cohort=None)  # a run for every cohort counts too
        assert under_way([joiner]) == [joiner]


def test_many_joiners_are_placed_by_the_worker_after_the_registration_commits(
    scheduled, school, tutor, monkeypatch, django_capture_on_commit_callbacks
):
    from ecfhub.onboarding.services import registration
    from ecfhub.scheduling.services.joining import place_joiners

    monkeypatch.setattr(registration, "PLACE_AT_ONCE", 0)
    with at(datetime.date(2025, 11, 10)):
        with django_capture_on_commit_callbacks() as callbacks:
            joiner = register(school, tutor, start=datetime.date(2026, 1, 5))
        assert dates(joiner) == {}  # nothing while the tutor waits
        assert len(callbacks) == 2  # the invitation e-mail, and the task that places them
        assert place_joiners(participant_ids=[joiner.pk], actor=tutor) == 1  # what the task runs
    assert set(dates(joiner)) == {"Checking for understanding"}


def test_joining_mid_year_sends_the_set_up_link_one_dates_email_and_one_more_for_every_change_that_follows(
    scheduled, school, tutor
):
    """The pace of e-mail for someone joining mid-year (8 e-mails in 7 minutes once): the set-up link,
    one e-mail with the dates they were given, and the tutor's three date changes minutes later as
    one e-mail once the changes stop. Each says what to do next."""
    from ecfhub.notifications.testing import send_held
    from ecfhub.scheduling.services.requests import ask_for_date

    with at(datetime.date(2025, 11, 10)):
        joiner = register(school, tutor, start=datetime.date(2026, 1, 5))
        given = Assignment.objects.get(participant=joiner, status=Assignment.Status.ASSIGNED).session
        other = scheduled["2a"] if given == scheduled["2b"] else scheduled["2b"]
        for to in (other, given, other):  # the tutor tries dates on their behalf
            ask_for_date(participant=joiner, to_session=to, reason="school", details="", actor=tutor)
        send_held()
    sent = list(OutboundMessage.objects.filter(to="jan@riverside.test").order_by("pk"))
    assert [m.kind for m in sent] == ["invitation", "new_dates", "date_changed"]
    invitation, dates_email, changed = (m.body_text for m in sent)
    assert "Set up your account" in invitation
    assert "Please keep it free and tell your school now" in dates_email and "Ask for another one" in dates_email
    assert "Wednesday 14 January 2026" in changed or "Tuesday 13 January 2026" in changed
    assert "/events/" in changed  # where their dates are, and how to ask again
