"""The public front page, the signed-in landing page, the hub admins' menu and the health check."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ecfhub.attendance.queries import progress_for
from ecfhub.content.queries import participants_area_shown, published_pages
from ecfhub.events.queries import facilitating_summary
from ecfhub.hub.attention import attention_items, school_attention
from ecfhub.hub.forms import HubSettingsForm
from ecfhub.hub.models import HubSettings
from ecfhub.hub.navigation import is_hub_admin_only, manage_links
from ecfhub.hub.services import change_settings
from ecfhub.hub.settings import current_hub_settings
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.concurrency import version_of
from ecfhub.lib.errors import DomainError
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.page_cache import public_page, row_values
from ecfhub.people.models import Participant
from ecfhub.programme.queries import needing_dates, requirements_for_display, requirements_shown
from ecfhub.scheduling.eligibility import without_dates
from ecfhub.scheduling.summaries import dates_summary, to_make_up


def home(request: HttpRequest) -> HttpResponse:
    """The participants' area: what the programme is, what it asks of you, how dates work.

    Kept whole for visitors not signed in, under a digest of the pages, requirements, cohorts and hub
    settings it shows (`lib.page_cache`)."""

    def page() -> HttpResponse:
        pages = published_pages()
        requirements = requirements_for_display()
        return render(
            request,
            "hub/home.html",
            {
                "intro": pages.get("home"),
                "pages": [page for slug, page in pages.items() if slug not in {"home", "privacy"}],
                "requirements": requirements,
                # Cohorts are named on each row only where the rows differ in them.
                "same_cohorts": len({row.cohorts for row in requirements}) == 1,
            },
        )

    shown = (participants_area_shown(), requirements_shown(), row_values(current_hub_settings(request)))
    return public_page(request, shown, page)


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """ "My programme", each role's start: a participant's school, cohort, mentor (or ECTs), progress and
    next date; a facilitator's next sessions and registers; what needs doing at a tutor's schools; the
    hub's open loose ends for an admin.

    Active participants also see their next training date and how many of their events have a date;
    progress (attendance) and coaching sections are added as those features land.

    A hub admin with no other role starts on the hub's own start page, "Manage the programme" (what
    needs attention, then every page): this one would only repeat its list under a participant's title."""
    user = request.user
    if is_hub_admin_only(user):
        return redirect("hub:manage")
    # Copies: the page sets its figures on them, and the list itself is shared with the header and menu.
    participations = [copy.copy(p) for p in user.own_participations()]
    today = timezone.localdate()
    for p in participations:
        if p.is_ect:
            current = p.current_mentorship(today)
            p.mentor = current.mentor if current else None  # type: ignore[attr-defined]
        else:
            p.ects = [  # type: ignore[attr-defined]
                m.ect
                for m in p.mentorships_as_mentor.filter(ended_on__isnull=True, ect__status=Participant.Status.ACTIVE)
                .select_related("ect__user")
                .order_by("ect__user__full_name")
            ]
    now = timezone.now()
    hub = current_hub_settings(request)
    summaries = [dates_summary(p, now=now) for p in participations if p.status == Participant.Status.ACTIVE]
    gaps = without_dates(needing_dates(Participant.objects.filter(user=user))) if summaries else []
    for summary in summaries:
        # Events whose sessions all ran before they could take one are to make up, not a date still to find.
        make_up = to_make_up(summary.participant, now=now)
        passed = {m.event.pk for m in make_up}
        summary.participant.make_up = make_up  # type: ignore[attr-defined]
        summary.participant.without_dates = [  # type: ignore[attr-defined]
            g for g in gaps if g.participant.pk == summary.participant.pk and g.event.pk not in passed
        ]
    progress = progress_for(Participant.objects.filter(pk__in=[s.participant.pk for s in summaries]), now=now)
    for summary in summaries:
        summary.participant.progress = progress.get(summary.participant.pk)  # type: ignore[attr-defined]
        if summary.next_assignment is not None:
            session = summary.next_assignment.session
            session.place_label = session.place(hub.venue_address)  # type: ignore[attr-defined]
    facilitating = None
    if user.is_facilitator:
        facilitating = facilitating_summary(user, now=now)
    # Each role starts here: the hub's open loose ends for an admin, what needs doing at each school
    # for an induction tutor.
    tutored_schools = user.own_tutored_schools()
    return render(
        request,
        "hub/dashboard.html",
        {
            "participations": participations,
            "summaries": summaries,
            "facilitating": facilitating,
            "school_attention": school_attention(tutored_schools, now=now),
            "attention": attention_items(now=now) if user.is_hub_admin else [],
        },
    )


@hub_admin_required
def manage(request: HttpRequest) -> HttpResponse:
    return render(
        request, "hub/manage.html", {"links": manage_links(), "attention": attention_items(now=timezone.now())}
    )


@hub_admin_required
def edit_settings(request: HttpRequest) -> HttpResponse:
    # Its own copy, not the request's shared one: the form writes what was typed onto its instance
    # while validating, and the page header must go on showing what is saved.
    settings_row = HubSettings.load()
    form = HubSettingsForm(request.POST or None, instance=settings_row, version=version_of(settings_row))
    if request.method == "POST" and form.is_valid():
        try:
            change_settings(
                changes={name: form.cleaned_data[name] for name in form.Meta.fields},
                expected_version=form.expected_version,
                actor=request.user,
            )
        except DomainError as error:
            form.show_conflict_with(error, settings_row)
        else:
            messages.success(request, "Hub settings saved.")
            return redirect("hub:manage")
    return render(request, "hub/settings_form.html", {"form": form})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 when it does not (for load balancers and monitoring)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
