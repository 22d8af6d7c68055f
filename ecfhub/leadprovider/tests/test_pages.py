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
