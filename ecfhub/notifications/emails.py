"""One function per e-mail the hub sends. Each renders emails/<template>* and queues it in the outbox.

Add a message by writing its three templates (subject, text, HTML extending
emails/base.html) and a function here that calls `_to_person` (one person, greeted by name) or
queue_messages (many at once)."""

from __future__ import annotations

import datetime
from typing import Any

from ecfhub.calendar.ical import CalendarFiles, FeedItem, build_calendar
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib import when
from ecfhub.notifications.links import LINK_SLOT, link_ref
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.outbox import MessageSpec, queue_message, queue_messages
from ecfhub.people.models import Participant, ParticipantType, School


def _to_person(
    user: Any,
    kind: str,
    context: dict[str, Any],
    *,
    attachments: list[tuple[str, bytes, str]] | None = None,
    dedupe_key: str | None = None,
    link_ref: str = "",
) -> OutboundMessage:
    """Queue message `kind` (templates emails/<kind>*) to one person at their account's address,
    greeted by name; the guarantees are queue_message()'s."""
    return queue_message(
        to=user.email,
        user=user,
        kind=kind,
        template=kind,
        context={"name": user.full_name, **context},
        attachments=attachments or (),
        dedupe_key=dedupe_key,
        link_ref=link_ref,
    )


def invitation(*, invitation: Any) -> OutboundMessage:
    """The first "set up your account" e-mail. The invitation's reason says who registered them as what;
    its link is made when the e-mail is sent (notifications/links.py)."""
    return invitations([invitation])[0]


def invitations(items: list[Any]) -> list[OutboundMessage]:
    """The invitation e-mail for many people at once (a CSV import): one per Invitation."""
    shows = _what_accounts_show([inv.user for inv in items])
    return queue_messages([_invitation_spec(inv, resent=False, shows=shows[inv.user.pk]) for inv in items])


def invitation_resent(*, invitation: Any) -> OutboundMessage:
    """A fresh set-up link (resent by the hub or a tutor, or asked for after a link expired)."""
    spec = _invitation_spec(invitation, resent=True, shows=_what_accounts_show([invitation.user])[invitation.user.pk])
    return queue_message(
        to=spec.to, user=spec.user, kind=spec.kind, template=spec.template, context=spec.context, link_ref=spec.link_ref
    )


def _what_accounts_show(users: list[Any]) -> dict[int, str]:
    """What setting up the account gives each person, for the invitation (only an ECT has a mentor).
    Two queries however many people."""
    ids = [user.pk for user in users]
    kinds: dict[int, set[str]] = {pk: set() for pk in ids}
    for user_id, kind in Participant.objects.filter(user_id__in=ids).values_list("user_id", "participant_type"):
        kinds[user_id].add(kind)
    tutors = set(School.induction_tutors.through.objects.filter(user_id__in=ids).values_list("user_id", flat=True))
    shows = {}
    for pk in ids:
        if ParticipantType.ECT in kinds[pk]:
            shows[pk] = "your programme, your training dates and your mentor"
        elif kinds[pk]:
            shows[pk] = "your programme and your training dates"
        elif pk in tutors:
            shows[pk] = "your school's ECTs and mentors and their training dates"
        else:
            shows[pk] = "the programme"
    return shows


def _invitation_spec(invitation: Any, *, resent: bool, shows: str) -> MessageSpec:
    user = invitation.user
    return MessageSpec(
        to=user.email,
        user=user,
        kind="invitation_resent" if resent else "invitation",
        template="invitation",
        context={
            "name": user.full_name,
            "link": LINK_SLOT,
            "expires_at": invitation.expires_at,
            "reason": invitation.reason,
            "resent": resent,
            "shows": shows,
        },
        link_ref=link_ref("invitation", invitation.pk),
    )


def _session_ics(session: Any, *, cancelled: bool) -> tuple[str, bytes, str]:
    # A calendar file with the session's stable UID and new SEQUENCE, so the entry already in
    # someone's calendar is updated (or marked cancelled) rather than duplicated.

    hub = current_hub_settings()
    cal = build_calendar(
        [FeedItem(session=session, cancelled=cancelled, private=True)],
        name=session.event.title,
        hub_name=hub.name,
        hub_venue=hub.venue_address,
    )
    return (f"{session.event.kind}-{session.date.isoformat()}.ics", cal.to_ical(), "text/calendar")


def session_cancelled(
    *,
    session: Any,
    user: Any,
    reason: str,
    facilitating: bool,
    alternatives: Any = (),
    choose_by: datetime.date | None = None,
    assignment: Any = None,
) -> OutboundMessage:
    """A session someone was booked on (or facilitates) is cancelled. Booked people are sent the other
    dates they may choose (`alternatives`, each with `session` and `seats_left`), a link to choose one
    (their cancelled `assignment`), and the day after which the hub gives them a date (`choose_by`)."""
    venue = current_hub_settings().venue_address
    return _to_person(
        user,
        "session_cancelled",
        {
            "session": session,
            "event": session.event,
            "reason": reason,
            "facilitating": facilitating,
            "alternatives": [
                {"session": c.session, "seats_left": c.seats_left, "place": c.session.place(venue)}
                for c in alternatives
            ],
            "choose_by": choose_by,
            "assignment": assignment,
        },
        attachments=[_session_ics(session, cancelled=True)],
        dedupe_key=f"session_cancelled:{session.pk}:{user.pk}",
    )


def session_changed(*, session: Any, user: Any) -> OutboundMessage:
    """The date, time or place of someone's session has changed (one message per change, by SEQUENCE)."""

    return _to_person(
        user,
        "session_changed",
        {
            "session": session,
            "event": session.event,
            "place": session.place(current_hub_settings().venue_address),
        },
        attachments=[_session_ics(session, cancelled=False)],
        dedupe_key=f"session_changed:{session.pk}:{session.sequence}:{user.pk}",
    )


def place_displaced(*, session: Any, user: Any, why: str) -> OutboundMessage:
    """A session moved to a day the person cannot take (why, in the rules' words): their place on it has
    ended and they need another date of the event."""
    return _to_person(
        user,
        "place_displaced",
        {"session": session, "event": session.event, "why": why},
        attachments=[_session_ics(session, cancelled=True)],
        dedupe_key=f"place_displaced:{session.pk}:{session.sequence}:{user.pk}",
    )


def password_reset(*, user: Any) -> OutboundMessage:
    """The "choose a new password" link (Django's reset token, valid PASSWORD_RESET_TIMEOUT), made at sending."""
    return _to_person(
        user,
        "password_reset",
        {"link": LINK_SLOT},
        link_ref=link_ref("password_reset"),
    )


def _date_row(session: Any, hub: Any, school: Any = None) -> dict[str, str]:
    """One date as the new-dates e-mail shows it, formatted once per session and school for everyone given
    it (the venue's distance is from the person's school)."""
    event = session.event
    return {
        "title": event.title,
        "kind": event.get_kind_display().lower(),
        # lib/when.py: on England's clock (Django's date/time filters called from Python stay in UTC).
        "day": when.day(session.starts_at),
        "starts": when.clock(session.starts_at),
        "ends": when.clock(session.ends_at),
        "place": session.place(hub.venue_address, from_school=school),
    }


def _new_dates_spec(
    participant: Any,
    assignments: Any,
    hub: Any,
    files: CalendarFiles,
    rows: dict[tuple[int, int | None], dict[str, str]],
) -> MessageSpec:
    items = sorted(assignments, key=lambda a: a.session.starts_at)
    school = participant.school
    for a in items:
        if (a.session_id, school.pk) not in rows:
            rows[(a.session_id, school.pk)] = _date_row(a.session, hub, school)
    user = participant.user
    return MessageSpec(
        to=user.email,
        user=user,
        kind="new_dates",
        template="new_dates",
        context={
            "name": user.full_name,
            "rows": [rows[(a.session_id, school.pk)] for a in items],
        },
        attachments=[
            (
                "training-dates.ics",
                files.to_ical([FeedItem(session=a.session, private=True) for a in items]),
                "text/calendar",
            )
        ],
    )


def new_dates(items: Any) -> list[OutboundMessage]:
    """Each participant's new training dates from one scheduling run (or a placement by the hub), in one
    e-mail per person with an .ics of those dates. `items`: (participant, their new assignments) pairs."""

    hub = current_hub_settings()
    # Everyone's file is made of the same sessions: each session's entry is written once.
    files = CalendarFiles(name="Training dates", hub_name=hub.name, hub_venue=hub.venue_address)
    rows: dict[tuple[int, int | None], dict[str, str]] = {}
    return queue_messages(
        [_new_dates_spec(participant, assignments, hub, files, rows) for participant, assignments in items]
    )


def session_reminder(*, assignment: Any, days: int, dedupe_key: str) -> OutboundMessage:
    """A reminder, `days` before a session the person still holds, with the joining link or venue."""

    session = assignment.session
    user = assignment.participant.user
    return _to_person(
        user,
        "session_reminder",
        {
            "session": session,
            "event": session.event,
            "days": days,
            "place": session.place(current_hub_settings().venue_address),
        },
        attachments=[_session_ics(session, cancelled=False)],
        dedupe_key=dedupe_key,
    )


def _move_ics(*, user: Any, sessions: list[Any]) -> tuple[str, bytes, str]:
    # The same entries, with the same SEQUENCE, as the person's private feed: the new date as
    # confirmed and the date they left as cancelled, so a calendar app applies both.
    from ecfhub.calendar.ical import build_calendar
    from ecfhub.calendar.views import private_items

    hub = current_hub_settings()
    wanted = {s.pk for s in sessions}
    items = [item for item in private_items(user.pk) if item.session.pk in wanted]
    cal = build_calendar(items, name="Training dates", hub_name=hub.name, hub_venue=hub.venue_address)
    return ("training-date-changed.ics", cal.to_ical(), "text/calendar")


def date_changed(
    *, participant: Any, new_session: Any, old_session: Any, request: Any, from_waiting_list: bool
) -> OutboundMessage:
    """Someone's date for an event has moved to another session: at their (or their tutor's) request,
    on approval, or from the waiting list. The .ics confirms the new date and cancels the old one."""
    user = participant.user
    sessions = [new_session] + ([old_session] if old_session is not None else [])
    return _to_person(
        user,
        "date_changed",
        {
            "event": new_session.event,
            "session": new_session,
            "old_session": old_session,
            "place": new_session.place(current_hub_settings().venue_address),
            "request": request,
            "from_waiting_list": from_waiting_list,
        },
        attachments=[_move_ics(user=user, sessions=sessions)],
    )


def date_change_received(*, request: Any, position: int | None) -> OutboundMessage:
    """A request to change a date that did not move the person at once: waiting for the hub's
    decision, or on the waiting list at `position`."""
    user = request.participant.user
    return _to_person(
        user,
        "date_change_received",
        {
            "request": request,
            "event": request.event,
            "session": request.to_session,
            "position": position,
            "asked_by": request.asked_by if request.asked_on_behalf else None,
        },
    )


def date_change_declined(*, request: Any) -> OutboundMessage:
    """The hub declined a request to change a date, with its message; the person keeps their date."""
    user = request.participant.user
    return _to_person(
        user,
        "date_change_declined",
        {
            "request": request,
            "event": request.event,
            "session": request.to_session,
            "from_session": request.from_session,
        },
    )


def date_change_closed(*, request: Any, why: str) -> OutboundMessage:
    """A request or waiting-list place ended without a move (the session wanted was cancelled or
    has started, or the tutor withdrew it); `why` says which, in words for the person."""
    user = request.participant.user
    return _to_person(
        user,
        "date_change_closed",
        {
            "request": request,
            "event": request.event,
            "session": request.to_session,
            "why": why,
        },
    )


def learning_digest(
    *, user: Any, week_of: datetime.date, modules: list[Any], steps_due: list[Any], next_session: Any
) -> OutboundMessage:
    """The one weekly learning e-mail (learning/digest.py): this week's module, the action steps due,
    the next training date. Once per person per week (the dedupe key); never coaching text beyond
    the step's own words, which are the person's own."""
    return _to_person(
        user,
        "learning_digest",
        {
            "week_of": week_of,
            "modules": modules,
            "steps_due": steps_due,
            "next_session": next_session,
        },
        dedupe_key=f"learning_digest:{user.pk}:{week_of.isoformat()}",
    )
