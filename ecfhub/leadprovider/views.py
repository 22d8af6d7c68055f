"""The hub's pages for the lead provider's participant file: upload and check, then review and confirm."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ecfhub.leadprovider.forms import DecisionsForm, ProviderFileForm, SizeLimitHandler
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.leadprovider.reading import OPTIONAL, REQUIRED, read_file
from ecfhub.leadprovider.reconcile import KINDS
from ecfhub.leadprovider.services import confirm_file, store_file
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.params import parse_id

RECENT = 10


@csrf_exempt  # only so the size limiter can go in before the body is read; _upload checks the token
@hub_admin_required
def upload(request: HttpRequest) -> HttpResponse:
    """Stops reading an oversized file at the limit (onboarding/uploads.py) rather than storing all of it."""
    limiter = SizeLimitHandler(request, limit=settings.ECFHUB_MAX_UPLOAD_BYTES)
    request.upload_handlers = [limiter, *request.upload_handlers]
    return _upload(request, limiter)


@csrf_protect
def _upload(request: HttpRequest, limiter: SizeLimitHandler) -> HttpResponse:
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    if limiter.refused:
        form = ProviderFileForm(data, {}, refused_size=limiter.size_seen)
    else:
        form = ProviderFileForm(data or None, files or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        read = read_file(upload_file.read())
        if read.ok:
            provider_file = store_file(read=read, filename=upload_file.name, actor=request.user)
            return redirect("leadprovider:review", file_id=provider_file.pk)
        return render(
            request,
            "leadprovider/problems.html",
            {"checked": read, "filename": upload_file.name, "form": ProviderFileForm()},
            status=422,
        )
    return render(
        request,
        "leadprovider/upload.html",
        {
            "form": form,
            "required": REQUIRED,
            "optional": OPTIONAL,
            "recent": ProviderFile.objects.select_related("uploaded_by").defer("rows", "differences")[:RECENT],
        },
    )


@hub_admin_required
def review(request: HttpRequest, file_id: int) -> HttpResponse:
    """The differences found, grouped by kind, each to accept or reject; then one confirm for all."""
    provider_file = get_object_or_404(ProviderFile, pk=file_id)
    differences = provider_file.differences
    form = DecisionsForm(request.POST or None, differences=differences, initial={"sha256": provider_file.sha256})
    if request.method == "POST" and provider_file.status == ProviderFile.Status.CHECKED and form.is_valid():
        try:
            confirm_file(
                provider_file=provider_file,
                accepted=form.cleaned_data["accept"],
                sha256=form.cleaned_data["sha256"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Confirmed: accepted {len(form.cleaned_data['accept'])} difference(s).")
            return redirect("leadprovider:review", file_id=provider_file.pk)
    ticked = {n for n in map(parse_id, form["accept"].value() or []) if n is not None}
    accepted = set(provider_file.accepted)
    groups = [
        (kind, label, [d for d in differences if d["kind"] == kind])
        for kind, label in KINDS.items()
        if any(d["kind"] == kind for d in differences)
    ]
    return render(
        request,
        "leadprovider/review.html",
        {
            "file": provider_file,
            "form": form,
            "groups": groups,
            "ticked": ticked,
            "accepted": accepted,
            "open": provider_file.status == ProviderFile.Status.CHECKED,
        },
        status=422 if form.errors else 200,
    )
