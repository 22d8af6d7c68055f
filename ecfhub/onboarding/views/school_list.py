"""Hub admins: the schools of the hub's local authorities from GIAS — upload, preview, confirm."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.onboarding.forms import CsvUploadForm
from ecfhub.onboarding.gias import check_gias_file
from ecfhub.onboarding.models import SchoolListImport
from ecfhub.onboarding.services import import_school_list, store_school_list
from ecfhub.onboarding.uploads import SizeLimitHandler

PREVIEW_ROWS = 200
_FIELD_LABELS = {
    "name": "Name",
    "local_authority": "Local authority",
    "establishment_type": "Type",
    "phase": "Phase",
    "gias_status": "Status",
    "closed": "Closed",
    "postcode": "Postcode",
    "town": "Town",
    "easting": "Easting",
    "northing": "Northing",
}


@csrf_exempt  # only so the upload handler can go in before the body is read; _upload checks the token
@hub_admin_required
def upload(request: AuthenticatedRequest) -> HttpResponse:
    """The registration CSV's size limit, enforced while the file arrives (uploads.py)."""
    limiter = SizeLimitHandler(request, limit=settings.ECFHUB_MAX_UPLOAD_BYTES)
    request.upload_handlers = [limiter, *request.upload_handlers]
    return _upload(request, limiter)


@csrf_protect
def _upload(request: AuthenticatedRequest, limiter: SizeLimitHandler) -> HttpResponse:
    hub = current_hub_settings(request)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if limiter.refused:
        form = CsvUploadForm(data, {}, refused_size=limiter.size_seen)
    else:
        form = CsvUploadForm(data or None, files or None)
    context = {"form": form, "authorities": hub.local_authority_names}
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        checked = check_gias_file(upload_file.file, local_authorities=hub.local_authority_names)
        if checked.ok:
            record = store_school_list(user=request.user, filename=upload_file.name, checked=checked)
            return redirect("onboarding:school_list_import", import_id=record.pk)
        return render(
            request,
            "onboarding/school_list_problems.html",
            {**context, "checked": checked, "filename": upload_file.name, "form": CsvUploadForm()},
            status=422,
        )
    return render(request, "onboarding/school_list_upload.html", context)


@hub_admin_required
def preview(request: AuthenticatedRequest, import_id: int) -> HttpResponse:
    """What the upload changes; confirming applies exactly that."""
    record = get_object_or_404(SchoolListImport, pk=import_id)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            counts = import_school_list(upload=record, sha256=request.POST.get("sha256", ""), actor=request.user)
        except DomainError as refused:
            error, status = refused.message, 409
            record.refresh_from_db()
        else:
            messages.success(
                request,
                f"The school list is imported: {counts['added']} added, {counts['updated']} updated, "
                f"{counts['closed']} marked closed.",
            )
            return redirect("onboarding:admin_schools")
    data = record.changes
    changed = [
        {
            **c,
            "rows": [
                (_FIELD_LABELS.get(name, name), _shown(old), _shown(new)) for name, (old, new) in c["changes"].items()
            ],
            "closing": bool(c["changes"].get("closed", [False, False])[1]),
        }
        for c in data["changed"][:PREVIEW_ROWS]
    ]
    return render(
        request,
        "onboarding/school_list_preview.html",
        {
            "import": record,
            "data": data,
            "new": data["new"][:PREVIEW_ROWS],
            "more_new": max(0, len(data["new"]) - PREVIEW_ROWS),
            "changed": changed,
            "more_changed": max(0, len(data["changed"]) - PREVIEW_ROWS),
            "closing": sum(1 for c in data["changed"] if c["changes"].get("closed", [False, False])[1]),
            "error": error,
        },
        status=status,
    )


def _shown(value: object) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)
