"""Every e-mail that names a session says the time a person reads on a clock in England.

Sessions are made from UTC moments chosen by the rule of the Summer Time Order (BST = UTC+1 from the
last Sunday of March to the last Sunday of October), not through the code's own zone conversion:
15:00 UTC on Thursday 8 July 2027 is 16:00 in England, and 16:00 UTC on Thursday 10 December 2026
is 16:00 too. Before lib/when.py the new-dates e-mail said "15:00 to 16:00" for the July clinic."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from ecfhub.events.models import Session
from ecfhub.events.tests.factories import make_event
from ecfhub.notifications import emails
from ecfhub.notifications.models import OutboundMessage
from ecfhub.onboarding.models import Invitation
from ecfhub.scheduling.models import Assignment, ChangeRequest

UTC = datetime.UTC
SUMMER = (datetime.datetime(2027, 7, 8, 15, 0, tzinfo=UTC), "Thursday 8 July 2027", "Thursday 8 July")
WINTER = (datetime.datetime(2026, 12, 10, 16, 0, tzinfo=UTC), "Thursday 10 December 2026", "Thursday 10 December")
EMAIL_TEMPLATES = Path(settings.BASE_DIR) / "ecfhub" / "templates" / "emails"


def _session(event, starts: datetime.datetime) -> Session:
    return Session.objects.create(
        event=event,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        mode="online",
        joining_url="https://meet.example.com/room",
        capacity=20,
    )


def _send_every_email(*, ect, mentor, cohort, starts: datetime.datetime) -> list[OutboundMessage]:
    """Queue one of each e-mail the hub sends, about a session starting at `starts`."""
    event = make_event(cohort)
    session, other = _session(event, starts), _session(event, starts + datetime.timedelta(days=7))
    place = Assignment.objects.create(participant=ect, event=event, session=session)
    user = ect.user
    request = ChangeRequest(
        participant=ect, event=event, from_session=other, to_session=session, reason="school", asked_by=user
    )
    # An Invitation row as issue_invitation makes it, without queueing its own e-mail first.
    invitation = Invitation.objects.create(
        user=mentor.user, token_hash="x" * 64, expires_at=starts, reason="registered you as a mentor"
    )
    out = [
        emails.invitation(invitation=invitation),
        emails.invitation_resent(invitation=invitation),
        emails.password_reset(user=user),
        emails.session_cancelled(
            session=session, user=user, reason="the room flooded", facilitating=False,
            alternatives=[type("Alt", (), {"session": session, "seats_left": 3})()],
            choose_by=starts.date(), assignment=place,
        ),
        emails.session_changed(session=session, user=user),
        emails.place_displaced(session=session, user=user, why="it is a day you do not work"),
        *emails.new_dates([(ect, [place])]),
        emails.session_reminder(assignment=place, days=7, dedupe_key="test-reminder"),
        emails.date_changed(participant=ect, new_session=session, old_session=other, request=None, from_waiting_list=False),
        emails.date_change_received(request=request, position=None),
        emails.date_change_declined(request=request),
        emails.date_change_closed(request=request, why="the session has started"),
        emails.learning_digest(user=user, week_of=starts.date(), modules=[], steps_due=[], next_session=session),
    ]  # fmt: skip
    return out


@pytest.mark.parametrize(("starts", "day", "near_day"), [SUMMER, WINTER], ids=["july-bst", "december-gmt"])
def test_every_email_naming_a_session_gives_its_time_on_englands_clock(ect, mentor, cohort, starts, day, near_day):
    sent = _send_every_email(ect=ect, mentor=mentor, cohort=cohort, starts=starts)
    for message in (m for m in sent if m.kind.startswith("invitation")):
        # The set-up link's expiry, a date on England's calendar.
        assert day.split(" ", 1)[1] in message.body_text and day.split(" ", 1)[1] in message.body_html
    naming_the_session = [m for m in sent if not m.kind.startswith("invitation") and m.kind != "password_reset"]
    assert len(naming_the_session) == 10
    for message in naming_the_session:
        for part in (message.body_text, message.body_html):
            assert day in part or near_day in part, (message.kind, part)
            if "15:00" in part or "17:00" in part or "16:00" in part:
                # Every clock time of the session is England's: 16:00 to 17:00, never the UTC hour.
                assert "16:00" in part, (message.kind, part)
                assert "15:00" not in part, (message.kind, part)
    # The messages that print times print both ends of the session.
    for kind in (
        "session_changed",
        "session_reminder",
        "new_dates",
        "date_changed",
        "place_displaced",
        "session_cancelled",
    ):
        message = next(m for m in sent if m.kind == kind)
        assert "16:00 to 17:00" in message.body_text and "16:00 to 17:00" in message.body_html, kind


def test_the_new_dates_email_of_a_july_clinic_says_16_00_not_the_utc_hour(ect, cohort):
    event = make_event(cohort)
    session = _session(event, SUMMER[0])
    place = Assignment.objects.create(participant=ect, event=event, session=session)
    (message,) = emails.new_dates([(ect, [place])])
    assert "When: Thursday 8 July 2027, 16:00 to 17:00" in message.body_text
    assert "15:00" not in message.body_text


def test_every_email_template_is_covered_by_the_time_test(ect, mentor, cohort):
    """A new e-mail must join _send_every_email, so its times are checked in summer and winter."""
    kinds = {p.name.removesuffix("_subject.txt") for p in EMAIL_TEMPLATES.glob("*_subject.txt")}
    sent = _send_every_email(ect=ect, mentor=mentor, cohort=cohort, starts=WINTER[0])
    # The resent invitation is the invitation's templates with other words.
    assert {m.kind.removesuffix("_resent") for m in sent} == kinds
