"""Registers (facilitators and hub admins), progress for a school (induction tutors) and the hub's
attendance overview. Thin: authorise with the access helpers, call one service or query, render."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.attendance.access import get_register_for
from ecfhub.attendance.forms import MarkForm
from ecfhub.attendance.models import Mark, register_last_day
from ecfhub.attendance.progress import Status
from ecfhub.attendance.queries import (
    attendance_by_event,
    open_registers,
    progress_for,
    register_history,
    register_rows,
)
from ecfhub.attendance.rules import RegisterState, register_state
from ecfhub.attendance.services import mark_attendance, mark_everyone_present
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required, role_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.spreadsheets import write_csv
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.people.access import participants_visible_to
from ecfhub.people.models import Participant, Role
from ecfhub.scheduling.summaries import school_training_days


@login_required
def register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A session's register: everyone placed on it with their school, one tap per person to mark them."""
    session = get_register_for(request.user, pk)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    hub = current_hub_settings(request)
    now = timezone.now()
    state = register_state(session, now=now, open_days=hub.register_open_days)
    url = reverse("attendance:register", args=[session.pk])
    errors: list[tuple[str, str]] = []
    form = MarkForm(request.POST if request.method == "POST" else None)
    error_place = None
    if request.method == "POST":
        error_place = request.POST.get("place", "")
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = mark_attendance(
                    session=session,
                    assignment_id=data["place"],
                    mark=data["mark"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except DomainError as error:
                if error.code == "not_on_register":
                    raise Http404("Not on this register") from None
                errors.append((f"#place-{data['place']}", error.message))
            else:
                name = saved.participant.user.full_name if saved else "No change"
                if saved:
                    messages.success(request, f"{name}: {Mark(data['mark']).label.lower()}.")
                return redirect(f"{url}#place-{data['place']}")
        else:
            errors.extend((f"#place-{error_place}", str(e)) for field in form.errors.values() for e in field)
    rows = register_rows(session, among=participants_visible_to(request.user))
    context = {
        "session": session,
        "state": state.value,
        "rows": rows,
        "marks": Mark.choices,
        "can_mark": state is RegisterState.OPEN or (state is RegisterState.CLOSED and request.user.is_hub_admin),
        "correcting": state is RegisterState.CLOSED and request.user.is_hub_admin,
        "open_until": register_last_day(session.ends_at, hub.register_open_days),
        "unmarked": sum(1 for r in rows if r.mark is None),
        "errors": errors,
        "error_place": str(error_place or ""),
        "history": register_history(session) if request.user.is_hub_admin else None,
        "place_label": session.place(hub.venue_address),
    }
    return render(request, "attendance/register.html", context, status=422 if errors else 200)


@login_required
def everyone_present(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Start the register: everyone not yet marked becomes present (marks already made are kept)."""
    session = get_register_for(request.user, pk)  # first: anyone else gets 404, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        count = mark_everyone_present(session=session, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"Marked {count} {'person' if count == 1 else 'people'} present. Change anyone who is not."
        )
    return redirect("attendance:register", pk=session.pk)


@role_required(Role.FACILITATOR)
@require_GET
def my_registers(request: AuthenticatedRequest) -> HttpResponse:
    """The registers this facilitator still has to take, and those taken that are still open."""
    hub = current_hub_settings(request)
    to_take, taken = open_registers(user=request.user, now=timezone.now(), open_days=hub.register_open_days)
    return render(
        request,
        "attendance/my_registers.html",
        {"to_take": to_take, "taken": taken, "open_days": hub.register_open_days},
    )


@login_required
def school_progress(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """A school's people: progress against the requirement, absences, status and coming dates."""
    school = get_school_for_user(request.user, school_id)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    now = timezone.now()
    people = participants_visible_to(request.user).filter(school=school).exclude(status=Participant.Status.WITHDRAWN)
    progress = list(progress_for(people, now=now).values())
    return render(
        request,
        "attendance/school_progress.html",
        {
            "school": school,
            "progress": progress,
            "missed": [(p, m) for p in progress for m in p.missed],
            "days": school_training_days(school.pk, now=now)[:10],
        },
    )


@hub_admin_required
@require_GET
def hub_attendance(request: AuthenticatedRequest) -> HttpResponse:
    """Attendance per event and per session, how full each session was, and who is at risk or behind."""
    now = timezone.now()
    people = Participant.objects.filter(status=Participant.Status.ACTIVE)
    progress = progress_for(people, now=now).values()
    concerns = sorted(
        (p for p in progress if p.status is not Status.ON_TRACK),
        key=lambda p: (p.status is not Status.BEHIND, p.participant.school.name, p.participant.user.full_name),
    )
    return render(
        request,
        "attendance/hub_attendance.html",
        {"events": attendance_by_event(now=now), "concerns": concerns},
    )


CSV_HEADER: list[object] = [
    "event",
    "kind",
    "audience",
    "cohort",
    "session_start",
    "capacity",
    "booked",
    "present",
    "late",
    "left_early",
    "absent",
    "not_marked",
]


@hub_admin_required
@require_GET
def hub_attendance_csv(request: AuthenticatedRequest) -> HttpResponse:
    """Attendance per session as CSV (every text cell formula-safe: lib/spreadsheets)."""
    out = io.StringIO()
    rows: list[list[object]] = [CSV_HEADER]
    for event in attendance_by_event(now=timezone.now()):
        for row in event.sessions:
            rows.append(
                [
                    event.event.title,
                    event.event.kind,
                    event.event.audience,
                    event.event.cohort.start_year,
                    timezone.localtime(row.session.starts_at).strftime("%Y-%m-%d %H:%M"),
                    row.session.capacity,
                    row.booked,
                    *(row.counts.get(mark, 0) for mark in Mark.values),
                    row.unmarked,
                ]
            )
    write_csv(out, rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="attendance-per-session.csv"'
    return response
