"""Registers: taking one (a mark per person, everyone present, the online meeting's report) and a facilitator's list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.attendance.access import (
    get_register_for,
)
from ecfhub.attendance.forms import MarkForm, MeetingReportForm
from ecfhub.attendance.meeting_report import MAX_BYTES as MAX_REPORT_BYTES
from ecfhub.attendance.meeting_report import Report, ReportError, match, read_report
from ecfhub.attendance.models import AttendanceChange, Mark, register_last_day
from ecfhub.attendance.queries import (
    open_registers,
    register_history,
    register_rows,
)
from ecfhub.attendance.rules import RegisterState, register_state
from ecfhub.attendance.services import (
    mark_attendance,
    mark_everyone_present,
    take_register,
)
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import role_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.params import parse_id
from ecfhub.people.access import participants_visible_to
from ecfhub.people.models import Role


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


def _pack(report: Report) -> str:
    return signing.dumps(report.to_plain(), salt=_SIGNING_SALT, compress=True)


def _unpack(token: str) -> Report:
    plain = signing.loads(token, salt=_SIGNING_SALT, max_age=6 * 60 * 60)
    try:
        return Report.from_plain(plain)
    except (TypeError, KeyError, ValueError):
        # A preview signed before the report's shape last changed: as good as too old.
        raise signing.BadSignature("an older preview") from None


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
            report = _unpack(token)
        elif request.method == "POST" and form.is_valid():
            data = form.cleaned_data["report"].read(MAX_REPORT_BYTES + 1)
            report = read_report(data, starts_at=session.starts_at, ends_at=session.ends_at)
        else:
            return render(request, "attendance/import_report.html", context, status=422 if form.errors else 200)
        chosen: dict[str, int | None] = {}
        for key in request.POST:
            if key.startswith("who:"):
                value = request.POST.get(key, "")
                chosen[key[4:]] = parse_id(value)
        preview = match(
            report,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            places=places,
            share_percent=hub.left_early_share,
            facilitators=[(user.full_name, user.email) for user in session.facilitators.all()],
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
            "joins": _pack(report),
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
