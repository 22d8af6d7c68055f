"""Copies of a person kept by content: each store is redacted on anonymisation, nobody else's rows are."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ecfhub.audit.models import AuditEntry
from ecfhub.audit.services import record
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.sending import deliver
from ecfhub.people.models import Participant
from ecfhub.privacy.services import anonymise_participant, placeholder_trn
from ecfhub.privacy.stores import Identity

pytestmark = pytest.mark.django_db


def _finish(participant: Participant) -> Participant:
    Participant.objects.filter(pk=participant.pk).update(
        status=Participant.Status.COMPLETED, status_changed_on=datetime.date(2027, 7, 20)
    )
    return Participant.objects.get(pk=participant.pk)


def _identity() -> Identity:
    return Identity(
        user_id=7,
        name="Erin Ect",
        email="erin@riverside.test",
        trns={"1000001": "X000001"},
        participant_ids=frozenset({3}),
        replacement_name="Former participant #7",
        replacement_email="former-participant-7@erased.invalid",
    )


def test_a_row_that_is_theirs_by_trn_loses_the_name_the_file_spelled_its_own_way() -> None:
    row = {"participant_id": "pid-1", "full_name": "Erin J. Ect", "teacher_reference_number": "1000001"}
    assert _identity().scrub(row) == {
        "participant_id": "pid-1",
        "full_name": "Former participant #7",
        "teacher_reference_number": "X000001",
    }


def test_someone_elses_row_keeps_its_words_and_loses_only_the_mention() -> None:
    row = {
        "full_name": "Paul Pupil",
        "trn": "1000009",
        "mentor_email": "ERIN@riverside.test",
        "note": "mentor Erin Ect",
    }
    assert _identity().scrub(row) == {
        "full_name": "Paul Pupil",
        "trn": "1000009",
        "mentor_email": "former-participant-7@erased.invalid",
        "note": "mentor Former participant #7",
    }


def test_a_name_inside_another_word_and_a_longer_number_are_left_alone() -> None:
    assert _identity().scrub("Erin Ectorson, TRN 10000012") == "Erin Ectorson, TRN 10000012"


def test_the_task_queues_arguments_results_and_errors_lose_their_address(ect, hub_admin) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    result = DBTaskResult.objects.create(
        args_kwargs={"args": ["erin@riverside.test"], "kwargs": {}},
        task_path="ecfhub.people.reset.send_password_reset",
        backend_name="default",
        enqueued_at=now,
        run_after=now,
        return_value={"to": "erin@riverside.test"},
        exception_class_path="",
        traceback="SMTPRecipientsRefused: erin@riverside.test",
    )
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    result.refresh_from_db()
    placeholder = f"former-participant-{ect.user_id}@erased.invalid"
    assert result.args_kwargs == {"args": [placeholder], "kwargs": {}}
    assert result.return_value == {"to": placeholder} and "erin@" not in result.traceback


def test_the_provider_files_rows_and_differences_lose_their_name_and_trn(ect, hub_admin) -> None:  # type: ignore[no-untyped-def]
    file = ProviderFile.objects.create(
        uploaded_by=hub_admin,
        filename="provider.csv",
        sha256="0" * 64,
        digest="1" * 64,
        rows=[{"participant_id": "pid-erin", "full_name": "Erin Ect", "teacher_reference_number": "1000001"}],
        differences=[{"n": 1, "participant": ect.pk, "provider_id": "pid-erin", "name": "Erin Ect", "trn": "1000001"}],
    )
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    file.refresh_from_db()
    assert "Erin" not in str(file.rows) + str(file.differences) and "1000001" not in str(file.rows + file.differences)
    assert file.differences[0]["provider_id"] == "pid-erin"


def test_their_signed_in_sessions_end_and_nobody_elses(ect, mentor, hub_admin) -> None:  # type: ignore[no-untyped-def]
    for user in (ect.user, mentor.user):
        Client().force_login(user)
    assert Session.objects.count() == 2
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    [left] = Session.objects.all()
    assert left.get_decoded()["_auth_user_id"] == str(mentor.user_id)


def test_a_message_to_them_still_queued_is_never_sent(ect, hub_admin, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    message = OutboundMessage.objects.create(to=ect.user.email, kind="reminder", subject="Tomorrow", body_text="Erin")
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    assert deliver(message.pk) == "not-claimed" and mailoutbox == []
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED and message.body_text == ""


def test_a_message_to_someone_else_about_them_keeps_its_other_words(ect, tutor, hub_admin) -> None:  # type: ignore[no-untyped-def]
    message = OutboundMessage.objects.create(
        to=tutor.email, kind="date_change_asked", subject="Erin Ect asked to move", body_text="Erin Ect asked to move."
    )
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    message.refresh_from_db()
    assert message.to == tutor.email
    assert message.body_text == f"Former participant #{ect.user_id} asked to move."


def test_the_audit_logs_details_lose_their_address_and_trn(ect, school, hub_admin) -> None:  # type: ignore[no-untyped-def]
    # Filed against the school, naming nobody in `people`: found by its content alone.
    entry = record(
        actor=hub_admin,
        action="x.imported",
        summary="Imported a row",
        target=school,
        details={"row": {"email": "erin@riverside.test", "trn": "1000001"}},
    )
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    details = AuditEntry.objects.get(pk=entry.pk).details
    assert details == {
        "row": {"email": f"former-participant-{ect.user_id}@erased.invalid", "trn": placeholder_trn(ect)}
    }


def test_places_still_to_come_are_released_and_history_kept(ect, hub_admin, cohort) -> None:  # type: ignore[no-untyped-def]
    from ecfhub.events.models import Session as TrainingSession
    from ecfhub.events.models import TrainingEvent
    from ecfhub.scheduling.models import Assignment

    event = TrainingEvent.objects.create(
        cohort=cohort, kind="clinic", audience="ect", programme_year=1, order=1, title="Clinic"
    )
    starts = timezone.now() + datetime.timedelta(days=30)
    session = TrainingSession.objects.create(
        event=event, starts_at=starts, ends_at=starts + datetime.timedelta(hours=1), mode="online", capacity=20
    )
    place = Assignment.objects.create(participant=ect, event=event, session=session)
    anonymise_participant(participant=_finish(ect), actor=hub_admin)
    place.refresh_from_db()
    assert place.status == Assignment.Status.RELEASED
    assert Assignment.objects.filter(participant=ect).count() == 1
