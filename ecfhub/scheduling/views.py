"""The hub admins' Scheduling pages: choose a scope, read the dry run's preview, confirm it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ecfhub.events.models import Session
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.lib.params import get_id
from ecfhub.people.models import Participant
from ecfhub.programme.queries import needing_dates
from ecfhub.scheduling import eligibility
from ecfhub.scheduling.access import get_run_for_user
from ecfhub.scheduling.forms import FindParticipantForm, PlaceForm, ScopeForm
from ecfhub.scheduling.models import ScheduleRun
from ecfhub.scheduling.placing import find_participants, placement_options
from ecfhub.scheduling.services import SchedulePlan, place_manually, runs
from ecfhub.terms.schooldays import SchoolCalendar

UNPLACED_PER_PAGE = 50
# Up to this many new dates are saved while the admin waits; more go to the task worker
# (thousands of notice e-mails take minutes) and the page shows progress.
SYNC_COMMIT_MAX = 2000


@hub_admin_required
def index(request: HttpRequest) -> HttpResponse:
    """Choose the scope and start a dry run; the latest runs below."""
    form = ScopeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = runs.start_run(
            actor=request.user,  # type: ignore[arg-type]
            cohort=data["cohort"],
            events=data["events"],
            until=data["until"],
            as_of=timezone.localdate(),
        )
        return redirect("scheduling:run", pk=run.pk)
    latest = ScheduleRun.objects.select_related("cohort", "created_by", "committed_by").defer("result")[:10]
    return render(request, "scheduling/index.html", {"form": form, "runs": latest})


def _session_rows(plan: SchedulePlan, *, venue: str) -> list[dict[str, Any]]:
    starts = {
        s.pk: s
        for s in Session.objects.filter(pk__in=[row["id"] for row in plan.sessions]).only(
            "pk", "starts_at", "ends_at", "mode", "venue"
        )
    }
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in plan.sessions:
        total = row["taken"] + row["new"]
        percent = round(100 * total / row["capacity"]) if row["capacity"] else 0
        session = starts.get(row["id"])
        groups[row["event_id"]].append(
            {
                **row,
                "total": total,
                "percent": percent,
                "day": datetime.date.fromisoformat(row["day"]),
                "starts_at": session.starts_at if session else None,
                "ends_at": session.ends_at if session else None,
                "place": session.place(venue) if session else "",
            }
        )
    events = []
    for event_id, rows in groups.items():
        info = plan.events.get(str(event_id), {})
        events.append({"id": event_id, **info, "rows": rows})
    events.sort(key=lambda e: (-e.get("cohort", 0), e.get("audience", ""), e.get("year", 0), e.get("order", 0)))
    return events


def _first_school_day(earliest_day: str | None) -> datetime.date | None:
    """The first school day on or after the first day with enough notice: notice can end on a
    Friday, but nobody is trained on the Saturday after."""
    if not earliest_day:
        return None
    earliest = datetime.date.fromisoformat(earliest_day)
    calendar = SchoolCalendar.load(earliest, earliest + datetime.timedelta(days=120))
    return next((day for day in calendar.days if day >= earliest), earliest)


@hub_admin_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress while it works (the page refreshes itself), then its preview."""
    run = get_run_for_user(request, pk)
    context: dict[str, Any] = {"run": run}
    if run.result:
        plan = SchedulePlan.from_json(run.result)
        page = Paginator(plan.unplaced, UNPLACED_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            plan=plan,
            stats=plan.stats,
            events=_session_rows(plan, venue=current_hub_settings(request).venue_address),
            unplaced_page=page,
            reasons=plan.reasons,
            clashes=[{**clash, "day": datetime.date.fromisoformat(clash["day"])} for clash in plan.clashes[:100]],
            more_clashes=max(0, len(plan.clashes) - 100),
            earliest=_first_school_day(plan.earliest_day),
        )
    return render(request, "scheduling/run.html", context)


@hub_admin_required
@require_POST
def run_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a preview: the dates are written and the notices queued by a background task."""
    run = get_run_for_user(request, pk)
    try:
        outcome = runs.confirm_run(
            run=run,
            actor=request.user,  # type: ignore[arg-type]
            today=timezone.localdate(),
            wait_up_to=SYNC_COMMIT_MAX,
        )
    except DomainError as error:
        messages.error(request, error.message)
        if error.code == "preview_out_of_date":
            return redirect("scheduling:index")
        return redirect("scheduling:run", pk=run.pk)
    if outcome in ("busy", "queued"):
        return redirect("scheduling:run", pk=run.pk)
    run.refresh_from_db()
    if outcome == ScheduleRun.Status.COMMITTED:
        messages.success(request, f"{run.stage}.")
    else:
        messages.error(request, run.error)
    return redirect("scheduling:run", pk=run.pk)


#: How many people the search on the placing page lists at most.
PLACE_SEARCH_LIMIT = 20


@hub_admin_required
def place(request: HttpRequest) -> HttpResponse:
    """Give one person a date by hand: find them by name, e-mail address or TRN, then choose one of
    the sessions of their programme's events. Every rule is the service's; only notice can be waived."""
    if "participant" in request.GET:
        return _place_for(request, get_id(request.GET, "participant", required=True))
    form = FindParticipantForm(request.GET if "q" in request.GET else None)
    results: list[Participant] | None = None
    more = False
    if form.is_bound and form.is_valid():
        found = list(find_participants(form.cleaned_data["q"], limit=PLACE_SEARCH_LIMIT + 1))
        results, more = found[:PLACE_SEARCH_LIMIT], len(found) > PLACE_SEARCH_LIMIT
    return render(
        request,
        "scheduling/place_find.html",
        {"form": form, "results": results, "more": more, "limit": PLACE_SEARCH_LIMIT},
    )


def _place_for(request: HttpRequest, participant_id: int | None) -> HttpResponse:
    participant = get_object_or_404(
        Participant.objects.select_related("user", "school", "cohort"),
        pk=participant_id,
        status=Participant.Status.ACTIVE,
    )
    options = placement_options(participant)
    form = PlaceForm(
        request.POST if request.method == "POST" else None,
        session_choices=[(s.pk, str(s)) for option in options for s in option.sessions],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = next(s for option in options for s in option.sessions if s.pk == data["session"])
        try:
            assignment = place_manually(
                participant=participant,
                session=session,
                actor=request.user,
                waive_notice=data["waive_notice"],
                waiver_reason=data["waiver_reason"],
            )
        except DomainError as error:
            field = {"waiver_reason_missing": "waiver_reason", "short_notice": "waive_notice"}.get(
                error.code, "session"
            )
            form.add_error(field, error.message)
        else:
            messages.success(
                request,
                f"{participant.user} has the date {assignment.session} and will be e-mailed it in a few minutes.",
            )
            return redirect(f"{reverse('scheduling:place')}?participant={participant.pk}")
    venue = current_hub_settings(request).venue_address
    radios = {int(radio.data["value"]): radio for radio in form["session"]}
    events = [(option, [(s, radios[s.pk], s.place(venue)) for s in option.sessions]) for option in options]
    return render(request, "scheduling/place.html", {"form": form, "participant": participant, "events": events})


@hub_admin_required
def without_dates(request: HttpRequest) -> HttpResponse:
    """People the place rules cannot give a date for an event, grouped by event and reason, with the
    dates between which a new session would fit each of them and what would fix it."""
    # A person whose requirement asks for no dates (a trained mentor) is missing nothing.
    found = eligibility.without_dates(needing_dates(Participant.objects.all()))
    groups: dict[tuple[int, str], list[eligibility.WithoutDate]] = defaultdict(list)
    for item in found:
        groups[(item.event.pk, item.gap.code)].append(item)
    rows = sorted(
        groups.values(),
        key=lambda items: (items[0].event.cohort.start_year, items[0].event.audience, items[0].event.programme_year,
                           items[0].event.order, items[0].gap.code),
    )  # fmt: skip
    return render(
        request, "scheduling/without_dates.html", {"groups": rows, "people": len({i.participant.pk for i in found})}
    )
