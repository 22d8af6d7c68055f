"""The hub's pages for the lead provider's participant file: upload and check, then review and confirm."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from ecfhub.leadprovider.forms import DecisionsForm, ProviderFileForm, SizeLimitHandler
from ecfhub.leadprovider.models import ProviderFile
from ecfhub.leadprovider.reading import OPTIONAL, REQUIRED, read_file
from ecfhub.leadprovider.reconcile import KINDS
from ecfhub.leadprovider.services import NOTED_ONLY, accept_group, confirm_file, record_decisions, store_file
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


#: Differences of one kind listed per page of the review.
PER_PAGE = 50


def _groups(differences: list[dict[str, Any]], accepted: set[int]) -> list[dict[str, Any]]:
    """The differences by kind with their counts: kinds that change our records (a decision to make)
    first, in the order the provider's file is usually read; those only noted (missing here or there) last."""
    groups = []
    for kind, label in KINDS.items():
        items = [d for d in differences if d["kind"] == kind]
        if items:
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "items": items,
                    "acceptable": sum(1 for d in items if d.get("can_accept")),
                    "accepted": sum(1 for d in items if d["n"] in accepted),
                    "needs_decision": kind not in NOTED_ONLY,
                }
            )
    return sorted(groups, key=lambda g: not g["needs_decision"])


@hub_admin_required
def review(request: HttpRequest, file_id: int) -> HttpResponse:
    """The differences grouped by kind with counts, the ones needing a decision first; one kind at a
    time, a page at a time, each difference to accept or reject, or a whole kind accepted at once;
    then one confirm for all. Decisions are kept on the file between pages (`record_decisions`)."""
    provider_file = get_object_or_404(ProviderFile, pk=file_id)
    differences = provider_file.differences
    is_open = provider_file.status == ProviderFile.Status.CHECKED
    groups = _groups(differences, set(provider_file.accepted))
    kinds = [g["kind"] for g in groups]
    asked = request.POST.get("kind") or request.GET.get("kind") or ""
    kind = asked if asked in kinds else (kinds[0] if kinds else "")
    here = f"{reverse('leadprovider:review', args=[provider_file.pk])}?kind={kind}"
    form = DecisionsForm(request.POST or None, differences=differences, initial={"sha256": provider_file.sha256})
    if request.method == "POST" and is_open:
        action = request.POST.get("action", "confirm")
        if action == "accept_group":
            try:
                count = accept_group(
                    provider_file=provider_file, kind=kind, sha256=request.POST.get("sha256", ""), actor=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"Accepted {count} difference(s): {KINDS.get(kind, '')}.")
            return redirect(here)
        if form.is_valid():
            ticked = form.cleaned_data["accept"]
            paged = "shown" in request.POST  # a page of the review; an older form lists every difference
            shown = [n for n in map(parse_id, request.POST.getlist("shown")) if n is not None]
            try:
                if paged:
                    provider_file = record_decisions(
                        provider_file=provider_file,
                        shown=shown,
                        ticked=ticked,
                        sha256=form.cleaned_data["sha256"],
                        actor=request.user,
                    )
                if action == "save":
                    messages.success(request, "Decisions on this page saved. Nothing changes until you confirm.")
                    return redirect(_next_page(here, request.POST.get("page"), kinds, kind, groups))
                accepted = provider_file.accepted if paged else ticked
                confirm_file(
                    provider_file=provider_file,
                    accepted=accepted,
                    sha256=form.cleaned_data["sha256"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"Confirmed: accepted {len(accepted)} difference(s).")
                return redirect("leadprovider:review", file_id=provider_file.pk)
    group = next((g for g in groups if g["kind"] == kind), None)
    page = Paginator(group["items"] if group else [], PER_PAGE).get_page(request.GET.get("page"))
    if form.is_bound:
        ticked_now = {n for n in map(parse_id, form["accept"].value() or []) if n is not None}
    else:
        ticked_now = set(provider_file.accepted)
    return render(
        request,
        "leadprovider/review.html",
        {
            "file": provider_file,
            "form": form,
            "groups": groups,
            "group": group,
            "page": page,
            "kind": kind,
            "ticked": ticked_now,
            "accepted": set(provider_file.accepted),
            "open": is_open,
        },
        status=422 if form.errors else 200,
    )


def _next_page(here: str, page: str | None, kinds: list[str], kind: str, groups: list[dict[str, Any]]) -> str:
    """After saving a page: the next page of this kind, else the next kind, else back to the first."""
    number = parse_id(page or "1") or 1
    group = next(g for g in groups if g["kind"] == kind)
    if number * PER_PAGE < len(group["items"]):
        return f"{here}&page={number + 1}"
    following = kinds[kinds.index(kind) + 1 :]
    return here.split("?")[0] + (f"?kind={following[0]}" if following else "")
