"""DfE's published examples (Lead Provider API v3, written out here field for field) go through the API
and come back in DfE's shapes: a participant through PUT, the reconciliation and GET; a declaration
as the body a provider POSTs to DfE."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from ecfhub.attendance.tests.factories import set_mark
from ecfhub.conftest import make_participant
from ecfhub.events.tests.factories import assign, make_event, make_session
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.leadprovider.services import confirm_file
from ecfhub.people.models import Participant, ParticipantType, School
from ecfhub.programme.services import get_or_create_cohort

# DfE's example participant (GET /api/v3/participants, "success"), every field as published.
DFE_PARTICIPANT = {
    "id": "d0b4a32e-a272-489e-b30a-cb17131457fc",
    "type": "participant",
    "attributes": {
        "full_name": "John Doe",
        "teacher_reference_number": "1234567",
        "ecf_enrolments": [
            {
                "training_record_id": "42a9ef2f-9059-400a-92ff-4830a629d0c5",
                "email": "jane.smith@example.com",
                "mentor_id": "42a9ef2f-9059-400a-92ff-4830a629d0c5",
                "school_urn": "123456",
                "participant_type": "ect",
                "working_pattern": "full_time",
                "cohort": "2021",
                "training_status": "active",
                "participant_status": "active",
                "eligible_for_funding": True,
                "pupil_premium_uplift": True,
                "sparsity_uplift": True,
                "schedule_identifier": "ecf-standard-january",
                "delivery_partner_id": "42a9ef2f-9059-400a-92ff-4830a629d0c5",
                "withdrawal": None,
                "deferral": None,
                "created_at": "2023-01-01T00:00:00Z",
                "induction_end_date": "2023-01-01",
                "most_recent_induction_period_end_date": "2025-05-31",
                "overall_induction_start_date": "2023-01-01",
                "mentor_funding_end_date": "2023-01-01",
                "cohort_changed_after_payments_frozen": True,
                "mentor_ineligible_for_funding_reason": "completed_declaration_received",
            }
        ],
        "participant_id_changes": [
            {
                "from_participant_id": "23dd8d66-e11f-4139-9001-86b4f9abcb02",
                "to_participant_id": "ac3d1243-7308-4879-942a-c4a70ced400a",
                "changed_at": "2023-01-01T12:00:00Z",
            }
        ],
        "updated_at": "2021-05-31T02:22:32.000Z",
    },
}

# DfE's example declaration request (POST /api/v3/participant-declarations), every field as published.
DFE_DECLARATION_REQUEST = {
    "data": {
        "type": "participant-declaration",
        "attributes": {
            "participant_id": "3452b1a6-cbaa-422f-9ca9-40afa28583a2",
            "declaration_type": "retained-1",
            "declaration_date": "2021-05-31T02:21:32.000Z",
            "course_identifier": "ecf-induction",
            "evidence_held": "training-event-attended",
        },
    }
}
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")


@pytest.fixture
def john(db) -> Participant:  # type: ignore[no-untyped-def]
    school = School.objects.create(urn="123456", name="Example School")
    return make_participant(
        email="john@example.test",
        name="John Doe",
        school=school,
        cohort=get_or_create_cohort(start_year=2021),
        kind=ParticipantType.ECT,
        trn="1234567",
    )


def test_dfes_example_participant_goes_in_by_put_and_comes_back_by_get_in_dfes_shape(api, john, hub_admin) -> None:
    make_participant(
        email="ann@example.test", name="Ann Other", school=john.school, cohort=john.cohort,
        kind=ParticipantType.ECT, trn="7654321",
    )  # fmt: skip
    response = api.put("/api/v3/participants", {"data": [DFE_PARTICIPANT]})
    assert response.status_code == 201, response.content
    delivery = response.json()["data"]
    assert delivery["type"] == "participant-delivery"
    assert delivery["attributes"]["participants"] == 1
    provider_file = ProviderFile.objects.get(pk=delivery["id"])
    kinds = {d["kind"] for d in provider_file.differences}
    # Our John starts in September (standard-september); DfE's says January. Nobody is "missing there":
    # a page is not the provider's whole list (Ann, in the same cohort, is not on it).
    assert kinds == {"schedule"}
    schedule = next(d for d in provider_file.differences if d["kind"] == "schedule")
    confirm_file(provider_file=provider_file, accepted=[schedule["n"]], sha256=provider_file.sha256, actor=hub_admin)

    got = api.get(f"/api/v3/participants/{DFE_PARTICIPANT['id']}")
    assert got.status_code == 200, got.content
    body = got.json()["data"]
    assert (body["id"], body["type"]) == (DFE_PARTICIPANT["id"], "participant")
    theirs, ours = DFE_PARTICIPANT["attributes"], body["attributes"]
    assert (ours["full_name"], ours["teacher_reference_number"]) == (
        theirs["full_name"],
        theirs["teacher_reference_number"],
    )
    sent, back = theirs["ecf_enrolments"][0], ours["ecf_enrolments"][0]
    for name in ("school_urn", "participant_type", "working_pattern", "cohort", "training_status",
                 "participant_status", "schedule_identifier", "withdrawal", "deferral"):  # fmt: skip
        assert back[name] == sent[name], name
    # Every one of DfE's enrolment fields that the hub holds is there, under DfE's name.
    assert set(back) - {"training_record_id"} <= set(sent)
    assert RFC3339.fullmatch(ours["updated_at"]) and RFC3339.fullmatch(back["created_at"])


def test_the_same_page_put_twice_is_one_delivery(api, john) -> None:
    first = api.put("/api/v3/participants", {"data": [DFE_PARTICIPANT]})
    again = api.put("/api/v3/participants", {"data": [DFE_PARTICIPANT]})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["data"]["id"] == first.json()["data"]["id"]
    assert again.json()["data"]["attributes"]["already_received"] is True
    assert ProviderFile.objects.count() == 1
    changed = {**DFE_PARTICIPANT, "attributes": {**DFE_PARTICIPANT["attributes"], "updated_at": "2021-06-01T00:00:00Z"}}
    assert api.put("/api/v3/participants", {"data": [changed]}).status_code == 201
    assert ProviderFile.objects.count() == 2


def test_a_participant_the_reconciliation_would_refuse_is_refused_with_where_and_why(api, john) -> None:
    bad = {**DFE_PARTICIPANT, "attributes": {**DFE_PARTICIPANT["attributes"], "teacher_reference_number": "12"}}
    response = api.put("/api/v3/participants", {"data": [DFE_PARTICIPANT, bad]})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {
        "title": "data[1].attributes.teacher_reference_number",
        "detail": "Enter the TRN as 7 digits, for example 1234567.",
    } in errors
    assert ProviderFile.objects.count() == 0


NOW = datetime.datetime(2026, 9, 15, 12, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_a_declaration_is_the_body_a_provider_posts_to_dfe(api, cohort, ect, calendar_2025) -> None:
    Participant.objects.filter(pk=ect.pk).update(
        provider_participant_id=DFE_DECLARATION_REQUEST["data"]["attributes"]["participant_id"]
    )
    autumn = make_session(make_event(cohort, order=1, title="Clinic 1"), datetime.date(2025, 10, 8))
    set_mark(assign(ect, autumn), "present")
    response = api.get("/api/v3/participant-declarations")
    assert response.status_code == 200, response.content
    started = next(d for d in response.json()["data"] if d["attributes"]["declaration_type"] == "started")
    assert started["type"] == DFE_DECLARATION_REQUEST["data"]["type"]
    attributes = started["attributes"]
    wanted = DFE_DECLARATION_REQUEST["data"]["attributes"]
    # Every field of DfE's request is there under its name, so {type, attributes: these} can be POSTed as it is.
    body = {"data": {"type": started["type"], "attributes": {k: attributes[k] for k in wanted}}}
    assert set(body["data"]["attributes"]) == set(wanted)
    assert body["data"]["attributes"]["participant_id"] == wanted["participant_id"]
    assert body["data"]["attributes"]["course_identifier"] == wanted["course_identifier"]
    assert body["data"]["attributes"]["evidence_held"] == "training-event-attended"
    assert RFC3339.fullmatch(body["data"]["attributes"]["declaration_date"])
    assert body["data"]["attributes"]["declaration_date"].startswith("2025-10-08T00:00:00")
    assert attributes["state"] == "ready"
    one = api.get(f"/api/v3/participant-declarations/{started['id']}")
    assert one.status_code == 200 and one.json()["data"] == started
