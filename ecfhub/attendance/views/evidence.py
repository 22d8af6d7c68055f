"""The lead provider's evidence file: its page (who is not yet declarable, recording it as sent) and the file."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecfhub.attendance.evidence import file_name
from ecfhub.attendance.queries import EVIDENCE_NOTES, evidence_file
from ecfhub.attendance.queries.evidence import evidence_people, evidence_version
from ecfhub.attendance.services import record_evidence_sent
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib import when
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.spreadsheets import download
from ecfhub.programme.models import Cohort


class BadCohort(Exception):
    """The cohort asked for is not one of the hub's: its message says so in plain words."""


def _cohort_asked(value: str | None) -> int | None:
    """The cohort's start year from `?cohort=`, None for every cohort; BadCohort for anything else."""
    if value is None or value == "":
        return None
    years = list(Cohort.objects.order_by("start_year").values_list("start_year", flat=True))
    choices = ", ".join(str(y) for y in years) or "none yet"
    if not (value.isascii() and value.isdigit()) or int(value) not in years:
        raise BadCohort(
            f"There is no cohort {value[:10]!r}. Give a cohort by its start year ({choices}), or leave it out for every cohort."
        )
    return int(value)


def _bad(error: BadCohort) -> HttpResponse:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


@hub_admin_required
@require_GET
def evidence_page(request: AuthenticatedRequest) -> HttpResponse:
    """The evidence file's page: download it (every cohort, or one), who is not yet declarable and why,
    and "record this file as sent" once it has gone to the lead provider."""
    try:
        cohort = _cohort_asked(request.GET.get("cohort"))
    except BadCohort as error:
        return _bad(error)
    file = evidence_file(evidence_people(cohort), now=timezone.now())
    query = f"?cohort={cohort}" if cohort is not None else ""
    return render(
        request,
        "attendance/evidence.html",
        {
            "cohort": cohort,
            "cohorts": list(Cohort.objects.order_by("-start_year").values_list("start_year", flat=True)),
            "csv_url": reverse("attendance:evidence_csv") + query,
            "xlsx_url": reverse("attendance:evidence_xlsx") + query,
            "rows": len(file.rows),
            "to_record": len(file.to_record),
            "voids": sum(1 for r in file.to_record if r.line.state == "voided"),
            "not_yet": file.not_yet,
            "version": evidence_version(file),
        },
    )


@hub_admin_required
@require_GET
def evidence_csv(request: AuthenticatedRequest, fmt: str = "csv") -> HttpResponse:
    """The lead provider's evidence file, CSV or XLSX: one row per declaration the evidence supports and
    per void, in DfE's words (attendance/evidence.py); `?cohort=<start year>` for one cohort."""
    try:
        cohort = _cohort_asked(request.GET.get("cohort"))
    except BadCohort as error:
        return _bad(error)
    now = timezone.now()
    file = evidence_file(evidence_people(cohort), now=now)
    name = file_name(current_hub_settings(request).name, cohort, when.local(now).date())
    return download(file.table(), name=name, fmt=fmt, sheet="Evidence", notes=EVIDENCE_NOTES)


@hub_admin_required
@require_POST
def evidence_sent(request: AuthenticatedRequest) -> HttpResponse:
    """Record the file shown on the page as sent to the lead provider."""
    try:
        cohort = _cohort_asked(request.POST.get("cohort"))
    except BadCohort as error:
        return _bad(error)
    page = reverse("attendance:evidence") + (f"?cohort={cohort}" if cohort is not None else "")
    try:
        count = record_evidence_sent(
            cohort=cohort, expected_version=request.POST.get("version", ""), actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(page)
    if count:
        messages.success(request, f"Recorded as sent: {count} row{'s' if count != 1 else ''} of the evidence file.")
    else:
        messages.info(request, "Nothing new to record: every row of this file was already recorded as sent.")
    return redirect(page)
