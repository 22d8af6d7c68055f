"""Many people's calendar files at once (a scheduler run's notices): the same bytes as one built alone."""

import datetime

import pytest
import time_machine

from ecfhub.calendar.ical import CalendarFiles, FeedItem, build_calendar
from ecfhub.events.tests.factories import make_event, make_session

pytestmark = pytest.mark.usefixtures("calendar_2025")


@time_machine.travel("2025-09-01 10:00 +01:00", tick=False)
def test_each_persons_file_is_byte_for_byte_the_file_built_for_them_alone(cohort):
    clinic = make_event(cohort, title="Routines that work")
    conference = make_event(cohort, kind="conference", order=2, title="How pupils learn")
    winter = make_session(clinic, datetime.date(2026, 1, 14))
    autumn = make_session(clinic, datetime.date(2025, 11, 12))
    summer = make_session(conference, datetime.date(2026, 6, 10), start=(9, 30), end=(15, 30), mode="in_person")
    people = [[autumn, summer], [winter, summer], [winter], [autumn, winter, summer], []]
    files = CalendarFiles(name="Training dates", hub_name="Norwich Hub", hub_venue="1 Hub Street, Norwich")
    for sessions in people:
        items = [FeedItem(session=s, private=True) for s in sessions]
        alone = build_calendar(items, name="Training dates", hub_name="Norwich Hub", hub_venue="1 Hub Street, Norwich")
        assert files.to_ical(items) == alone.to_ical()
    # Made once, used for every person given it.
    assert len(files._events) == 3
