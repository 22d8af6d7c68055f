"""Anonymisation after the retention period: the person goes, the figures stay."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.services import record
from ecfhub.hub.models import HubSettings
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant, User
from ecfhub.privacy.services import anonymise_participant, due_for_erasure
from ecfhub.scheduling.models import Assignment


def _leave(participant: Participant, on: datetime.date, status: str = "completed") -> Participant:
    participant.status = status
    participant.status_reason = "other" if status == "withdrawn" else ""
    participant.status_changed_on = on
    participant.save()
    return participant


@pytest.fixture
def finished_ect(ect, cohort):
    from django.utils import timezone

    from ecfhub.events.models import Session, TrainingEvent
    from ecfhub.notifications.models import OutboundMessage

    event = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Clinic"
    )
    starts = timezone.make_aware(datetime.datetime(2026, 3, 3, 15, 30))
    session = Session.objects.create(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), mode="online", capacity=20
    )
    Assignment.objects.create(participant=ect, event=event, session=session)
    OutboundMessage.objects.create(
        to=ect.user.email, user=ect.user, kind="reminder", subject="Reminder", body_text="Dear Erin Ect, ..."
    )
    record(actor=None, action="participant.registered", summary="Registered Erin Ect (erin@riverside.test)", target=ect)
    return _leave(ect, datetime.date(2027, 7, 20))


def test_it_removes_what_identifies_the_person(finished_ect, hub_admin):
    user = anonymise_participant(participant=finished_ect, actor=hub_admin)
    user.refresh_from_db()
    finished_ect.refresh_from_db()
    assert user.full_name == f"Former participant #{user.pk}"
    assert user.email == f"former-participant-{user.pk}@erased.invalid"
    assert not user.has_usable_password() and not user.is_active
    assert finished_ect.trn != "1000001" and len(finished_ect.trn) == 7 and not finished_ect.trn.isdigit()
    message = user.messages.get()
    assert message.body_text == "" and message.to == user.email and message.subject == "(erased)"


def test_their_private_calendar_feed_stops_working(client, finished_ect, hub_admin):
    from ecfhub.calendar.services import create_feed_token

    token = create_feed_token(user=finished_ect.user, actor=finished_ect.user)
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 200
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    assert client.get(f"/calendar/feed/{token}.ics").status_code == 404


def test_attendance_and_assignment_figures_are_kept(finished_ect, hub_admin):
    before = (Assignment.objects.count(), Participant.objects.count(), User.objects.count())
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    assert (Assignment.objects.count(), Participant.objects.count(), User.objects.count()) == before
    assert Assignment.objects.filter(participant=finished_ect).count() == 1


def test_the_audit_log_keeps_the_entries_but_not_the_name(finished_ect, hub_admin):
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    registered = AuditEntry.objects.get(action="participant.registered")
    assert "Erin" not in registered.summary and "erin@riverside.test" not in registered.summary
    assert "Former participant" in registered.summary
    done = AuditEntry.objects.get(action="privacy.anonymised")
    assert done.actor == hub_admin and "Erin" not in done.summary


def test_the_person_can_no_longer_sign_in(client, finished_ect, hub_admin):
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    response = client.post(
        "/account/login/", {"username": "erin@riverside.test", "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 200
    assert "not right" in response.text


def test_someone_still_on_the_programme_is_refused(ect, hub_admin):
    with pytest.raises(DomainError) as error:
        anonymise_participant(participant=ect, actor=hub_admin)
    assert error.value.code == "still_on_programme"
    assert User.objects.get(pk=ect.user_id).full_name == "Erin Ect"


def test_two_anonymised_people_of_the_same_type_do_not_clash(finished_ect, other_ect, hub_admin):
    _leave(other_ect, datetime.date(2027, 7, 20))
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    anonymise_participant(participant=other_ect, actor=hub_admin)
    trns = set(Participant.objects.filter(participant_type="ect").values_list("trn", flat=True))
    assert len(trns) == 2


def test_running_it_twice_changes_nothing_more(finished_ect, hub_admin):
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    assert AuditEntry.objects.filter(action="privacy.anonymised").count() == 1


def test_only_people_past_the_retention_period_are_due(finished_ect, other_ect, mentor):
    HubSettings.objects.filter(pk=1).update(retention_years=6)
    HubSettings.load()
    _leave(other_ect, datetime.date(2030, 1, 10), status="withdrawn")
    assert list(due_for_erasure(datetime.date(2033, 7, 20))) == []
    assert list(due_for_erasure(datetime.date(2033, 7, 21))) == [finished_ect.user]
    # The mentor is still active: never due.
    assert mentor.user not in due_for_erasure(datetime.date(2099, 1, 1))


def test_the_command_lists_on_a_dry_run_and_anonymises_otherwise(finished_ect, capsys):
    call_command("erase_expired", "--dry-run", "--today", "2034-01-01")
    out = capsys.readouterr().out
    assert f"would anonymise user #{finished_ect.user_id}" in out
    assert User.objects.get(pk=finished_ect.user_id).full_name == "Erin Ect"

    call_command("erase_expired", "--today", "2034-01-01")
    assert "Anonymised 1 person." in capsys.readouterr().out
    assert User.objects.get(pk=finished_ect.user_id).full_name.startswith("Former participant #")
    assert AuditEntry.objects.get(action="privacy.anonymised").actor is None


def test_a_hub_admin_can_anonymise_on_request_with_confirmation(client, finished_ect, hub_admin):
    client.force_login(hub_admin)
    url = f"/manage/privacy/people/{finished_ect.user_id}/anonymise/"
    response = client.post(url, {})
    assert "Tick the box to confirm" in response.text
    assert User.objects.get(pk=finished_ect.user_id).full_name == "Erin Ect"
    response = client.post(url, {"confirm": "on"}, follow=True)
    assert "Anonymised." in response.text
    assert User.objects.get(pk=finished_ect.user_id).full_name.startswith("Former participant #")


def test_the_data_protection_page_lists_who_is_due(client, finished_ect, hub_admin):
    _leave(finished_ect, datetime.date(2015, 7, 20))
    client.force_login(hub_admin)
    response = client.get("/manage/privacy/")
    assert "Erin Ect" in response.text
    assert "1 person is due now" in response.text


def test_the_admin_shows_an_anonymised_record_read_only(client, finished_ect, hub_admin):
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    finished_ect.refresh_from_db()
    client.force_login(hub_admin)
    url = f"/admin/people/participant/{finished_ect.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and finished_ect.trn in page.text
    assert 'name="_save"' not in page.text  # viewable, no form that could never be saved
    refused = client.post(url, {"trn": "1234567"})
    assert refused.status_code == 403
    finished_ect.refresh_from_db()
    assert not finished_ect.trn.isdigit()


def test_entries_filed_against_other_records_no_longer_name_them(ect, mentor, hub_admin, school):
    from ecfhub.onboarding.services.participants import change_mentor

    other_mentor = Participant.objects.create(
        user=User.objects.create_user(email="mo@riverside.test", full_name="Mo Mentorson", password=None),
        school=school, cohort=ect.cohort, participant_type="mentor", trn="2000009",
        induction_start_date=ect.induction_start_date,
    )  # fmt: skip
    # A pairing entry is filed against the ECT but names the mentor.
    change_mentor(ect=ect, mentor=other_mentor, on=datetime.date(2025, 10, 1), actor=hub_admin)
    pairing = AuditEntry.objects.get(action="mentorship.changed")
    assert pairing.target_id == str(ect.pk) and "Mo Mentorson" in pairing.summary
    _leave(other_mentor, datetime.date(2019, 7, 31))

    anonymise_participant(participant=other_mentor, actor=hub_admin)
    pairing.refresh_from_db()
    assert "Mo Mentorson" not in pairing.summary
    assert f"Former participant #{other_mentor.user_id} mentors Erin Ect" in pairing.summary
    assert not AuditEntry.objects.filter(summary__icontains="Mo Mentorson").exists()


def test_every_entry_records_the_people_it_refers_to(ect, mentor, hub_admin):
    entry = record(actor=hub_admin, action="x.y", summary="About Erin", target=ect, people=[mentor.user_id])
    assert entry.people == AuditEntry.people_text([hub_admin.pk, ect.user_id, mentor.user_id])
    assert AuditEntry.objects.filter(AuditEntry.mentions_person(mentor.user_id)).get() == entry
    assert not AuditEntry.objects.filter(AuditEntry.mentions_person(int(f"{mentor.user_id}0"))).exists()


def test_the_reasons_and_messages_about_their_dates_are_emptied_but_the_history_stays(finished_ect, hub_admin):
    from ecfhub.scheduling.models import ChangeRequest, PlaceChange

    assignment = Assignment.objects.get(participant=finished_ect)
    Assignment.objects.filter(pk=assignment.pk).update(notice_waiver_reason="Erin's hospital appointment")
    PlaceChange.objects.create(
        participant=finished_ect,
        event=assignment.event,
        kind="moved",
        to_session=assignment.session,
        assignment=assignment,
        reason="Erin has a hospital appointment that week",
        at=datetime.datetime(2026, 2, 1, 9, 0, tzinfo=datetime.UTC),
    )
    ChangeRequest.objects.create(
        participant=finished_ect,
        event=assignment.event,
        to_session=assignment.session,
        reason="other",
        details="Caring for my mother",
        message="Sorry Erin, no seats",
    )
    anonymise_participant(participant=finished_ect, actor=hub_admin)
    change = PlaceChange.objects.get(participant=finished_ect)
    request = ChangeRequest.objects.get(participant=finished_ect)
    assert (change.reason, change.kind, change.to_session_id) == ("", "moved", assignment.session_id)
    assert (request.details, request.message, request.reason) == ("", "", "other")
    assert Assignment.objects.get(pk=assignment.pk).notice_waiver_reason == ""
