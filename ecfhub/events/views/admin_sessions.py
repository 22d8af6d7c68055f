"""Hub admins' pages for an event's sessions: adding repeat sessions, changing one, cancelling one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ecfhub.events.forms import AddSessionsForm, CancelSessionForm, SessionForm
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.services import (
    DayChangeNeedsConfirming,
    add_sessions,
    cancel_session,
    local_datetime,
    update_session,
)
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.concurrency import version_of
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.params import parse_id
from ecfhub.scheduling.eligibility import Recheck, check_new_dates
from ecfhub.scheduling.summaries import booked_count


@hub_admin_required
def sessions_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent.objects.select_related("cohort"), pk=pk)
    hub = current_hub_settings(request)
    form = AddSessionsForm(request.POST or None, event=event, hub_venue=hub.venue_address)
    order_warning = None
    if request.method == "POST" and form.is_valid() and request.POST.get("add_anyway") != "yes":
        starts = [local_datetime(day, form.cleaned_data["start_time"]) for day in form.cleaned_data["dates"]]
        check = check_new_dates(event, starts)
        order_warning = check if check.unusable_by_order else None
    if request.method == "POST" and form.is_valid() and order_warning is None:
        try:
            sessions = add_sessions(
                event=event, dates=form.cleaned_data["dates"], **form.session_fields(), actor=request.user
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} of “{event.title}” added."
            )
            return redirect("events:event_detail", pk=event.pk)
    return render(
        request, "events/sessions_add.html", {"form": form, "event": event, "hub": hub, "order_warning": order_warning}
    )


@hub_admin_required
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("event__cohort"), pk=pk)
    if session.is_cancelled:
        messages.info(request, "That session is cancelled, so it cannot be changed.")
        return redirect("events:event_detail", pk=session.event_id)
    hub = current_hub_settings(request)
    form = SessionForm(request.POST or None, session=session, hub_venue=hub.venue_address, version=version_of(session))
    affected: list[Recheck] = []
    if request.method == "POST" and form.is_valid():
        before = session.sequence
        try:
            session = update_session(
                session=session,
                day=form.cleaned_data["date"],
                **form.session_fields(),
                expected_version=form.expected_version,
                displace=_confirmed_displacements(request),
                actor=request.user,
            )
        except DayChangeNeedsConfirming as change:
            affected = change.affected
        except DomainError as error:
            if error.code == "edit_conflict":
                form.show_conflict_with(error, session)
            else:
                form.add_error(None, error.message)
        else:
            # Held for a few minutes (notifications/pace.py), so further corrections make one e-mail.
            told = (
                " Everyone on it will be e-mailed the change in a few minutes (one e-mail, "
                "however many changes you make before then)."
                if session.sequence != before
                else ""
            )
            messages.success(request, f"Session saved.{told}")
            return redirect("events:event_detail", pk=session.event_id)
    booked = booked_count(session.pk)
    return render(
        request,
        "events/session_form.html",
        {
            "form": form,
            "session": session,
            "booked": booked,
            "started": session.starts_at <= timezone.now(),
            "affected": affected,
            "displace": ",".join(str(a.participant.pk) for a in affected if a.blocking),
            "leaving": sum(1 for a in affected if a.blocking),
        },
    )


def _confirmed_displacements(request: AuthenticatedRequest) -> set[int] | None:
    # The people the admin saw listed and agreed to take off; None until they have confirmed.
    # Hostile input can only make the set differ from the service's own re-check, which refuses.
    if request.POST.get("confirm_day_change") != "yes":
        return None
    return {n for n in map(parse_id, request.POST.get("displace", "").split(",")) if n is not None}


@hub_admin_required
def session_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("event__cohort"), pk=pk)
    if session.is_cancelled:
        messages.info(request, "That session was already cancelled.")
        return redirect("events:event_detail", pk=session.event_id)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reopened = cancel_session(session=session, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                f"Session cancelled. {reopened} {'person has' if reopened == 1 else 'people have'} been told, "
                "and their places are open for rescheduling.",
            )
            return redirect("events:event_detail", pk=session.event_id)
    booked = booked_count(session.pk)
    started = session.starts_at <= timezone.now()  # the service refuses it too; the page says why
    return render(
        request,
        "events/session_cancel.html",
        {"form": form, "session": session, "booked": booked, "started": started},
    )
