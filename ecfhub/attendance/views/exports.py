"""The files: attendance per session, school, cohort and person, mentor funding evidence (the lead provider's
evidence file is views/evidence.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.attendance.access import (
    get_record_owner_for,
)
from ecfhub.attendance.models import Mark
from ecfhub.attendance.queries import (
    FUNDING_HEADER,
    PROGRESS_HEADER,
    attendance_by_event,
    find_term,
    funding_rows,
    mentors_in_term,
    places_on_record,
    progress_for,
    progress_rows,
    record_rows,
    school_terms,
)
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.spreadsheets import download
from ecfhub.onboarding.access import get_school_for_user
from ecfhub.people.access import participants_visible_to
from ecfhub.people.models import Participant
from ecfhub.programme.models import Cohort

CSV_HEADER: list[object] = [
    "event",
    "kind",
    "audience",
    "cohort",
    "session_start",
    "session_end",
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
                    row.session.starts_at,
                    row.session.ends_at,
                    row.session.capacity,
                    row.booked,
                    *(row.counts.get(mark, 0) for mark in Mark.values),
                    row.unmarked,
                ]
            )
    return download(rows, name="attendance-per-session", fmt=fmt, sheet="Attendance per session")


# --- attendance per school and cohort, one person's full record -------------------------------


@login_required
def school_progress_file(request: AuthenticatedRequest, school_id: int, fmt: str) -> HttpResponse:
    """Attendance per school: one row per person the school progress page lists (its induction tutors
    and hub admins), as CSV or XLSX."""
    school = get_school_for_user(request.user, school_id)  # first: anyone else gets 404, whatever the method
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    people = participants_visible_to(request.user).filter(school=school).exclude(status=Participant.Status.WITHDRAWN)
    rows = progress_rows(list(progress_for(people, now=timezone.now()).values()))
    return download([PROGRESS_HEADER, *rows], name=f"attendance-{school.urn}", fmt=fmt, sheet="Attendance")


@hub_admin_required
@require_GET
def cohort_progress_file(request: AuthenticatedRequest, start_year: int, fmt: str) -> HttpResponse:
    """Attendance per cohort: everyone taking part in the cohort, every school, one row each."""
    if not Cohort.objects.filter(start_year=start_year).exists():
        raise Http404("No such cohort")
    people = Participant.objects.filter(cohort__start_year=start_year).exclude(status=Participant.Status.WITHDRAWN)
    rows = progress_rows(list(progress_for(people, now=timezone.now()).values()))
    return download([PROGRESS_HEADER, *rows], name=f"attendance-cohort-{start_year}", fmt=fmt, sheet="Attendance")


@login_required
def person_record_file(request: AuthenticatedRequest, participant_id: int, fmt: str) -> HttpResponse:
    """One person's full attendance record: the requirement summary, then every place with its session,
    mark, catch-up date and self-study. For the person, their induction tutor and hub admins."""
    person = get_record_owner_for(request.user, participant_id)  # first: anyone else gets 404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    now = timezone.now()
    progress = progress_for(Participant.objects.filter(pk=person.pk), now=now)[person.pk]
    rows = record_rows(progress, places_on_record(person), now=now)
    name = f"attendance-record-{person.trn or person.pk}-{person.participant_type}"
    return download(rows, name=name, fmt=fmt, sheet="Attendance record")


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
