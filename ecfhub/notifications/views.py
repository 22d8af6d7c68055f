"""The hub admins' view of the outbox: every message, its state, and why it failed."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ecfhub.lib.access import hub_admin_required
from ecfhub.notifications.models import OutboundMessage
from ecfhub.notifications.sending import send_again


@hub_admin_required
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()
    rows = OutboundMessage.objects.defer("body_text", "body_html", "attachments")
    if status in OutboundMessage.Status.values:
        rows = rows.filter(status=status)
    if query:
        rows = rows.filter(to__icontains=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {"page": page, "status": status, "query": query, "statuses": OutboundMessage.Status.choices},
    )


@hub_admin_required
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboundMessage, pk=message_id)
    return render(request, "notifications/message.html", {"message": message})


@hub_admin_required
@require_POST
def message_send_again(request: HttpRequest, message_id: int) -> HttpResponse:
    message = get_object_or_404(OutboundMessage, pk=message_id)
    if send_again(message):
        messages.success(request, f"The message to {message.to} is queued to be sent again.")
    else:
        messages.info(request, "Only a failed message can be sent again.")
    return redirect("notifications:message", message_id=message.pk)
