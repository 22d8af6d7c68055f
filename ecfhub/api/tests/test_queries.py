"""Incremental sync is cheap: `updated_at` moves whenever what the API shows changes (triggers, whatever
writes it), `filter[updated_since]` reads only those rows, and a page costs the same queries at any size."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecfhub.attendance.tests.factories import set_mark
from ecfhub.conftest import make_participant
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.onboarding.services import change_status
from ecfhub.people.models import Mentorship, Participant, ParticipantType, User

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def _age_everyone() -> None:
    Participant.objects.update(updated_at=LONG_AGO)


def _updated(pk: int) -> datetime.datetime:
    return Participant.objects.get(pk=pk).updated_at


def test_every_kind_of_change_the_api_shows_moves_updated_at(ect, mentor, cohort, calendar_2025, hub_admin) -> None:
    changes = [
        lambda: Participant.objects.filter(pk=ect.pk).update(schedule_identifier="ecf-extended-september"),
        lambda: change_status(participant=ect, status="deferred", on=timezone.localdate(), reason="bereavement", actor=hub_admin),
        lambda: User.objects.filter(pk=ect.user_id).update(full_name="Erin Renamed"),
        lambda: Mentorship.objects.filter(ect=ect).update(ended_on=ect.induction_start_date + datetime.timedelta(days=30)),
        lambda: set_mark(assign(ect, make_session(make_event(cohort, order=9, title="Clinic 9"), datetime.date(2025, 10, 8))), "present"),
    ]  # fmt: skip
    for n, change in enumerate(changes):
        _age_everyone()
        change()
        assert _updated(ect.pk) > LONG_AGO, f"change {n} did not touch updated_at"
        assert _updated(mentor.pk) == LONG_AGO, f"change {n} touched someone else"


def test_saving_without_changing_anything_shown_leaves_updated_at(ect) -> None:
    _age_everyone()
    Participant.objects.get(pk=ect.pk).save()
    assert _updated(ect.pk) == LONG_AGO


def test_updated_since_returns_only_the_changed_people(api, ect, mentor) -> None:
    _age_everyone()
    Participant.objects.filter(pk=mentor.pk).update(status_reason="other")
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    data = api.get("/api/v3/participants", {"filter[updated_since]": since}).json()["data"]
    assert [d["attributes"]["full_name"] for d in data] == ["Max Mentor"]


def test_filters_cohort_status_ids_and_sort(api, ect, mentor, other_school) -> None:
    from ecfhub.programme.services import get_or_create_cohort

    later = make_participant(
        email="lee@oakfield.test", name="Lee Later", school=other_school,
        cohort=get_or_create_cohort(start_year=2026), kind=ParticipantType.ECT, trn="1000099",
    )  # fmt: skip
    Participant.objects.filter(pk=mentor.pk).update(status="withdrawn", status_reason="moved-school")
    names = lambda q: [d["attributes"]["full_name"] for d in api.get("/api/v3/participants", q).json()["data"]]  # noqa: E731
    assert names({"filter[cohort]": "2026"}) == ["Lee Later"]
    assert sorted(names({"filter[cohort]": "2025,2026"})) == ["Erin Ect", "Lee Later", "Max Mentor"]
    assert names({"filter[training_status]": "withdrawn"}) == ["Max Mentor"]
    withdrawn = api.get("/api/v3/participants", {"filter[training_status]": "withdrawn"}).json()["data"][0]
    assert withdrawn["attributes"]["ecf_enrolments"][0]["withdrawal"]["reason"] == "moved-school"
    Participant.objects.filter(pk=later.pk).update(provider_participant_id="7a8fef46-3c43-42c0-b3d5-1ba5904ba562")
    assert names({"filter[participant_id]": "7a8fef46-3c43-42c0-b3d5-1ba5904ba562"}) == ["Lee Later"]
    hub_id = api.get("/api/v3/participants", {"filter[cohort]": "2025", "sort": "created_at"}).json()["data"][0]["id"]
    assert len(names({"filter[participant_id]": hub_id})) == 1
    assert names({"sort": "-created_at"}) == list(reversed(names({"sort": "created_at"})))
    assert names({"page[per_page]": "2", "page[page]": "2"}) == names({})[2:]
    assert names({"page[page]": "99"}) == []


def test_a_page_of_participants_costs_the_same_queries_at_any_size(
    api, cohort, school, calendar_2025, django_assert_num_queries
) -> None:
    for n in range(40):
        make_participant(
            email=f"p{n}@riverside.test", name=f"Person {n:02}", school=school, cohort=cohort,
            kind=ParticipantType.ECT, trn=f"{3000000 + n}",
        )  # fmt: skip
    # Warm: the token's use is audited once a minute; the learning settings' row is made on first read.
    api.get("/api/v3/participants", {"page[per_page]": "1", "include_ecf_hub": "true"})
    with CaptureQueriesContext(connection) as first:
        assert len(api.get("/api/v3/participants", {"page[per_page]": "1"}).json()["data"]) == 1
    for size in (5, 40):
        with django_assert_num_queries(len(first)):
            assert len(api.get("/api/v3/participants", {"page[per_page]": str(size)}).json()["data"]) == size
    with CaptureQueriesContext(connection) as with_progress:
        api.get("/api/v3/participants", {"page[per_page]": "1", "include_ecf_hub": "true"})
    for size in (5, 40):
        with django_assert_num_queries(len(with_progress)):
            page = api.get("/api/v3/participants", {"page[per_page]": str(size), "include_ecf_hub": "true"}).json()
            assert len(page["data"]) == size


def test_ecf_hubs_additions_come_only_when_asked_for(api, ect, calendar_2025) -> None:
    plain = api.get("/api/v3/participants").json()["data"]
    assert all("ecf_hub" not in p["attributes"] for p in plain)
    erin = next(
        p for p in api.get("/api/v3/participants", {"include_ecf_hub": "true"}).json()["data"]
        if p["attributes"]["full_name"] == "Erin Ect"
    )  # fmt: skip
    assert erin["attributes"]["ecf_hub"] == {"progress": "behind", "sessions_attended": 0, "sessions_required": 9}
    one = api.get(f"/api/v3/participants/{erin['id']}", {"include_ecf_hub": "true"}).json()["data"]
    assert one == erin
