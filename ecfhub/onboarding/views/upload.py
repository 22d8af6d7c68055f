"""Registering many participants from one CSV file: template, check, preview, confirm, progress."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.access import get_import_for_user, get_school_for_user
from ecfhub.onboarding.csv_import import COLUMNS, OPTIONAL, check_file, template_csv
from ecfhub.onboarding.forms import CsvUploadForm
from ecfhub.onboarding.imports import confirm_import, store_checked
from ecfhub.onboarding.models import CsvImport
from ecfhub.onboarding.uploads import SizeLimitHandler
from ecfhub.people.models import WORKING_DAYS, ParticipantType, School

PREVIEW_ROWS = 200


@login_required
def template(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    get_school_for_user(request.user, school_id)
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ecf-hub-registrations.csv"'
    return response


@csrf_exempt  # only so the upload handler can go in before the body is read; _upload checks the token
@login_required
def upload(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """Stops reading an oversized file at the limit (see uploads.py) rather than storing all of it."""
    school = get_school_for_user(request.user, school_id)
    limiter = SizeLimitHandler(request, limit=settings.ECFHUB_MAX_UPLOAD_BYTES)
    request.upload_handlers = [limiter, *request.upload_handlers]  # raises if the body was already read
    return _upload(request, school, limiter)


@csrf_protect
def _upload(request: AuthenticatedRequest, school: School, limiter: SizeLimitHandler) -> HttpResponse:
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    # Reading request.POST ran the upload handlers, so the limiter now knows whether it stopped the file.
    refused_size = limiter.size_seen if limiter.refused else None
    if refused_size is not None:
        form = CsvUploadForm(data, {}, refused_size=refused_size)
    else:
        form = CsvUploadForm(data or None, files or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        checked = check_file(upload_file.read(), school=school, actor=request.user)
        if checked.ok:
            csv_import = store_checked(school=school, user=request.user, filename=upload_file.name, checked=checked)
            return redirect("onboarding:import", import_id=csv_import.pk)
        return render(
            request,
            "onboarding/upload_problems.html",
            {"school": school, "checked": checked, "filename": upload_file.name, "form": CsvUploadForm()},
            status=422,
        )
    return render(
        request, "onboarding/upload.html", {"school": school, "form": form, "columns": COLUMNS, "optional": OPTIONAL}
    )


@login_required
def csv_import(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    """The preview before confirming; after it, the progress and the outcome."""
    record = get_import_for_user(request.user, import_id)
    if request.method == "POST":
        try:
            record = confirm_import(csv_import=record, sha256=request.POST.get("sha256", ""))
        except DomainError as error:
            return render(
                request, "onboarding/import.html", {"import": record, "school": record.school, "error": error.message}
            )
        return redirect("onboarding:import", import_id=record.pk)
    return render(
        request,
        "onboarding/import.html",
        {
            "import": record,
            "school": record.school,
            "rows": [
                {
                    **row,
                    "start_date": datetime.date.fromisoformat(row["induction_start_date"]),
                    "type_label": ParticipantType(row["participant_type"]).label,
                    "days_off": ", ".join(WORKING_DAYS[day] for day in row.get("unavailable_weekdays", [])),
                }
                for row in record.rows[:PREVIEW_ROWS]
            ],
            "more": max(0, record.row_count - PREVIEW_ROWS),
            "refresh": record.status == CsvImport.Status.SAVING,
        },
    )
