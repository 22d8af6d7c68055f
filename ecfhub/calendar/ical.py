"""Sessions as iCalendar (RFC 5545), written with the maintained `icalendar` library.

Every event keeps the session's UID for life, and its SEQUENCE goes up with
every change of time, place or status, so calendar apps that subscribed to a
feed (or imported a file) update the entry rather than add a second one. Times
are written in Europe/London with a VTIMEZONE, so they stay right across the
clock changes whatever the subscriber's own time zone.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from ecfhub.events.models import Session
from ecfhub.lib import when
from ecfhub.lib.text import one_line

LONDON = zoneinfo.ZoneInfo("Europe/London")
PRODID = "-//ECF Hub//Training events//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class FeedItem:
    """One session as a person sees it: `cancelled` also covers a place ended by the session's cancellation.

    `withdrawn` is a place the person no longer holds (moved to another date, or released) on a
    session that still runs; it is sent as cancelled. `extra_sequence` is added to the session's
    SEQUENCE so the person's own changes also reach calendar apps (see `private_items`)."""

    session: Session
    cancelled: bool = False
    private: bool = False
    withdrawn: bool = False
    extra_sequence: int = 0


def _event(item: FeedItem, *, hub_name: str, hub_venue: str, site_url: str) -> Event:
    session = item.session
    training = session.event
    cancelled = item.cancelled or session.is_cancelled
    event = Event()
    event.add("uid", session.ical_uid)
    event.add("sequence", session.sequence + item.extra_sequence)
    # DTSTAMP follows the session's last change, so the same data always gives the same file.
    event.add("dtstamp", session.updated_at.astimezone(datetime.UTC))
    event.add("last-modified", session.updated_at.astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(LONDON))
    event.add("dtend", session.ends_at.astimezone(LONDON))
    prefix = "Cancelled: " if cancelled else ""
    # One-line properties pass through one_line(): forms refuse control characters now, but a title
    # stored before must not break the file (icalendar refuses a raw line break in some properties).
    event.add("summary", one_line(f"{prefix}{training.title} ({training.get_kind_display().lower()}, {hub_name})"))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("categories", [training.get_kind_display(), training.get_audience_display()])
    place = session.place(hub_venue)
    event.add("location", place)
    lines = [
        f"{training.get_kind_display()} for {training.get_audience_display()}, programme year {training.programme_year}.",
        # In words on England's clock too: a calendar app set to another zone shows DTSTART in its own.
        f"When: {when.span(session.starts_at, session.ends_at)} (UK time).",
    ]
    if training.focus_labels:
        lines.append(f"Focus: {', '.join(training.focus_labels)}.")
    if item.withdrawn and not session.is_cancelled:
        lines.append(f"You are no longer booked on this session. See your current dates at {site_url}/events/")
    elif cancelled:
        lines.append(
            f"This session is cancelled{': ' + session.cancelled_reason if session.cancelled_reason else ''}. "
            "You will be given another date."
            if item.private
            else f"This session is cancelled{': ' + session.cancelled_reason if session.cancelled_reason else ''}."
        )
    elif item.private and session.is_online and session.joining_url:
        lines.append(f"Join online: {session.joining_url}")
        event.add("url", session.joining_url)
    elif not item.private:
        lines.append(f"Each participant is given one date of this event; see yours at {site_url}/events/")
    event.add("description", "\n".join(lines))
    return event


def build_calendar(items: Iterable[FeedItem], *, name: str, hub_name: str, hub_venue: str) -> Calendar:
    """A VCALENDAR with one VEVENT per item and the Europe/London VTIMEZONE they use."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(name))
    cal.add("x-wr-timezone", "Europe/London")
    # Ask subscribing apps to check hourly (REFRESH-INTERVAL is RFC 7986; X-PUBLISHED-TTL for Outlook).
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    site_url = settings.SITE_URL
    years = []
    for item in items:
        cal.add_component(_event(item, hub_name=hub_name, hub_venue=hub_venue, site_url=site_url))
        years.append(timezone.localtime(item.session.starts_at).year)
    if years:
        # Transitions only for the years the sessions span: a short VTIMEZONE, the same on every request.
        cal.add_missing_timezones(
            first_date=datetime.date(min(years) - 1, 1, 1), last_date=datetime.date(max(years) + 2, 1, 1)
        )
    return cal


class CalendarFiles:
    """Many people's calendar files from one set of sessions (a scheduler run's notices): the same bytes
    as `build_calendar(items, ...).to_ical()`, with each VEVENT and VTIMEZONE serialised once.

    Serialising with `icalendar` (line folding above all) was most of the time of telling 10,000 people
    their dates, and every person's file is made of the same few dozen sessions."""

    def __init__(self, *, name: str, hub_name: str, hub_venue: str) -> None:
        self.hub_name = hub_name
        self.hub_venue = hub_venue
        self.site_url = settings.SITE_URL
        empty = build_calendar([], name=name, hub_name=hub_name, hub_venue=hub_venue).to_ical()
        self.head, self.tail = empty.removesuffix(_END), _END
        self._events: dict[FeedItem, bytes] = {}
        self._zones: dict[tuple[int, int], bytes] = {}

    def to_ical(self, items: Iterable[FeedItem]) -> bytes:
        events: list[bytes] = []
        years = []
        for item in items:
            if item not in self._events:
                self._events[item] = _event(
                    item, hub_name=self.hub_name, hub_venue=self.hub_venue, site_url=self.site_url
                ).to_ical()
            events.append(self._events[item])
            years.append(timezone.localtime(item.session.starts_at).year)
        zone = b""
        if years:
            span = (min(years), max(years))
            if span not in self._zones:
                self._zones[span] = Timezone.from_tzid(
                    "Europe/London",
                    first_date=datetime.date(span[0] - 1, 1, 1),
                    last_date=datetime.date(span[1] + 2, 1, 1),
                ).to_ical()
            zone = self._zones[span]
        return b"".join([self.head, zone, *events, self.tail])


_END = b"END:VCALENDAR\r\n"


def ics_response(cal: Calendar | bytes, *, filename: str, download: bool = False) -> HttpResponse:
    response = HttpResponse(cal if isinstance(cal, bytes) else cal.to_ical(), content_type=CONTENT_TYPE)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
