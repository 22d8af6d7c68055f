"""Anonymising a person who has every kind of record leaves no trace: on any page of any role, or in any table.

Erin (the world's ECT) is given one of everything — places past and to come, register marks and their
history, a date-change request with its reasons and a waiting-list place, a catch-up, observations,
steps and meetings as an ECT, and as a mentor of her own ECT too; messages to her and to her tutor
about her, an audit trail, a row and a difference in the lead provider's file, a row of a registration
upload, the task queue's stored arguments and results, an admin log line, sign-in logs and a signed-in
session. After anonymisation, every page the access matrix knows (tests/security/urlmap.py and
access_table.py) is asked for by every role, and every column of every table is read: her name,
address and TRN are nowhere, and she is no ghost row in any list of current people."""

from __future__ import annotations

import datetime
import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ecfhub.attendance.models import AttendanceChange, AttendanceRecord, SentDeclaration
from ecfhub.audit.services import record
from ecfhub.conftest import make_participant
from ecfhub.events.models import Session
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.learning.models import ActionStep, Meeting, Observation
from ecfhub.lib.text_tags import as_read
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.models import CsvImport
from ecfhub.people.models import Mentorship, Participant
from ecfhub.privacy.services import anonymise_participant
from ecfhub.scheduling.models import Assignment, ChangeRequest, PlaceChange, WaitingListEntry
from tests.security.access_table import ADMIN_SAMPLES, TABLE
from tests.security.checks import client_for, url_for
from tests.security.urlmap import site_routes
from tests.security.world import FACILITATOR, HUB_ADMIN, ROLES, TUTOR, World

NAME, EMAIL, TRN = "Erin Ect", "erin@riverside.test", "1000001"
# The provider's file spelled her name its own way; the row is hers by her TRN.
PROVIDER_SPELLING = "Erin J. Ect"
TRACES = (NAME, EMAIL, PROVIDER_SPELLING)


def _registration(name: str, email: str, trn: str, *, mentor_email: str) -> dict[str, object]:
    """A row of a registration upload as the import keeps it (onboarding's Registration.as_json)."""
    return {
        "full_name": name, "email": email, "trn": trn, "induction_start_date": "2025-09-03",
        "participant_type": "ect", "unavailable_weekdays": [], "mentor_email": mentor_email, "phase": "", "subject": "",
    }  # fmt: skip


def _give_erin_everything(world: World) -> dict[str, object]:
    erin = world.ect
    now = timezone.now()
    future_session = world.future_assignment.session
    future_session.facilitators.add(world.users[FACILITATOR])
    ChangeRequest.objects.filter(pk=world.change_request.pk).update(
        details="Erin Ect has a hospital appointment that week", message="Sorry Erin Ect, it is full"
    )
    WaitingListEntry.objects.create(
        session=world.change_request.to_session, participant=erin, request=world.change_request
    )
    PlaceChange.objects.create(
        participant=erin, event=world.event, kind="moved", to_session=world.session, assignment=world.assignment,
        reason="Erin Ect asked to come earlier", actor=erin.user, actor_label=f"{NAME} <{EMAIL}>", at=now,
    )  # fmt: skip
    mark = AttendanceRecord.objects.get(assignment=world.assignment)
    AttendanceChange.objects.create(
        record=mark, to_mark="absent", source="register", reason="Erin Ect phoned in ill", at=now,
        actor=world.users[FACILITATOR], actor_label="Fred Facilitator <fred@hub.test>",
    )  # fmt: skip
    # A declaration sent to the lead provider in its evidence file, with the name and TRN the file carried.
    SentDeclaration.objects.create(
        participant=erin, declaration_type="started", declaration_date=datetime.date(2025, 10, 8), state="submitted",
        evidence_held="training-event-attended", evidence_sessions="Clinic 2025-10-08", full_name=NAME,
        teacher_reference_number=TRN, provider_participant_id="pid-erin", recorded_at=now, recorded_by=world.users[HUB_ADMIN],
    )  # fmt: skip
    Observation.objects.filter(ect=erin).update(response="Erin Ect replies: thank you")
    Meeting.objects.create(ect=erin, mentor=world.mentor, met_on=datetime.date(2025, 10, 2), notes="Erin Ect is calmer")
    # Erin is also a mentor (a later participation): she coached Paul, then Max took Paul over.
    erin_mentor = Participant.objects.create(
        user=erin.user, school=world.school, cohort=world.cohort, participant_type="mentor", trn=TRN,
        induction_start_date=erin.induction_start_date,
    )  # fmt: skip
    paul = make_participant(
        email="paul@riverside.test", name="Paul Pupil", school=world.school, cohort=world.cohort, kind="ect",
        trn="1000009",
    )  # fmt: skip
    Mentorship.objects.create(mentor=erin_mentor, ect=paul, started_on=paul.induction_start_date,
                              ended_on=datetime.date(2025, 10, 31))  # fmt: skip
    Mentorship.objects.create(mentor=world.mentor, ect=paul, started_on=datetime.date(2025, 11, 1))
    erins_step = ActionStep.objects.create(
        ect=paul, mentor=erin_mentor, step="Erin Ect says: scan the room", success_looks_like="Scanning",
        check_back_on=datetime.date(2025, 10, 20), status="set_again", reflection="Paul practised scanning",
    )  # fmt: skip
    max_step = ActionStep.objects.create(
        ect=paul, mentor=world.mentor, step="Max: narrate the positive", success_looks_like="Praise first",
        check_back_on=datetime.date(2025, 11, 20), previous=erins_step,
    )  # fmt: skip
    max_meeting = Meeting.objects.create(
        ect=paul, mentor=world.mentor, met_on=datetime.date(2025, 11, 3), notes="Max notes for Paul"
    )
    max_meeting.steps_reviewed.add(erins_step)
    # Copies held by content.
    OutboundMessage.objects.create(
        to=world.users[TUTOR].email, user=world.users[TUTOR], kind="date_change_asked",
        subject="Erin Ect asked to change a date", body_text=f"Erin Ect (TRN {TRN}, {EMAIL}) asked to move.",
        status="sent",
    )  # fmt: skip
    OutboundMessage.objects.create(
        to=EMAIL, kind="invitation", subject="Set up your account", body_text="Dear Erin Ect"
    )
    record(actor=world.users[HUB_ADMIN], action="x.imported", summary="Imported a row", target=world.school,
           details={"row": {"full_name": NAME, "email": EMAIL, "trn": TRN}})  # fmt: skip
    ProviderFile.objects.filter(pk=world.provider_file.pk).update(
        rows=[{"participant_id": "pid-erin", "full_name": PROVIDER_SPELLING, "teacher_reference_number": TRN,
               "participant_type": "ect", "school_urn": "100001"}],
        differences=[{"n": 1, "kind": "school", "participant": erin.pk, "provider_id": "pid-erin", "name": NAME,
                      "trn": TRN, "ours": "URN 100001", "theirs": "URN 100002", "note": ""},
                     {"n": 2, "kind": "mentor", "participant": paul.pk, "name": "Paul Pupil", "trn": "1000009",
                      "ours": "Max Mentor", "theirs": NAME, "note": ""}],
    )  # fmt: skip
    CsvImport.objects.filter(pk=world.csv_import.pk).update(
        rows=[_registration(NAME, EMAIL, TRN, mentor_email=""),
              _registration("Paul Pupil", "paul@riverside.test", "1000009", mentor_email=EMAIL)],
    )  # fmt: skip
    DBTaskResult.objects.create(
        args_kwargs={"args": [EMAIL], "kwargs": {}}, task_path="ecfhub.people.reset.send_password_reset",
        backend_name="default", enqueued_at=now, run_after=now, status="SUCCESSFUL",
        return_value={"sent_to": EMAIL}, exception_class_path="", traceback="",
    )  # fmt: skip
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"name": NAME}}, task_path="ecfhub.onboarding.tasks.save_csv_import",
        backend_name="default", enqueued_at=now, run_after=now, status="FAILED", return_value=None,
        exception_class_path="builtins.ValueError", traceback=f"ValueError: no school for {NAME} ({TRN})",
    )  # fmt: skip
    LogEntry.objects.create(
        user=world.users[HUB_ADMIN], content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(erin.pk), object_repr=NAME, action_flag=CHANGE, change_message=f"Changed e-mail to {EMAIL}",
    )  # fmt: skip
    AccessLog.objects.create(username=EMAIL, ip_address="127.0.0.1", user_agent="test", attempt_time=now)
    AccessAttempt.objects.create(username=EMAIL, ip_address="127.0.0.1", user_agent="test", failures_since_start=1,
                                 post_data=f"username={EMAIL}", attempt_time=now)  # fmt: skip
    browser = Client()
    browser.force_login(erin.user)  # a signed-in session, kept in django_session
    # She has left: both participations completed (their places still to come are still held).
    Participant.objects.filter(user=erin.user).update(
        status=Participant.Status.COMPLETED, status_changed_on=datetime.date(2025, 12, 1)
    )
    Participant.objects.filter(pk=erin.pk).update(provider_participant_id="pid-erin")
    return {"future_session": future_session, "max_step": max_step, "max_meeting": max_meeting, "paul": paul}


@pytest.fixture
def erased(world: World) -> tuple[World, dict[str, object]]:
    extra = _give_erin_everything(world)
    before = (Assignment.objects.count(), AttendanceRecord.objects.count(), Participant.objects.count())
    anonymise_participant(participant=Participant.objects.get(pk=world.ect.pk), actor=world.users[HUB_ADMIN])
    extra["before"] = before
    return world, extra


def _traces_in(text: str) -> list[str]:
    text = as_read(text)
    found = [t for t in TRACES if t.lower() in text.lower()]
    if re.search(rf"(?<![0-9A-Za-z]){TRN}(?![0-9A-Za-z])", text):
        found.append(TRN)
    return found


def test_no_table_holds_her_name_address_or_trn(erased) -> None:  # type: ignore[no-untyped-def]
    """Every column of every table, read as text: the strongest test, whatever stores are added later."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    text = value.decode(errors="replace") if isinstance(value, bytes) else str(value)
                    if table == "django_session" or len(text) > 8:
                        traces = _traces_in(text)
                        if traces:
                            found.append(f"{table}.{column}: {traces} in {text[:120]!r}")
    assert not found, "Traces left:\n  " + "\n  ".join(found)


def test_no_page_of_any_role_shows_her(erased) -> None:  # type: ignore[no-untyped-def]
    world, _ = erased
    failures = []
    names = sorted({route.name for route in site_routes()} | ADMIN_SAMPLES)  # what the access matrix walks
    for name in names:
        page = TABLE.get(name)
        if page is None:
            continue
        try:
            url = url_for(name, page, world)
        except Exception as error:  # an object the URL names was changed by the erasure: say which
            failures.append(f"{name}: cannot build its URL ({error})")
            continue
        for role in ROLES:
            response = client_for(world, role).get(url)
            assert response.status_code < 500, f"{name} as {role}: {response.status_code}"
            body = b"".join(response) if getattr(response, "streaming", False) else response.content
            traces = _traces_in(body.decode(errors="replace"))
            if traces:
                failures.append(f"{name} as {role} ({url}): {traces}")
    assert not failures, "\n  ".join(failures)


def test_she_is_no_ghost_row_in_any_list_of_current_people(erased) -> None:  # type: ignore[no-untyped-def]
    world, extra = erased
    future = extra["future_session"]
    assert isinstance(future, Session)
    tutor, facilitator, admin = (client_for(world, r) for r in (TUTOR, FACILITATOR, HUB_ADMIN))
    pages = [
        (tutor, reverse("onboarding:school", kwargs={"school_id": world.school.pk})),
        (admin, reverse("onboarding:school", kwargs={"school_id": world.school.pk})),
        (tutor, reverse("dashboard")),
        (tutor, reverse("attendance:school", kwargs={"school_id": world.school.pk})),
        (tutor, reverse("learning:engagement_school", kwargs={"school_id": world.school.pk})),
        (facilitator, reverse("events:session_people", kwargs={"pk": future.pk})),
        (facilitator, reverse("attendance:register", kwargs={"pk": future.pk})),
        (admin, reverse("events:session_people", kwargs={"pk": future.pk})),
        (admin, reverse("dates:hub")),
        (admin, reverse("scheduling:without_dates")),
        (admin, reverse("dashboard")),
        (tutor, reverse("onboarding:school_dates", kwargs={"school_id": world.school.pk})),
        (admin, reverse("onboarding:admin_schools")),
        (admin, reverse("attendance:hub")),
        (admin, reverse("attendance:evidence")),
        (admin, reverse("learning:engagement")),
        (tutor, reverse("learning:engagement")),
        (facilitator, reverse("attendance:self_study_list")),
        (facilitator, reverse("events:facilitating")),
        (admin, reverse("hub:manage")),
    ]
    shown = [url for client, url in pages if "Former participant" in as_read(client.get(url).text)]
    assert not shown, f"An anonymised person is listed as if current on: {shown}"


def test_her_past_attendance_still_counts_and_shows_as_a_former_participant(erased) -> None:  # type: ignore[no-untyped-def]
    world, extra = erased
    assert (Assignment.objects.count(), AttendanceRecord.objects.count(), Participant.objects.count()) == extra[
        "before"
    ]
    erin = Participant.objects.get(pk=world.ect.pk)
    assert erin.provider_participant_id == "pid-erin"  # the lead provider's evidence is kept under it
    sent = SentDeclaration.objects.get(participant=erin)
    assert (sent.declaration_type, sent.provider_participant_id, sent.full_name, sent.teacher_reference_number) == (
        "started",
        "pid-erin",
        "",
        "",
    )
    assert Assignment.objects.get(pk=world.assignment.pk).status == world.assignment.status  # history untouched
    past_register = client_for(world, FACILITATOR).get(reverse("attendance:register", kwargs={"pk": world.session.pk}))
    assert f"Former participant #{erin.user_id}" in past_register.text


def test_the_next_mentors_words_and_other_peoples_rows_stay(erased) -> None:  # type: ignore[no-untyped-def]
    world, extra = erased
    assert ActionStep.objects.get(pk=extra["max_step"].pk).step == "Max: narrate the positive"
    assert Meeting.objects.get(pk=extra["max_meeting"].pk).notes == "Max notes for Paul"
    rows = CsvImport.objects.get(pk=world.csv_import.pk).rows
    assert rows[1]["full_name"] == "Paul Pupil" and rows[1]["mentor_email"].endswith("@erased.invalid")
    differences = ProviderFile.objects.get(pk=world.provider_file.pk).differences
    assert differences[1]["name"] == "Paul Pupil" and differences[1]["theirs"].startswith("Former participant #")
    assert differences[0]["provider_id"] == "pid-erin"  # the provider's id stays: evidence is kept under it
