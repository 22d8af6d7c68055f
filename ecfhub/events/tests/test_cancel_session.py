import pytest
import time_machine

from ecfhub.audit.models import AuditEntry
from ecfhub.events.models import Session
from ecfhub.events.services import cancel_session
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.lib.errors import DomainError
from ecfhub.notifications.models import OutboundMessage
from ecfhub.scheduling.models import Assignment


@pytest.fixture(autouse=True)
def _before_the_sessions():  # type: ignore[no-untyped-def]
    # The sessions are in January 2026; cancelling is only for sessions still to come.
    with time_machine.travel("2025-12-01 10:00 +00:00", tick=False):
        yield


@pytest.fixture
def session(cohort, calendar_2025, facilitator):  # type: ignore[no-untyped-def]
    session = make_session(make_event(cohort), capacity=2)
    session.facilitators.add(facilitator)
    return session


def test_cancelling_reopens_every_place_and_tells_everyone(hub_admin, session, ect, other_ect, facilitator):
    erin, ed = assign(ect, session), assign(other_ect, session)
    reopened = cancel_session(session=session, reason="The facilitator is unwell.", actor=hub_admin)

    assert reopened == 2
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.sequence == 1
    assert session.cancelled_reason == "The facilitator is unwell."
    for assignment in (erin, ed):
        assignment.refresh_from_db()
        assert assignment.status == Assignment.Status.SESSION_CANCELLED and assignment.ended_at is not None
    # The places are free: each person can be given another date of the same event.
    assert not Assignment.objects.filter(session__event=session.event, status="assigned").exists()
    other_date = make_session(session.event, day=session.date.replace(day=21))
    assign(ect, other_date)

    messages = {m.to: m for m in OutboundMessage.objects.filter(kind="session_cancelled")}
    assert set(messages) == {"erin@riverside.test", "ed@oakfield.test", "fred@hub.test"}
    erin_mail = messages["erin@riverside.test"]
    assert erin_mail.subject == "Cancelled: Routines that work on Wednesday 14 January"
    assert "The facilitator is unwell." in erin_mail.body_text
    assert "give you another date" in erin_mail.body_text
    ((_filename, content, mimetype),) = erin_mail.decoded_attachments()
    assert mimetype == "text/calendar" and b"STATUS:CANCELLED" in content and b"SEQUENCE:1" in content

    entry = AuditEntry.objects.get(action="session.cancelled")
    assert entry.actor == hub_admin and entry.target_id == str(session.pk)
    assert entry.details["places_reopened"] == 2 and entry.details["reason"] == "The facilitator is unwell."


def test_it_leaves_places_on_other_sessions_alone(hub_admin, session, ect, other_ect):
    other = make_session(session.event, day=session.date.replace(day=21))
    kept = assign(other_ect, other)
    assign(ect, session)
    cancel_session(session=session, reason="Room flooded", actor=hub_admin)
    kept.refresh_from_db()
    assert kept.status == Assignment.Status.ASSIGNED
    assert not OutboundMessage.objects.filter(to="ed@oakfield.test").exists()


def test_it_refuses_to_cancel_twice_or_without_a_reason(hub_admin, session):
    with pytest.raises(DomainError) as caught:
        cancel_session(session=session, reason="  ", actor=hub_admin)
    assert caught.value.code == "reason_missing"
    cancel_session(session=session, reason="Snow", actor=hub_admin)
    with pytest.raises(DomainError) as caught:
        cancel_session(session=session, reason="Snow", actor=hub_admin)
    assert caught.value.code == "already_cancelled"
    assert AuditEntry.objects.filter(action="session.cancelled").count() == 1


def test_a_hub_admin_cancels_from_the_page_with_a_reason(client, hub_admin, session, ect):
    assign(ect, session)
    client.force_login(hub_admin)
    page = client.get(f"/manage/events/sessions/{session.pk}/cancel/").content.decode()
    assert "1 person has this date" in page
    html = client.post(f"/manage/events/sessions/{session.pk}/cancel/", {"reason": ""}).content.decode()
    assert "Enter the reason for cancelling, so people know why." in html
    response = client.post(f"/manage/events/sessions/{session.pk}/cancel/", {"reason": "Strike day"}, follow=True)
    assert "Session cancelled. 1 person has been told" in response.content.decode()
    session.refresh_from_db()
    assert session.is_cancelled


def test_the_person_sees_the_cancellation_on_my_events(client, hub_admin, session, ect):
    assign(ect, session)
    cancel_session(session=session, reason="Strike day", actor=hub_admin)
    client.force_login(ect.user)
    html = client.get("/events/").content.decode()
    assert "is cancelled" in html and "Strike day" in html


def test_it_refuses_to_cancel_a_session_that_has_started(hub_admin, session, ect):
    place = assign(ect, session)
    with time_machine.travel(session.starts_at, tick=False), pytest.raises(DomainError) as caught:
        cancel_session(session=session, reason="Too late", actor=hub_admin)
    assert caught.value.code == "session_closed"
    place.refresh_from_db()
    session.refresh_from_db()
    assert place.is_active and not session.is_cancelled


def test_a_title_stored_with_a_line_break_still_gives_a_calendar_file_and_a_cancellation(
    client, hub_admin, session, ect
):
    from ecfhub.events.models import TrainingEvent
    from ecfhub.hub.models import HubSettings

    # Stored before forms refused control characters (or written around them).
    TrainingEvent.objects.filter(pk=session.event_id).update(title="Routines\nthat\rwork")
    HubSettings.objects.update(name="Norfolk\rHub")
    session.refresh_from_db()
    assign(ect, session)
    assert client.get("/calendar.ics").status_code == 200
    cancel_session(session=session, reason="Snow", actor=hub_admin)
    mail = OutboundMessage.objects.get(to=ect.user.email, kind="session_cancelled")
    [(_name, content, _)] = mail.decoded_attachments()
    text = content.decode()
    assert "X-WR-CALNAME:Routines that work" in text
    assert "\rwork" not in text and "Norfolk\rHub" not in text
