"""Changing a date: "Can't make this date?" for a person and their induction tutor, and the hub's side."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ecfhub.events.models import Session, TrainingEvent
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib import when
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.params import get_id
from ecfhub.people.models import Participant
from ecfhub.scheduling.access import get_date_to_change, get_missed_place, get_request_for_hub, get_request_for_user
from ecfhub.scheduling.forms import CatchUpForm, ChangeDateForm, DecideForm
from ecfhub.scheduling.models import Assignment, ChangeRequest, WaitingListEntry
from ecfhub.scheduling.queries import (
    DateChoice,
    booked_optional,
    date_choices,
    open_requests,
    optional_events,
    waiting_positions,
)
from ecfhub.scheduling.services.booking import book_optional_date, give_up_optional_date, may_book_optional
from ecfhub.scheduling.services.places import check_missed
from ecfhub.scheduling.services.requests import ask_for_catch_up, ask_for_date, decide, withdraw


def _back(user_id: int, participant: Participant) -> str:
    # The person goes back to their own events; a tutor to the person's page at their school.
    if participant.user_id == user_id:
        return reverse("events:mine")
    return reverse("onboarding:participant", args=[participant.pk])


@login_required
def change(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    """The other sessions of the same event that the rules allow, with seats left; choose one and say why."""
    assignment = get_date_to_change(request.user, assignment_id)
    participant, event = assignment.participant, assignment.event
    back = _back(request.user.pk, participant)
    current = assignment.session if assignment.is_active else None
    if current is not None and current.starts_at <= timezone.now():
        messages.info(request, "That date has already started, so it can no longer be changed.")
        return redirect(back)
    pending = open_requests([participant.pk]).filter(event=event).first()
    choices = date_choices(participant, event, current=current)
    allowed = [c for c in choices if not c.refusal]
    form = ChangeDateForm(
        request.POST if request.method == "POST" else None,
        session_choices=[(c.session.pk, str(c.session)) for c in allowed],
    )
    if request.method == "POST" and pending is None and form.is_valid():
        data = form.cleaned_data
        chosen = next(c.session for c in allowed if c.session.pk == data["session"])
        try:
            outcome = ask_for_date(
                participant=participant,
                to_session=chosen,
                reason=data["reason"],
                details=data["details"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("details" if error.code.startswith("details") else "session", error.message)
        else:
            on_day = when.weekday_month(chosen.starts_at)
            text = {
                ChangeRequest.Status.DONE: f"Date changed to {on_day}. An e-mail with the new date follows in a few minutes.",
                ChangeRequest.Status.WAITING: f"That date is full, so you are on its waiting list for {on_day}.",
                ChangeRequest.Status.PENDING: f"Request sent. The hub will decide about {on_day} and e-mail the answer.",
            }[ChangeRequest.Status(outcome.status)]
            messages.success(request, text)
            return redirect(back)
    venue = current_hub_settings().venue_address
    radios = {int(radio.data["value"]): radio for radio in form["session"]}
    waiting_counts = _waiting_counts(allowed)
    rows = [
        (c, radios[c.session.pk], c.session.place(venue, from_school=participant.school), waiting_counts[c.session.pk])
        for c in allowed
    ]
    return render(
        request,
        "scheduling/change_date.html",
        {
            "form": form,
            "assignment": assignment,
            "participant": participant,
            "event": event,
            "current": current,
            "rows": rows,
            "refused": [c for c in choices if c.refusal],
            "pending": pending,
            "position": waiting_positions([pending]).get(pending.pk) if pending else None,
            "back": back,
            "on_behalf": participant.user_id != request.user.pk,
            "policy": current_hub_settings().date_change_policy,
        },
    )


def _waiting_counts(choices: list[DateChoice]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for session_id in WaitingListEntry.objects.filter(
        session_id__in=[c.session.pk for c in choices if c.is_full], left_at__isnull=True
    ).values_list("session_id", flat=True):
        counts[session_id] += 1
    return counts


@login_required
def catch_up(request: AuthenticatedRequest, assignment_id: int) -> HttpResponse:
    """After a missed session: the event's other sessions still to come that the rules allow, to choose
    a catch-up date (or, for a clinic where the hub allows it, catch-up self-study instead)."""
    missed = get_missed_place(request.user, assignment_id)
    participant, event = missed.participant, missed.event
    back = _back(request.user.pk, participant)
    if missed.status == Assignment.Status.MISSED:
        new = missed.replaced_by.session if missed.replaced_by else None
        it_is = f" It is on {when.weekday_month(new.starts_at)}." if new else ""
        messages.info(request, f"A catch-up date for {event.title} has already been chosen.{it_is}")
        return redirect(back)
    try:
        check_missed(missed, now=timezone.now())
    except DomainError as error:
        messages.info(request, error.message)
        return redirect(back)
    pending = open_requests([participant.pk]).filter(event=event).first()
    choices = date_choices(participant, event, current=missed.session, catching_up=True)
    allowed = [c for c in choices if not c.refusal]
    form = CatchUpForm(
        request.POST if request.method == "POST" else None,
        session_choices=[(c.session.pk, str(c.session)) for c in allowed],
    )
    if request.method == "POST" and pending is None and form.is_valid():
        chosen = next(c.session for c in allowed if c.session.pk == form.cleaned_data["session"])
        try:
            outcome = ask_for_catch_up(missed=missed, to_session=chosen, actor=request.user)
        except DomainError as error:
            form.add_error("session", error.message)
        else:
            on_day = when.weekday_month(chosen.starts_at)
            if outcome.status == ChangeRequest.Status.WAITING:
                messages.success(request, f"That date is full, so you are on its waiting list for {on_day}.")
            else:
                messages.success(
                    request, f"Catch-up date booked: {on_day}. An e-mail with the date follows in a few minutes."
                )
            return redirect(back)
    hub = current_hub_settings()
    radios = {int(radio.data["value"]): radio for radio in form["session"]}
    waiting = _waiting_counts(allowed)
    rows = [
        (
            c,
            radios[c.session.pk],
            c.session.place(hub.venue_address, from_school=participant.school),
            waiting[c.session.pk],
        )
        for c in allowed
    ]
    return render(
        request,
        "scheduling/catch_up.html",
        {
            "form": form,
            "missed": missed,
            "participant": participant,
            "event": event,
            "rows": rows,
            "refused": [c for c in choices if c.refusal],
            "pending": pending,
            "position": waiting_positions([pending]).get(pending.pk) if pending else None,
            "back": back,
            "on_behalf": participant.user_id != request.user.pk,
            "self_study": hub.catch_up_self_study and event.kind == TrainingEvent.Kind.CLINIC,
        },
    )


@login_required
@require_POST
def withdraw_request(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """Withdraw an open request, or leave a waiting list; the person keeps their date."""
    change_request = get_request_for_user(request.user, request_id)
    try:
        withdraw(request=change_request, actor=request.user)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        messages.success(request, f"Request withdrawn. The date for {change_request.event.title} stays as it was.")
    return redirect(_back(request.user.pk, change_request.participant))


@hub_admin_required
def hub_requests(request: AuthenticatedRequest) -> HttpResponse:
    """Requests waiting for a decision, oldest first, and every session's waiting list in order."""
    pending = list(
        ChangeRequest.objects.filter(status=ChangeRequest.Status.PENDING)
        .select_related("participant__user", "participant__school", "event", "to_session", "from_session", "asked_by")
        .order_by("asked_at", "pk")
    )
    lists: dict[int, list[WaitingListEntry]] = defaultdict(list)
    sessions = {}
    for entry in (
        WaitingListEntry.objects.filter(left_at__isnull=True)
        .select_related("session__event", "participant__user", "participant__school", "request__from_session")
        .order_by("session__starts_at", "session_id", "pk")
    ):
        lists[entry.session_id].append(entry)
        sessions[entry.session_id] = entry.session
    return render(
        request,
        "scheduling/hub_requests.html",
        {
            "pending": pending,
            "waiting": [(sessions[pk], entries) for pk, entries in lists.items()],
            "policy": current_hub_settings().get_date_change_policy_display(),
        },
    )


@hub_admin_required
def hub_decide(request: AuthenticatedRequest, request_id: int) -> HttpResponse:
    """Approve a pending request, or decline it with a message for the person."""
    change_request = get_request_for_hub(request.user, request_id)
    form = DecideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = decide(
                request=change_request,
                approve=form.cleaned_data["decision"] == "approve",
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error("message" if error.code.startswith("message") else "decision", error.message)
        else:
            person = outcome.participant.user
            text = {
                ChangeRequest.Status.DONE: f"{person} has been moved and will be e-mailed the new date in a few minutes.",
                ChangeRequest.Status.WAITING: f"That date is full, so {person} is on its waiting list and has been told.",
                ChangeRequest.Status.DECLINED: f"Request declined. {person} keeps their date and has been e-mailed your message.",
            }.get(ChangeRequest.Status(outcome.status), "Saved.")
            messages.success(request, text)
            return redirect("dates:hub")
    return render(request, "scheduling/hub_decide.html", {"form": form, "change": change_request})


@login_required
def optional_dates(request: AuthenticatedRequest) -> HttpResponse:
    """A mentor already trained chooses optional dates themselves, when the hub allows it (404 otherwise)."""
    participant = next(
        (p for p in Participant.objects.filter(user=request.user).select_related("cohort") if may_book_optional(p)),
        None,
    )
    if participant is None:
        raise Http404
    if request.method == "POST" and "give_up" in request.POST:
        try:
            give_up_optional_date(
                participant=participant, place_id=get_id(request.POST, "give_up", required=True), actor=request.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Date given up: the seat is free for someone else.")
        return redirect("dates:optional")
    if request.method == "POST":
        session_id = get_id(request.POST, "session")
        session = Session.objects.filter(pk=session_id).first() if session_id else None
        if session is None:
            messages.error(request, "Choose a date.")
            return redirect("dates:optional")
        try:
            booked = book_optional_date(participant=participant, session=session, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("dates:optional")
        messages.success(
            request,
            f"Booked: {booked.event.title} on {when.weekday_month(session.starts_at)}. "
            "An e-mail with the date follows in a few minutes.",
        )
        return redirect("events:mine")
    venue = current_hub_settings().venue_address
    return render(
        request,
        "scheduling/optional_dates.html",
        {
            "participant": participant,
            "events": optional_events(participant),
            "booked": booked_optional(participant),
            "venue": venue,
        },
    )
