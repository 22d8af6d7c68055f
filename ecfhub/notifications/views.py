"""The hub admins' view of the outbox: every message, its state, and why it failed."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.text import one_line
from ecfhub.notifications import pace
from ecfhub.notifications.models import HeldMessage, OutboundMessage
from ecfhub.notifications.sending import send_again

# The outbox's filter: the statuses, and queued messages the per-recipient cap holds for a later hour.
WAITING = "waiting"
HELD_SHOWN = 100


@hub_admin_required
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    # A search for part of an address: control characters cannot be in one (and PostgreSQL refuses NUL).
    query = one_line(request.GET.get("q", "")).strip()[:254]
    rows = OutboundMessage.objects.defer("body_text", "body_html", "attachments")
    if status == WAITING:
        rows = rows.filter(status=OutboundMessage.Status.QUEUED).exclude(waiting_reason="")
    elif status in OutboundMessage.Status.values:
        rows = rows.filter(status=status)
    held = HeldMessage.objects.select_related("user").order_by("due_at", "pk")
    if query:
        rows = rows.filter(to__icontains=query)
        held = held.filter(user__email__icontains=query)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "query": query,
            "statuses": [*OutboundMessage.Status.choices, (WAITING, "Waiting for the next hour")],
            "held": [(row, pace.label_of(row.kind)) for row in held[:HELD_SHOWN]],
            "held_count": held.count(),
            "quiet_minutes": int(pace.quiet_period().total_seconds() // 60),
            "cap": pace.cap(),
        },
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
