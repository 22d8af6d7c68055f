"""The audit log, for hub admins: read-only, filtered, paginated."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ecfhub.audit.forms import AuditFilterForm
from ecfhub.audit.models import AuditEntry
from ecfhub.audit.queries import action_words, target_words
from ecfhub.lib.access import hub_admin_required

PAGE_SIZE = 50


@hub_admin_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    """Who changed what, and when: newest first."""
    form = AuditFilterForm(request.GET or None)
    entries = form.filter(AuditEntry.objects.all())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    targets = target_words(page.object_list)
    for entry in page.object_list:
        entry.action_words = action_words(entry.action)  # type: ignore[attr-defined]
        entry.target_words = targets.get((entry.target_type, entry.target_id), "")  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
