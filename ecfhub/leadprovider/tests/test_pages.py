"""The hub admin's pages: upload and check, review the differences, confirm once."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecfhub.leadprovider.models import ProviderFile
from ecfhub.leadprovider.tests.files import csv_bytes, pid, row
from ecfhub.people.models import Participant

pytestmark = pytest.mark.django_db


def post_file(client, data: bytes, name: str = "provider.csv"):  # type: ignore[no-untyped-def]
    return client.post(reverse("leadprovider:upload"), {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_a_checked_file_leads_to_its_differences_and_one_confirm(client, hub_admin, ect):
    client.force_login(hub_admin)
    data = csv_bytes([row(participant_id=pid(1), schedule_identifier="ecf-standard-april")])
    response = post_file(client, data)
    assert response.status_code == 302
    provider_file = ProviderFile.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Schedule differs (1)" in page and "ecf-standard-april" in page and 'name="accept"' in page
    response = client.post(response["Location"], {"accept": ["1"], "sha256": provider_file.sha256})
    assert response.status_code == 302
    assert Participant.objects.get(pk=ect.pk).schedule_identifier == "ecf-standard-april"
    page = client.get(response["Location"]).content.decode()
    # The other difference: Erin's mentor is not in the file (missing there), left unticked, so rejected.
    assert "1 of 2 differences accepted" in page and "Confirm these decisions" not in page


def test_problems_are_listed_by_row_and_nothing_is_kept(client, hub_admin):
    client.force_login(hub_admin)
    response = post_file(client, csv_bytes([row(teacher_reference_number="12")]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Problems in the file" in page and "teacher_reference_number" in page and "7 digits" in page
    assert not ProviderFile.objects.exists()


def test_a_spreadsheet_is_refused_with_a_message(client, hub_admin):
    client.force_login(hub_admin)
    response = post_file(client, b"PK", name="provider.xlsx")
    assert "save it as CSV first" in response.content.decode()


def test_a_difference_that_cannot_be_accepted_is_refused_by_the_form(client, hub_admin, ect):
    client.force_login(hub_admin)
    post_file(client, csv_bytes([row(participant_id=pid(1), school_urn="999999")]))
    provider_file = ProviderFile.objects.get()
    url = reverse("leadprovider:review", args=[provider_file.pk])
    response = client.post(url, {"accept": ["1"], "sha256": provider_file.sha256})
    assert response.status_code == 422
    assert "cannot be accepted here" in response.content.decode()
    response = client.post(url, {"accept": ["77"], "sha256": provider_file.sha256})
    assert "Choose from the differences listed." in response.content.decode()


def test_only_hub_admins_reach_the_pages(client, tutor):
    client.force_login(tutor)
    assert client.get(reverse("leadprovider:upload")).status_code == 403


def test_a_long_file_is_reviewed_kind_by_kind_a_page_at_a_time_and_a_whole_kind_accepted_at_once(
    client, hub_admin, ect
):
    from ecfhub.audit.models import AuditEntry
    from ecfhub.leadprovider import views

    differences = [
        {"n": n, "kind": "missing_here", "can_accept": True, "name": f"New {n}", "trn": "1", "type": "ect",
         "row": n, "note": ""}
        for n in range(1, 121)
    ] + [{"n": 121, "kind": "schedule", "can_accept": True, "name": "Erin Ect", "trn": "2", "type": "ect",
          "row": 121, "note": "", "participant": ect.pk, "value": "ecf-standard-april"}]  # fmt: skip
    provider_file = ProviderFile.objects.create(
        uploaded_by=hub_admin, filename="big.csv", sha256="a" * 64, digest="b" * 64, differences=differences
    )
    url = reverse("leadprovider:review", args=[provider_file.pk])
    client.force_login(hub_admin)
    page = client.get(url).content.decode()
    # The kind needing a decision comes first and is the one open; the 120 only noted come after.
    assert page.index("Schedule differs") < page.index("Missing here")
    assert 'id="accept-121"' in page and 'id="accept-1"' not in page
    missing = client.get(url, {"kind": "missing_here"}).content.decode()
    assert missing.count('name="accept"') == views.PER_PAGE and "page 1 of 3" in missing

    # One page decided, kept while moving on; then the whole kind at once, audited once.
    moved = client.post(url, {"kind": "missing_here", "page": "1", "shown": ["1", "2"], "accept": ["2"],
                              "sha256": "a" * 64, "action": "save"})  # fmt: skip
    assert moved["Location"] == f"{url}?kind=missing_here&page=2"
    provider_file.refresh_from_db()
    assert provider_file.accepted == [2]
    client.post(url, {"kind": "missing_here", "action": "accept_group", "sha256": "a" * 64})
    provider_file.refresh_from_db()
    assert provider_file.accepted == list(range(1, 121)) and provider_file.status == ProviderFile.Status.CHECKED
    assert AuditEntry.objects.filter(action="provider_file.group_accepted").count() == 1
    refused = client.post(url, {"kind": "missing_here", "action": "accept_group", "sha256": "0" * 64}, follow=True)
    assert "not the file you reviewed" in refused.content.decode()
