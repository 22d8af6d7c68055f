"""Hub admins' pages for a cohort's training events: the list with requirement checks, adding, editing, one event."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ecfhub.events.forms import EventFilterForm, TrainingEventForm
from ecfhub.events.models import TrainingEvent
from ecfhub.events.queries import check_requirements, events_for_admin, participants_needing
from ecfhub.events.services import (
    create_training_event,
    update_training_event,
)
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.concurrency import version_of
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.params import get_id
from ecfhub.people.models import Participant, User
from ecfhub.programme.models import Cohort


@hub_admin_required
def admin_list(request: HttpRequest) -> HttpResponse:
    """A cohort's events by audience and year, with sessions, seats, and whether they add up to the requirements."""
    cohorts = list(Cohort.objects.order_by("-start_year"))
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    cohort = data.get("cohort") or (cohorts[0] if cohorts else None)
    if cohort is None:
        return render(request, "events/admin_list.html", {"form": form, "cohort": None})
    form = EventFilterForm(
        initial={
            "cohort": cohort.pk,
            "audience": data.get("audience", ""),
            "programme_year": data.get("programme_year") or "",
        }
    )
    rows = events_for_admin(
        cohort=cohort, audience=data.get("audience") or None, programme_year=data.get("programme_year")
    )
    people = participants_needing(cohort)
    for row in rows:
        row.needed = people.get(row.event.audience, 0)  # type: ignore[attr-defined]
        row.short = row.seats < row.needed  # type: ignore[attr-defined]
    problems = {c: [check for check in check_requirements(c) if not check.ok] for c in cohorts}
    return render(
        request,
        "events/admin_list.html",
        {
            "form": form,
            "cohort": cohort,
            "rows": rows,
            "checks": check_requirements(cohort),
            "problems": {c: p for c, p in problems.items() if p},
            "people": people,
        },
    )


@hub_admin_required
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    initial = {}
    cohort = get_id(request.GET, "cohort")
    if cohort is not None:
        initial["cohort"] = cohort
    form = TrainingEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_training_event(cohort=form.cleaned_data["cohort"], **form.event_fields(), actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{event.title}” added. Now add its repeat sessions.")
            return redirect("events:sessions_add", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@hub_admin_required
def event_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent.objects.select_related("cohort"), pk=pk)
    form = TrainingEventForm(request.POST or None, instance=event, version=version_of(event))
    if request.method == "POST" and form.is_valid():
        try:
            event = update_training_event(
                event=event, changes=form.event_fields(), expected_version=form.expected_version, actor=request.user
            )
        except DomainError as error:
            if error.code == "edit_conflict":
                form.show_conflict_with(error, event)
            else:
                form.add_error(None, error.message)
        else:
            messages.success(request, f"“{event.title}” saved.")
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@hub_admin_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent.objects.select_related("cohort"), pk=pk)
    hub = current_hub_settings(request)
    sessions = list(
        event.sessions.with_booked().prefetch_related(
            Prefetch("facilitators", queryset=User.objects.only("id", "full_name", "email"))
        )
    )
    for session in sessions:
        session.place_label = session.place(hub.venue_address)  # type: ignore[attr-defined]
    scheduled = [s for s in sessions if not s.is_cancelled]
    needed = Participant.objects.filter(
        cohort=event.cohort, participant_type=event.audience, status=Participant.Status.ACTIVE
    ).count()
    return render(
        request,
        "events/event_detail.html",
        {
            "hub": hub,
            "event": event,
            "sessions": sessions,
            "seats": sum(s.capacity for s in scheduled),
            "booked": sum(s.booked for s in scheduled),  # type: ignore[attr-defined]
            "needed": needed,
            "now": timezone.now(),
        },
    )
