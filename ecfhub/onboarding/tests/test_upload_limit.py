"""An oversized CSV is stopped while it arrives: the message is the same, but the file is never stored whole."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse

from ecfhub.onboarding.models import CsvImport
from ecfhub.people.models import Participant

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class RecordingTemporaryFileHandler(TemporaryFileUploadHandler):
    """Django's own temporary-file handler, noting how many bytes it was given to write."""

    written: list[int] = []

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.written.append(0)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.written[-1] += len(raw_data)
        super().receive_data_chunk(raw_data, start)


@pytest.fixture
def recording(settings):  # type: ignore[no-untyped-def]
    settings.FILE_UPLOAD_HANDLERS = [
        "django.core.files.uploadhandler.MemoryFileUploadHandler",
        f"{__name__}.RecordingTemporaryFileHandler",
    ]
    RecordingTemporaryFileHandler.written = []
    return RecordingTemporaryFileHandler.written


def big_csv(megabytes: int) -> bytes:
    return b"Full name,E-mail address,TRN,Induction start date,Type\r\n" + b"x" * (megabytes * MB)


def test_a_20_mb_file_is_stopped_at_the_limit_and_never_stored_whole(client, tutor, school, cohort, recording):
    client.force_login(tutor)
    response = client.post(
        reverse("onboarding:upload", args=[school.pk]),
        {"file": SimpleUploadedFile("staff.csv", big_csv(20), "text/csv")},
    )
    page = response.content.decode()
    assert "The file is 20 MB. Upload a file of 10 MB or less" in page
    assert recording, "the temporary-file handler should have started on a 20 MB request"
    assert max(recording) <= 10 * MB  # stopped at the limit, not 20 MB written to disk
    assert not CsvImport.objects.exists() and not Participant.objects.exists()


def test_a_file_within_the_limit_reaches_the_storage_handler_whole(client, tutor, school, cohort, recording):
    client.force_login(tutor)
    client.post(
        reverse("onboarding:upload", args=[school.pk]),
        {"file": SimpleUploadedFile("staff.csv", big_csv(6), "text/csv")},
    )
    assert recording and recording[-1] > 6 * MB  # the limiter passes every byte of an allowed file on


def test_a_smaller_limit_stops_sooner(client, tutor, school, cohort, recording, settings):
    settings.ECFHUB_MAX_UPLOAD_BYTES = 1 * MB
    client.force_login(tutor)
    page = client.post(
        reverse("onboarding:upload", args=[school.pk]),
        {"file": SimpleUploadedFile("staff.csv", big_csv(8), "text/csv")},
    ).content.decode()
    assert "The file is 8 MB. Upload a file of 1 MB or less" in page
    assert max(recording) <= 1 * MB


def test_the_upload_still_needs_the_csrf_token(tutor, school, cohort):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tutor)
    url = reverse("onboarding:upload", args=[school.pk])
    refused = client.post(url, {"file": SimpleUploadedFile("staff.csv", b"a,b\r\n", "text/csv")})
    assert refused.status_code == 403


def test_with_the_token_sent_first_an_oversized_file_gets_the_message_not_a_csrf_failure(tutor, school, cohort):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tutor)
    url = reverse("onboarding:upload", args=[school.pk])
    form_page = client.get(url).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page)
    assert match
    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": match.group(1),  # first, as the page's form sends it
            "file": SimpleUploadedFile("staff.csv", big_csv(20), "text/csv"),
        },
    )
    assert response.status_code == 200
    assert "Upload a file of 10 MB or less" in response.content.decode()
