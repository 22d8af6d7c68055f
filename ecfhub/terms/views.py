"""Hub admins look after the term calendar here."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

# The one import from a feature app: the closure-day page warns about sessions already on that day.
from ecfhub.events.queries import sessions_on
from ecfhub.lib import when
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.errors import DomainError
from ecfhub.terms import services
from ecfhub.terms.forms import ClosureDayForm, NewYearForm
from ecfhub.terms.models import AcademicYear, ClosureDay
from ecfhub.terms.schooldays import SchoolCalendar, bank_holidays_between

_DAY = datetime.timedelta(days=1)


@hub_admin_required
def index(request: HttpRequest) -> HttpResponse:
    years = list(AcademicYear.objects.prefetch_related("half_terms"))
    closures = list(ClosureDay.objects.all())
    rows = []
    for year in years:
        terms = list(year.half_terms.all())
        if terms:
            calendar = SchoolCalendar(
                half_terms=[(t.starts_on, t.ends_on) for t in terms], closure_days=[c.date for c in closures]
            )
            start, end = terms[0].starts_on, terms[-1].ends_on
            rows.append(
                {
                    "year": year,
                    "terms": [
                        {"term": t, "school_days": calendar.school_days_between(t.starts_on - _DAY, t.ends_on + _DAY)}
                        for t in terms
                    ],
                    "closures": [c for c in closures if start <= c.date <= end],
                    "bank_holidays": sorted(d for d in bank_holidays_between(start, end) if d.weekday() < 5),
                }
            )
        else:
            rows.append({"year": year, "terms": [], "closures": [], "bank_holidays": []})
    return render(
        request,
        "terms/index.html",
        {"rows": rows, "closure_form": ClosureDayForm(), "year_form": NewYearForm()},
    )


@hub_admin_required
@require_POST
def add_closure_day(request: HttpRequest) -> HttpResponse:
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["date"]
        try:
            closure = services.add_closure_day(day=day, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as error:
            form.add_error("date", error.message)
        else:
            messages.success(request, f"Closure day added: {closure}.")
            clashing = sessions_on(day)
            if clashing:
                listed = "; ".join(f"{s.event.title} at {when.clock(s.starts_at)}" for s in clashing)
                messages.warning(
                    request,
                    f"{len(clashing)} {'session is' if len(clashing) == 1 else 'sessions are'} already on that day "
                    f"({listed}). Move or cancel {'it' if len(clashing) == 1 else 'them'}: "
                    "the people booked keep their places until you do.",
                )
            return redirect("terms:index")
    return render(request, "terms/closure_form.html", {"form": form})


@hub_admin_required
@require_POST
def add_year(request: HttpRequest) -> HttpResponse:
    form = NewYearForm(request.POST)
    if form.is_valid():
        year = services.create_standard_year(start_year=form.cleaned_data["start_year"])
        messages.success(
            request,
            f"Academic year {year.label} added with the usual half terms. Check them against your county's dates.",
        )
        return redirect("terms:index")
    return render(request, "terms/year_form.html", {"form": form})
