"""Between the CSV preview and the confirm: keep the checked rows, then save them all at once.

Small files are saved while the tutor waits; bigger ones by the task worker, with
a page that refreshes until it is done. Either way the rows go through
register_participants(), the same service as the single form."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ecfhub.lib.errors import DomainError
from ecfhub.onboarding.csv_import import CheckedFile
from ecfhub.onboarding.models import CsvImport
from ecfhub.onboarding.services import Registration, RegistrationRejected, register_participants
from ecfhub.people.models import School

logger = logging.getLogger(__name__)

# Measured with bench/bench_csv_import.py: about 1 ms a row on SQLite, so 300 rows
# keep the confirm under a second; anything bigger goes to the worker.
SYNC_LIMIT = 300
KEEP_UNCONFIRMED = datetime.timedelta(days=1)


def store_checked(*, school: School, user: Any, filename: str, checked: CheckedFile) -> CsvImport:
    return CsvImport.objects.create(
        school=school,
        uploaded_by=user,
        filename=filename[:255],
        sha256=checked.sha256,
        rows=[r.as_json() for r in checked.registrations],
        row_count=len(checked.registrations),
    )


def confirm_import(*, csv_import: CsvImport, sha256: str) -> CsvImport:
    """The tutor confirmed the preview: save now, or hand it to the worker if it is big.

    Guarantees: an upload is saved at most once (a second confirm is refused), and
    only the file the tutor saw (matching `sha256`)."""
    if sha256 != csv_import.sha256:
        raise DomainError("stale_preview", "This is not the file you checked. Upload it again.")
    claimed = CsvImport.objects.filter(pk=csv_import.pk, status=CsvImport.Status.CHECKED).update(
        status=CsvImport.Status.SAVING
    )
    if not claimed:
        raise DomainError("already_confirmed", "This file has already been confirmed.")
    if csv_import.row_count > SYNC_LIMIT:
        transaction.on_commit(lambda: save_csv_import.enqueue(csv_import.pk))
    else:
        run_import(csv_import.pk)
    csv_import.refresh_from_db()
    return csv_import


def run_import(import_id: int) -> str:
    csv_import = CsvImport.objects.select_related("school", "uploaded_by").get(pk=import_id)
    if csv_import.status != CsvImport.Status.SAVING:
        return "not-saving"
    registrations = [Registration.from_json(row) for row in csv_import.rows]
    try:
        with transaction.atomic():
            register_participants(school=csv_import.school, actor=csv_import.uploaded_by, registrations=registrations)
            _finish(csv_import, CsvImport.Status.SAVED, saved=len(registrations))
    except RegistrationRejected as rejected:
        _finish(
            csv_import,
            CsvImport.Status.FAILED,
            problem=f"Nothing was saved: {len(rejected.problems)} participant(s) in the file were registered by "
            "someone else after you checked it. Upload the file again to see which.",
        )
    except Exception:
        logger.exception("CSV import %s failed", import_id)
        _finish(csv_import, CsvImport.Status.FAILED, problem="Nothing was saved: something went wrong. Try again.")
        raise
    return csv_import.status


def _finish(csv_import: CsvImport, status: str, *, saved: int = 0, problem: str = "") -> None:
    csv_import.status, csv_import.saved_count, csv_import.problem = status, saved, problem
    csv_import.finished_at = timezone.now()
    csv_import.rows = []  # the people are in their own tables now (or not at all); keep no copy
    csv_import.save(update_fields=["status", "saved_count", "problem", "finished_at", "rows"])


@task()
def save_csv_import(import_id: int) -> str:
    return run_import(import_id)


def prune_unconfirmed() -> int:
    """Delete checked uploads nobody confirmed within a day (they hold personal data)."""
    deleted, _ = CsvImport.objects.filter(
        status=CsvImport.Status.CHECKED, created_at__lt=timezone.now() - KEEP_UNCONFIRMED
    ).delete()
    return deleted
