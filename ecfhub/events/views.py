"""Training events: the hub admins' pages, and a participant's own sessions ("My events")."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ecfhub.calendar.ical import FeedItem, build_calendar, ics_response
from ecfhub.events.access import get_own_session
from ecfhub.events.forms import AddSessionsForm, CancelSessionForm, EventFilterForm, SessionForm, TrainingEventForm
from ecfhub.events.models import Session, TrainingEvent
from ecfhub.events.queries import check_requirements, events_for_admin, participants_needing
from ecfhub.events.services import (
    add_sessions,
    cancel_session,
    create_training_event,
    update_session,
    update_training_event,
)
from ecfhub.hub.models import HubSettings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.people.models import Participant, User
from ecfhub.programme.models import Cohort
from ecfhub.scheduling.models import Assignment


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
def event_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("cohort", "").isdigit():
        initial["cohort"] = int(request.GET["cohort"])
    form = TrainingEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = create_training_event(
                cohort=form.cleaned_data["cohort"],
                **{
                    k: form.cleaned_data[k]
                    for k in ("kind", "audience", "programme_year", "order", "title", "focus", "description")
                },
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{event.title}” added. Now add its repeat sessions.")
            return redirect("events:sessions_add", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@hub_admin_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent.objects.select_related("cohort"), pk=pk)
    form = TrainingEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        changes = {
            k: form.cleaned_data[k]
            for k in ("kind", "audience", "programme_year", "order", "title", "focus", "description")
        }
        event.refresh_from_db()  # the form wrote into the instance; the service compares with the stored row
        try:
            update_training_event(event=event, changes=changes, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{event.title}” saved.")
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@hub_admin_required
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent.objects.select_related("cohort"), pk=pk)
    hub = HubSettings.load()
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


@hub_admin_required
def sessions_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(TrainingEvent.objects.select_related("cohort"), pk=pk)
    hub = HubSettings.load()
    form = AddSessionsForm(request.POST or None, event=event, hub_venue=hub.venue_address)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions = add_sessions(
                event=event,
                dates=data["dates"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                mode=data["mode"],
                capacity=data["capacity"],
                joining_url=data["joining_url"],
                venue=data["venue"],
                facilitators=data["facilitators"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, f"{len(sessions)} session{'s' if len(sessions) != 1 else ''} of “{event.title}” added."
            )
            return redirect("events:event_detail", pk=event.pk)
    return render(request, "events/sessions_add.html", {"form": form, "event": event, "hub": hub})


@hub_admin_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("event__cohort"), pk=pk)
    if session.is_cancelled:
        messages.info(request, "That session is cancelled, so it cannot be changed.")
        return redirect("events:event_detail", pk=session.event_id)
    hub = HubSettings.load()
    local_start, local_end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    form = SessionForm(
        request.POST or None,
        session=session,
        hub_venue=hub.venue_address,
        initial={
            "date": local_start.date(),
            "start_time": local_start.time(),
            "end_time": local_end.time(),
            "mode": session.mode,
            "joining_url": session.joining_url,
            "venue": session.venue,
            "capacity": session.capacity,
            "facilitators": list(session.facilitators.values_list("pk", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        before = session.sequence
        try:
            session = update_session(
                session=session,
                day=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                mode=data["mode"],
                capacity=data["capacity"],
                joining_url=data["joining_url"],
                venue=data["venue"],
                facilitators=data["facilitators"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            told = " Everyone on it has been e-mailed the change." if session.sequence != before else ""
            messages.success(request, f"Session saved.{told}")
            return redirect("events:event_detail", pk=session.event_id)
    booked = session.assignments.filter(status=Assignment.Status.ASSIGNED).count()
    return render(request, "events/session_form.html", {"form": form, "session": session, "booked": booked})


@hub_admin_required
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
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
    booked = session.assignments.filter(status=Assignment.Status.ASSIGNED).count()
    return render(request, "events/session_cancel.html", {"form": form, "session": session, "booked": booked})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own sessions, upcoming and past, with how to join."""
    user = cast(User, request.user)
    hub = HubSettings.load()
    now = timezone.now()
    assignments = list(
        Assignment.objects.filter(participant__user=user)
        .filter(status__in=[Assignment.Status.ASSIGNED, Assignment.Status.SESSION_CANCELLED])
        .select_related("session__event", "participant")
        .order_by("session__starts_at")
    )
    active = [a for a in assignments if a.is_active]
    for assignment in assignments:
        assignment.session.place_label = assignment.session.place(hub.venue_address)  # type: ignore[attr-defined]
    # A cancelled date matters until the person has a new one for that event, and only while it is ahead.
    active_events = {a.event_id for a in active}
    return render(
        request,
        "events/mine.html",
        {
            "hub": hub,
            "upcoming": [a for a in active if a.session.ends_at >= now],
            "past": [a for a in active if a.session.ends_at < now][::-1],
            "cancelled": [
                a
                for a in assignments
                if a.status == Assignment.Status.SESSION_CANCELLED
                and a.event_id not in active_events
                and a.session.ends_at >= now
            ],
            "is_participant": Participant.objects.filter(user=user).exists(),
        },
    )


@login_required
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the person's own sessions as an .ics file, to add to any calendar app."""
    session = get_own_session(request.user, pk)  # type: ignore[arg-type]
    hub = HubSettings.load()
    cal = build_calendar(
        [FeedItem(session=session, private=True)],
        name=session.event.title,
        hub_name=hub.name,
        hub_venue=hub.venue_address,
    )
    return ics_response(cal, filename=f"{session.event.kind}-{session.date.isoformat()}.ics", download=True)
