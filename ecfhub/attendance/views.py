"""Registers (facilitators and hub admins), progress for a school (induction tutors) and the hub's
attendance overview. Thin: authorise with the access helpers, call one service or query, render."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.attendance import charts
from ecfhub.attendance.access import get_register_for
from ecfhub.attendance.forms import MarkForm, MeetingReportForm
from ecfhub.attendance.meeting_report import MAX_BYTES as MAX_REPORT_BYTES
from ecfhub.attendance.meeting_report import Join, ReportError, match, read_report
from ecfhub.attendance.models import AttendanceChange, Mark, register_last_day
from ecfhub.attendance.progress import Status
from ecfhub.attendance.queries import (
    EVIDENCE_HEADER,
    FUNDING_HEADER,
    academic_year_of,
    attendance_by_event,
    attendance_by_month,
    evidence_rows,
    find_term,
    funding_rows,
    mentors_in_term,
    open_registers,
    progress_for,
    register_history,
    register_rows,
    school_terms,
)
from ecfhub.attendance.rules import RegisterState, register_state
from ecfhub.attendance.services import mark_attendance, mark_everyone_present, take_register
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required, role_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.spreadsheets import download
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


_SIGNING_SALT = "attendance.meeting-report"


def _pack(joins: list[Join]) -> str:
    rows = [[j.name, j.email, j.joined.isoformat(), j.left.isoformat()] for j in joins]
    return signing.dumps(rows, salt=_SIGNING_SALT, compress=True)


def _unpack(token: str) -> list[Join]:
    rows = signing.loads(token, salt=_SIGNING_SALT, max_age=6 * 60 * 60)
    return [
        Join(name, email, datetime.datetime.fromisoformat(joined), datetime.datetime.fromisoformat(left))
        for name, email, joined, left in rows
    ]


@login_required
def import_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Fill a register from an online meeting's attendance report: upload, preview what matched and
    fix what did not, then save (every mark goes through the register service)."""
    session = get_register_for(request.user, pk)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    hub = current_hub_settings(request)
    form = MeetingReportForm(request.POST or None, request.FILES or None)
    rows = register_rows(session, among=participants_visible_to(request.user))
    places = [(r.place_id, r.participant.user.full_name, r.participant.user.email) for r in rows]
    names = {r.place_id: r.participant.user.full_name for r in rows}
    context: dict[str, object] = {"session": session, "form": form, "share": hub.left_early_share}
    token = request.POST.get("joins", "") if request.method == "POST" else ""
    try:
        if token:
            joins = _unpack(token)
        elif request.method == "POST" and form.is_valid():
            joins = read_report(form.cleaned_data["report"].read(MAX_REPORT_BYTES + 1))
        else:
            return render(request, "attendance/import_report.html", context, status=422 if form.errors else 200)
        chosen: dict[str, int | None] = {}
        for key in request.POST:
            if key.startswith("who:"):
                value = request.POST.get(key, "")
                chosen[key[4:]] = int(value) if value.isdigit() and len(value) < 12 else None
        preview = match(
            joins,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            places=places,
            share_percent=hub.left_early_share,
            chosen=chosen,
        )
    except ReportError as error:
        form.add_error("report" if not token else None, str(error))
        return render(request, "attendance/import_report.html", context, status=422)
    except signing.BadSignature:
        form.add_error(None, "The preview is too old or was changed. Upload the report again.")
        return render(request, "attendance/import_report.html", context, status=422)
    if token and request.POST.get("save"):
        try:
            changed = take_register(
                session=session, marks=preview.marks(), actor=request.user, source=AttendanceChange.Source.IMPORT
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Register saved from the attendance report: {changed} marks changed.")
            return redirect("attendance:register", pk=session.pk)
    context.update(
        {
            "preview": preview,
            "joins": _pack(joins),
            "names": names,
            "free": [(pid, names[pid]) for pid in preview.absent],
        }
    )
    return render(request, "attendance/import_preview.html", context, status=422 if form.errors else 200)


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
    today = timezone.localtime(now).date()
    return render(
        request,
        "attendance/hub_attendance.html",
        {
            "events": attendance_by_event(now=now),
            "concerns": concerns,
            "terms": [t for t in school_terms() if t.starts_on <= today][::-1],
        },
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
def evidence_csv(request: AuthenticatedRequest, fmt: str = "csv") -> HttpResponse:
    """The lead provider's evidence file: one row per declaration the registers support (DfE's words)."""
    now = timezone.now()
    people = Participant.objects.exclude(status=Participant.Status.WITHDRAWN)
    rows = evidence_rows(list(progress_for(people, now=now).values()), today=timezone.localtime(now).date())
    return download([EVIDENCE_HEADER, *rows], name="lead-provider-evidence", fmt=fmt, sheet="Evidence")


@hub_admin_required
@require_GET
def hub_attendance_csv(request: AuthenticatedRequest, fmt: str = "csv") -> HttpResponse:
    """Attendance per session as CSV or XLSX (every text cell formula-safe: lib/spreadsheets)."""
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
    return download(rows, name="attendance-per-session", fmt=fmt, sheet="Attendance per session")


# --- the mentor funding evidence file ------------------------------------------------------


@login_required
def school_funding(request: AuthenticatedRequest, school_id: int) -> HttpResponse:
    """A school's mentors in each term, with the sessions they were placed on and attended: what the
    school's funding for mentor time is paid on. The chosen term's table, and its file to download."""
    school = get_school_for_user(request.user, school_id)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    today = timezone.localdate()
    terms = [t for t in school_terms() if t.starts_on <= today][::-1]
    chosen = next((t for t in terms if t.key == request.GET.get("term")), terms[0] if terms else None)
    mentors = participants_visible_to(request.user).filter(school=school)
    return render(
        request,
        "attendance/school_funding.html",
        {
            "school": school,
            "terms": terms,
            "term": chosen,
            "mentors": mentors_in_term(term=chosen, mentors=mentors) if chosen else [],
        },
    )


def _funding_file(
    request: AuthenticatedRequest, *, mentors: QuerySet[Participant], year: int, term: str, fmt: str, name: str
) -> HttpResponse:
    found = find_term(year, term)
    if found is None:
        raise Http404("No such term")
    entries = mentors_in_term(term=found, mentors=mentors)
    rows = funding_rows(entries, term=found, now=timezone.now())
    return download([FUNDING_HEADER, *rows], name=f"{name}-{found.key}", fmt=fmt, sheet="Mentor funding evidence")


@login_required
def school_funding_file(request: AuthenticatedRequest, school_id: int, year: int, term: str, fmt: str) -> HttpResponse:
    """One school's mentor funding evidence file for one term (its induction tutors and hub admins)."""
    school = get_school_for_user(request.user, school_id)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    mentors = participants_visible_to(request.user).filter(school=school)
    return _funding_file(request, mentors=mentors, year=year, term=term, fmt=fmt, name=f"mentor-funding-{school.urn}")


@hub_admin_required
@require_GET
def hub_funding_file(request: AuthenticatedRequest, year: int, term: str, fmt: str) -> HttpResponse:
    """Every school's mentor funding evidence for one term, in one file (school_urn tells them apart)."""
    return _funding_file(
        request, mentors=Participant.objects.all(), year=year, term=term, fmt=fmt, name="mentor-funding"
    )


# --- trends over the year ----------------------------------------------------------------------


def _chosen_year(request: AuthenticatedRequest) -> int:
    """The academic year asked for (?year=2025), or the one today is in."""
    current = academic_year_of(timezone.localdate())
    asked = request.GET.get("year", "")
    return int(asked) if asked.isdigit() and current - 10 <= int(asked) <= current else current


@hub_admin_required
@require_GET
def trends(request: AuthenticatedRequest) -> HttpResponse:
    """Attendance per month over the academic year: a chart, and the table it is drawn from."""
    year = _chosen_year(request)
    current = academic_year_of(timezone.localdate())
    return render(
        request,
        "attendance/trends.html",
        {
            "year": year,
            "label": f"{year}/{(year + 1) % 100:02d}",
            "months": attendance_by_month(start_year=year),
            "years": [(y, f"{y}/{(y + 1) % 100:02d}") for y in range(current, current - 3, -1)],
        },
    )


@hub_admin_required
@require_GET
def trends_chart(request: AuthenticatedRequest) -> HttpResponse:
    """The chart of attendance per month as an SVG image, with a policy of its own: nothing may load
    or run, and only its own style element (by hash) applies (attendance/charts.py)."""
    year = _chosen_year(request)
    chart = charts.attendance_per_month(
        attendance_by_month(start_year=year), title=f"Attendance per month, {year}/{(year + 1) % 100:02d}"
    )
    policy = {"default-src": ["'none'"], "style-src": [f"'{chart.style_hash}'"], "frame-ancestors": ["'none'"]}
    response = HttpResponse(chart.svg, content_type="image/svg+xml; charset=utf-8")
    # What django-csp's @csp decorator sets: this response's policy replaces the site's.
    response._csp_config = policy  # type: ignore[attr-defined]
    return response
