"""The hub admins' Scheduling pages: scope, progress, preview with bars, confirm."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.urls import reverse

from ecfhub.notifications.testing import run_tasks
from ecfhub.scheduling.models import Assignment, ScheduleRun
from ecfhub.scheduling.services.runs import compute_run

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2025, 9, 3, 9, 0)


def test_only_hub_admins_reach_scheduling(client, tutor, ect) -> None:
    assert client.get(reverse("scheduling:index")).status_code == 302  # sign in first
    client.force_login(tutor)
    assert client.get(reverse("scheduling:index")).status_code == 403
    client.force_login(ect.user)
    assert client.get(reverse("scheduling:place")).status_code == 403


def finish_runs() -> None:
    """Do the queued runs' work here (the worker's own loop is exercised in the first test)."""
    for pk in ScheduleRun.objects.filter(status=ScheduleRun.Status.QUEUED).values_list("pk", flat=True):
        compute_run(pk)


@pytest.mark.django_db(transaction=True)
@time_machine.travel(TODAY, tick=False)
def test_a_dry_run_shows_progress_then_a_preview_and_confirming_gives_the_dates(
    client, hub_admin, sessions, ect, other_ect
) -> None:
    client.force_login(hub_admin)
    response = client.post(reverse("scheduling:index"), {"cohort": "", "until": ""})
    run = ScheduleRun.objects.get()
    assert response.url == reverse("scheduling:run", args=[run.pk])
    waiting = client.get(response.url).content.decode()
    assert "data-hub-refresh" in waiting and "<progress" in waiting  # app.js checks back; no <meta refresh>

    run_tasks()
    page = BeautifulSoup(client.get(response.url).content, "html.parser")
    assert "data-hub-refresh" not in str(page)
    meters = page.find_all("meter")
    assert len(meters) == 4 and {m["value"] for m in meters} == {"1"}
    assert "1 of 10 (10%)" in page.get_text()
    assert "4 of 4 needed" in page.get_text()
    assert "People would be told on" in page.get_text()
    assert not page.select("[style]")
    assert not Assignment.objects.exists()

    confirmed = client.post(reverse("scheduling:commit", args=[run.pk]), follow=True).content.decode()
    assert "4 dates given to 2 people; 2 notice e-mails are on their way." in confirmed
    assert "People would be told" not in confirmed  # it has happened: the page says so in the past
    assert "Notice was counted from" in confirmed
    assert "How full each session was after these dates" in confirmed and "would be" not in confirmed
    assert "Given by this run" in confirmed and "Hana Admin" in confirmed
    # Sessions by their date, time and place, never by a database number.
    first = ScheduleRun.objects.get().result["sessions"][0]
    assert f'<td class="govuk-table__cell">{first["id"]}</td>' not in confirmed
    assert "Places taken on" in confirmed and " to " in confirmed
    listed = client.get(reverse("scheduling:index")).content.decode()
    assert "Dates given: 4 dates given to 2 people" in listed and "No runs yet" not in listed
    assert Assignment.objects.filter(status="assigned").count() == 4
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.COMMITTED
    # Confirming twice does nothing more.
    client.post(reverse("scheduling:commit", args=[run.pk]))
    run_tasks()
    assert Assignment.objects.count() == 4


@time_machine.travel(TODAY, tick=False)
def test_the_preview_lists_who_is_unplaced_and_why(client, hub_admin, sessions, ect) -> None:
    ect.unavailable_weekdays = [1, 2]
    ect.save()
    client.force_login(hub_admin)
    client.post(reverse("scheduling:index"), {})
    finish_runs()
    text = BeautifulSoup(
        client.get(reverse("scheduling:run", args=[ScheduleRun.objects.get().pk])).content, "html.parser"
    ).get_text()
    assert "Erin Ect" in text and "no session with enough notice on a day they work" in text


@time_machine.travel(TODAY, tick=False)
def test_the_preview_page_takes_the_same_queries_however_many_people(
    client, hub_admin, sessions, ect, other_ect, school, cohort, django_assert_num_queries
) -> None:
    from ecfhub.conftest import make_participant

    client.force_login(hub_admin)

    def preview_queries() -> int:
        client.post(reverse("scheduling:index"), {})
        finish_runs()
        run = ScheduleRun.objects.first()
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("scheduling:run", args=[run.pk])).status_code == 200
        return len(captured)

    small = preview_queries()
    for n in range(6):
        make_participant(
            email=f"p{n}@riverside.test", name=f"P{n}", school=school, cohort=cohort, kind="ect", trn=f"300000{n}"
        )
    assert preview_queries() == small
    run = ScheduleRun.objects.first()
    with django_assert_num_queries(small):
        client.get(reverse("scheduling:run", args=[run.pk]))


def test_a_scope_with_events_of_another_cohort_is_refused(client, hub_admin, clinic_1) -> None:
    from ecfhub.programme.services import get_or_create_cohort

    other = get_or_create_cohort(start_year=2026)
    client.force_login(hub_admin)
    response = client.post(reverse("scheduling:index"), {"cohort": other.pk, "events": [clinic_1.pk]})
    assert response.status_code == 200
    assert "Choose events of the chosen cohort" in response.content.decode()
    assert not ScheduleRun.objects.exists()


@pytest.mark.django_db(transaction=True)
@time_machine.travel(TODAY, tick=False)
def test_a_large_commit_runs_in_the_background_with_progress(
    client, hub_admin, sessions, ect, other_ect, settings
) -> None:
    from ecfhub.scheduling import views

    client.force_login(hub_admin)
    client.post(reverse("scheduling:index"), {})
    run_tasks()
    run = ScheduleRun.objects.get()
    views.SYNC_COMMIT_MAX, before = 1, views.SYNC_COMMIT_MAX
    try:
        saving = client.post(reverse("scheduling:commit", args=[run.pk]), follow=True).content.decode()
    finally:
        views.SYNC_COMMIT_MAX = before
    assert "Saving the dates" in saving and "data-hub-refresh" in saving
    assert not Assignment.objects.exists()
    run_tasks()
    done = client.get(reverse("scheduling:run", args=[run.pk])).content.decode()
    assert "4 dates given to 2 people" in done and "data-hub-refresh" not in done
    assert Assignment.objects.count() == 4


def test_the_first_date_with_enough_notice_is_a_school_day_never_a_saturday(calendar_2025) -> None:
    from ecfhub.scheduling.views import _first_school_day

    assert _first_school_day("2026-01-17") == datetime.date(2026, 1, 19)  # a Saturday: the Monday after
    assert _first_school_day("2026-02-14") == datetime.date(2026, 2, 23)  # half-term week: the first day back
    assert _first_school_day("2026-01-20") == datetime.date(2026, 1, 20)
    assert _first_school_day(None) is None
