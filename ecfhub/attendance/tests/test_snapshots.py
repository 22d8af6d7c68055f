"""Progress recorded once a day (on track, at risk, behind per cohort and type), and drawn from the
records on the hub's trends page: never worked out again for days gone by."""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecfhub.attendance.models import ProgressSnapshot
from ecfhub.attendance.snapshots import record_progress_snapshot
from ecfhub.attendance.tests.factories import crowd, set_mark
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.notifications import periodic
from ecfhub.people.models import Mentorship, Participant
from ecfhub.programme.services import get_or_create_cohort

NOW = local_datetime(datetime.date(2026, 3, 10), datetime.time(0, 30))
LATER_THAT_DAY = NOW + datetime.timedelta(hours=20)
NEXT_DAY = NOW + datetime.timedelta(days=1)


@pytest.fixture
def programme(cohort, ect, other_ect, mentor, other_mentor, calendar_2025):  # type: ignore[no-untyped-def]
    """Ed missed two clinics (behind), Erin one (at risk); Max is on track; Olga has withdrawn (not counted)."""
    first = make_session(make_event(cohort, order=1), datetime.date(2026, 1, 14))
    second = make_session(make_event(cohort, order=2, title="Questioning clinic"), datetime.date(2026, 2, 11))
    set_mark(assign(other_ect, first), "absent")
    set_mark(assign(other_ect, second), "absent")
    # Erin: came to the first, missed the second, two dates to come before 30 April: 75% still reachable.
    set_mark(assign(ect, first), "present")
    set_mark(assign(ect, second), "absent")
    assign(ect, make_session(make_event(cohort, order=4, title="Fourth"), datetime.date(2026, 4, 22)))
    assign(ect, make_session(make_event(cohort, order=5, title="Fifth"), datetime.date(2026, 4, 23)))
    Participant.objects.filter(pk=other_mentor.pk).update(status=Participant.Status.WITHDRAWN)
    Mentorship.objects.all().delete()  # no coaching due: the events alone decide
    return {"first": first}


def rows() -> list[tuple[object, ...]]:
    return list(
        ProgressSnapshot.objects.values_list(
            "day", "cohort__start_year", "participant_type", "on_track", "at_risk", "behind"
        )
    )


def test_a_day_is_recorded_once_per_cohort_and_type_with_the_hub_pages_statuses(programme) -> None:
    recorded = record_progress_snapshot(now=NOW)
    day = datetime.date(2026, 3, 10)
    assert len(recorded) == 2
    assert rows() == [(day, 2025, "ect", 0, 1, 1), (day, 2025, "mentor", 1, 0, 0)]


def test_a_second_run_the_same_day_records_nothing_and_the_next_day_records_its_own(programme, ect) -> None:
    record_progress_snapshot(now=NOW)
    set_mark(assign(ect, make_session(make_event(get_or_create_cohort(start_year=2025), order=3, title="Third"),
                                      datetime.date(2026, 3, 4))), "absent")  # fmt: skip
    assert record_progress_snapshot(now=LATER_THAT_DAY) == []
    assert record_progress_snapshot(now=NEXT_DAY) != []
    # The first day keeps what was true then; the second sees Erin behind too.
    assert rows() == [
        (datetime.date(2026, 3, 10), 2025, "ect", 0, 1, 1),
        (datetime.date(2026, 3, 10), 2025, "mentor", 1, 0, 0),
        (datetime.date(2026, 3, 11), 2025, "ect", 0, 0, 2),
        (datetime.date(2026, 3, 11), 2025, "mentor", 1, 0, 0),
    ]


def test_recorded_counts_cannot_be_changed_or_deleted(programme) -> None:
    record_progress_snapshot(now=NOW)
    row = ProgressSnapshot.objects.first()
    assert row is not None
    with pytest.raises(PermissionDenied):
        ProgressSnapshot.objects.update(behind=0)
    with pytest.raises(PermissionDenied):
        ProgressSnapshot.objects.all().delete()
    with pytest.raises(PermissionDenied):
        row.save()


def test_the_job_is_registered_with_the_periodic_runner() -> None:
    assert "attendance.progress_snapshot" in {job.name for job in periodic.registered()}


def test_recording_costs_the_same_queries_at_10_and_500_people(cohort, school, calendar_2025) -> None:
    session = make_session(make_event(cohort), datetime.date(2026, 1, 14), capacity=1000)
    for place in crowd(n=10, school=school, cohort=cohort, session=session, start_trn=3000000):
        set_mark(place, "absent")
    record_progress_snapshot(now=NOW - datetime.timedelta(days=1))  # warm: settings rows created once
    with CaptureQueriesContext(connection) as small:
        record_progress_snapshot(now=NOW)
    for place in crowd(n=490, school=school, cohort=cohort, session=session, start_trn=3100000):
        set_mark(place, "present")
    with CaptureQueriesContext(connection) as large:
        record_progress_snapshot(now=NEXT_DAY)
    assert len(large) == len(small)
    assert rows()[-1][3:] == (490, 0, 10)  # absent from their one event, nothing to come: behind


@time_machine.travel(NOW, tick=False)
def test_the_trends_page_says_nothing_is_recorded_yet_rather_than_inventing_months(client, programme, hub_admin):
    client.force_login(hub_admin)
    page = client.get(reverse("attendance:trends")).content.decode()
    assert "Not recorded yet." in page
    assert "people-on-track-at-risk-behind.svg" not in page


@time_machine.travel(NEXT_DAY, tick=False)
def test_the_trends_table_shows_each_months_last_recorded_day_and_since_when(client, programme, hub_admin):
    record_progress_snapshot(now=local_datetime(datetime.date(2026, 2, 26), datetime.time(1, 0)))
    record_progress_snapshot(now=local_datetime(datetime.date(2026, 2, 27), datetime.time(1, 0)))
    record_progress_snapshot(now=NOW)
    client.force_login(hub_admin)
    page = client.get(reverse("attendance:trends")).content.decode()
    assert "Recorded once a day since 26 February 2026" in page
    table = page.split("People on track, at risk and behind, 2025/26</caption>")[1].split("</table>")[0]
    february = table.split(">Feb 2026<")[1].split("</tr>")[0]
    assert "on 27 Feb" in february and re.findall(r">(\d+)<", february) == ["1", "1", "1"]
    march = table.split(">Mar 2026<")[1].split("</tr>")[0]
    assert "on 10 Mar" in march and re.findall(r">(\d+)<", march) == ["1", "1", "1"]
    assert "Not recorded" in table.split(">Jan 2026<")[1].split("</tr>")[0]
    assert 'src="/manage/attendance/trends/people-on-track-at-risk-behind.svg?year=2025"' in page


@time_machine.travel(NEXT_DAY, tick=False)
def test_the_progress_chart_is_an_svg_with_no_script_labelled_segments_and_its_style_by_hash(
    client, programme, hub_admin
):
    record_progress_snapshot(now=NOW)
    client.force_login(hub_admin)
    response = client.get(reverse("attendance:trends_progress_chart"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.content.decode())
    assert "script" not in {element.tag.split("}")[1] for element in root.iter()}
    style = next(e for e in root.iter() if e.tag.endswith("}style")).text or ""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in response["Content-Security-Policy"]
    texts = [e.text for e in root.iter() if e.tag.endswith("}text") and e.text]
    assert {"On track", "At risk", "Behind"} <= set(texts)
    assert "People on track, at risk and behind, 2025/26" in texts and "1" in texts


@time_machine.travel(NEXT_DAY, tick=False)
def test_the_trends_page_costs_the_same_queries_with_one_day_recorded_and_with_many(client, programme, hub_admin):
    client.force_login(hub_admin)
    urls = [reverse("attendance:trends"), reverse("attendance:trends_progress_chart")]
    record_progress_snapshot(now=NOW)
    for url in urls:
        client.get(url)  # warm
    small = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        small[url] = len(captured)
    for n in range(1, 40):
        record_progress_snapshot(now=NOW - datetime.timedelta(days=n))
    large = {}
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        large[url] = len(captured)
    assert large == small
