"""A schedule run's status, moved only by services.runs: what the admin sees after each way a run can end."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from ecfhub.audit.models import AuditEntry
from ecfhub.notifications.models import OutboundMessage
from ecfhub.scheduling.models import Assignment, ScheduleRun
from ecfhub.scheduling.services import place_manually
from ecfhub.scheduling.services.runs import claim_for_commit, commit_run, compute_run, create_run

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2025, 9, 3, 9, 0)


def ready_run(hub_admin) -> ScheduleRun:
    run = create_run(actor=hub_admin, cohort=None, events=[], until=None, as_of=TODAY.date())
    assert compute_run(run.pk) == ScheduleRun.Status.READY
    run.refresh_from_db()
    return run


@time_machine.travel(TODAY, tick=False)
def test_a_commit_that_fails_leaves_the_run_failed_not_committing_and_saves_nothing(
    client, hub_admin, sessions, ect, other_ect
) -> None:
    run = ready_run(hub_admin)
    # A preview whose rows break a database rule (the same person twice on one event): saving fails part way.
    placements = run.result["placements"]
    run.result = {**run.result, "placements": [*placements, placements[0]]}
    run.save(update_fields=["result"])
    client.force_login(hub_admin)
    page = client.post(reverse("scheduling:commit", args=[run.pk]), follow=True).content.decode()
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED
    assert "Saving the dates failed, so none were saved and nobody was told." in page
    assert not Assignment.objects.exists()
    assert not OutboundMessage.objects.exists()
    assert not AuditEntry.objects.filter(action="schedule.committed").exists()


@time_machine.travel(TODAY, tick=False)
def test_a_stale_preview_leaves_the_run_stale_with_the_reason(client, hub_admin, sessions, ect, other_ect) -> None:
    run = ready_run(hub_admin)
    place_manually(participant=ect, session=sessions["1a"], actor=hub_admin)
    client.force_login(hub_admin)
    page = client.post(reverse("scheduling:commit", args=[run.pk]), follow=True).content.decode()
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.STALE
    assert "have changed since this preview was made" in run.error and run.error in page
    assert Assignment.objects.count() == 1  # only the date placed by hand


@time_machine.travel(TODAY, tick=False)
def test_a_committed_run_says_who_committed_it_and_the_audit_names_the_run(hub_admin, sessions, ect) -> None:
    run = ready_run(hub_admin)
    assert claim_for_commit(run, today=TODAY.date())
    outcome = commit_run(run.pk, actor_id=hub_admin.pk)
    run.refresh_from_db()
    assert outcome.status == ScheduleRun.Status.COMMITTED and outcome.saved and outcome.saved.created == 2
    assert run.committed_by == hub_admin and run.committed_at is not None
    assert run.stage == "2 dates given to 1 people; 1 notice e-mails are on their way"
    entry = AuditEntry.objects.get(action="schedule.committed")
    assert entry.target_id == str(run.pk)


@time_machine.travel(TODAY, tick=False)
def test_a_run_is_claimed_once_so_a_double_click_commits_once(hub_admin, sessions, ect) -> None:
    run = ready_run(hub_admin)
    assert claim_for_commit(run, today=TODAY.date())
    assert commit_run(run.pk, actor_id=hub_admin.pk).status == ScheduleRun.Status.COMMITTED
    assert commit_run(run.pk, actor_id=hub_admin.pk).saved is None
    assert Assignment.objects.count() == 2


@time_machine.travel(TODAY + datetime.timedelta(days=1), tick=False)
def test_a_preview_from_an_earlier_day_cannot_be_confirmed(client, hub_admin, sessions, ect) -> None:
    with time_machine.travel(TODAY, tick=False):
        run = ready_run(hub_admin)
    client.force_login(hub_admin)
    response = client.post(reverse("scheduling:commit", args=[run.pk]), follow=True)
    assert "made on an earlier day" in response.content.decode()
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.READY
    assert not Assignment.objects.exists()


def test_a_dry_run_that_fails_says_so(hub_admin, sessions, ect) -> None:
    run = create_run(actor=hub_admin, cohort=None, events=[], until=None, as_of=TODAY.date())
    ScheduleRun.objects.filter(pk=run.pk).update(event_ids=["not an id"])
    assert compute_run(run.pk) == ScheduleRun.Status.FAILED
    run.refresh_from_db()
    assert run.status == ScheduleRun.Status.FAILED and run.error and run.finished_at
