"""The hub's trends: attendance per month as a chart (an SVG image the CSP allows) beside its table."""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecfhub.attendance.tests.factories import crowd, set_mark
from ecfhub.events.services import local_datetime
from ecfhub.events.tests.factories import make_event, make_session

NOW = local_datetime(datetime.date(2026, 3, 10), datetime.time(12, 0))
MARKS = ["present", "present", "late", "left_early", "absent"]


@pytest.fixture
def sessions(cohort, school, hub_admin, calendar_2025):  # type: ignore[no-untyped-def]
    october = make_session(make_event(cohort, title="Autumn clinic"), datetime.date(2025, 10, 8), capacity=1000)
    january = make_session(make_event(cohort, order=2, title="Spring clinic"), datetime.date(2026, 1, 14))
    return {"october": october, "january": january}


def grow(sessions, school, n: int, start: int) -> None:  # type: ignore[no-untyped-def]
    places = crowd(n=n, school=school, cohort=sessions["october"].event.cohort, session=sessions["october"],
                   start_trn=start)  # fmt: skip
    for i, place in enumerate(places):
        set_mark(place, MARKS[i % 5])


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@time_machine.travel(NOW, tick=False)
def test_the_trends_page_and_chart_cost_the_same_queries_at_10_and_500_people(client, sessions, school, hub_admin):
    client.force_login(hub_admin)
    urls = [reverse("attendance:trends"), reverse("attendance:trends_chart")]
    grow(sessions, school, 10, 3000000)
    for url in urls:
        count(client, url)  # warm
    small = {url: count(client, url) for url in urls}
    grow(sessions, school, 490, 3100000)
    assert {url: count(client, url) for url in urls} == small


@time_machine.travel(NOW, tick=False)
def test_the_table_beside_the_chart_counts_each_mark_per_month(client, sessions, school, hub_admin):
    grow(sessions, school, 10, 3000000)
    client.force_login(hub_admin)
    page = client.get(reverse("attendance:trends")).content.decode()
    october = page.split(">Oct 2025<")[1].split("</tr>")[0]
    assert re.findall(r">(\d+%?)<", october) == ["4", "2", "2", "2", "80%"]
    assert "No registers" in page.split(">Jan 2026<")[1].split("</tr>")[0]
    assert '<img class="hub-chart" src="/manage/attendance/trends/attendance-per-month.svg?year=2025"' in page
    assert 'alt="Bar chart of attendance per month in 2025/26. The table below it has the same figures."' in page


@time_machine.travel(NOW, tick=False)
def test_the_chart_is_an_svg_with_no_script_and_only_its_own_style_allowed_by_hash(client, sessions, school, hub_admin):
    grow(sessions, school, 10, 3000000)
    client.force_login(hub_admin)
    response = client.get(reverse("attendance:trends_chart"))
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = response.content.decode()
    root = ET.fromstring(svg)
    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert "script" not in tags and not [e for e in root.iter() if "style" in e.attrib]
    style = next(e for e in root.iter() if e.tag.endswith("}style")).text or ""
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"style-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "script-src" not in policy
    # Read without colour: each segment carries its number, and the key names the marks.
    texts = [e.text for e in root.iter() if e.tag.endswith("}text") and e.text]
    assert {"4", "2"} <= set(texts) and {"Present", "Late", "Left early", "Absent"} <= set(texts)
    assert "Attendance per month, 2025/26" in texts
