"""The hub's trends over the year: charts (pygal SVG, served as images) beside their tables."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecfhub.attendance import charts
from ecfhub.attendance.queries import (
    academic_year_of,
    attendance_by_month,
    first_recorded_day,
    progress_by_month,
)
from ecfhub.lib.access import hub_admin_required
from ecfhub.lib.http import AuthenticatedRequest
from ecfhub.lib.params import get_year


def _chosen_year(request: AuthenticatedRequest) -> int:
    """The academic year asked for (?year=2025) within the last ten, else the one today is in."""
    current = academic_year_of(timezone.localdate())
    asked = get_year(request.GET)
    return asked if asked is not None and current - 10 <= asked <= current else current


def _label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


@hub_admin_required
@require_GET
def trends(request: AuthenticatedRequest) -> HttpResponse:
    """Attendance per month, and people on track, at risk and behind per month as recorded each day,
    over the academic year: each a chart, and the table it is drawn from."""
    year = _chosen_year(request)
    current = academic_year_of(timezone.localdate())
    return render(
        request,
        "attendance/trends.html",
        {
            "year": year,
            "label": _label(year),
            "months": attendance_by_month(start_year=year),
            "progress_months": progress_by_month(start_year=year),
            "recorded_since": first_recorded_day(),
            "years": [(y, _label(y)) for y in range(current, current - 3, -1)],
        },
    )


def _svg(chart: charts.Chart) -> HttpResponse:
    """A chart as an SVG image with a policy of its own: nothing may load or run, and only its own
    style element (by hash) applies (attendance/charts.py)."""
    policy = {"default-src": ["'none'"], "style-src": [f"'{chart.style_hash}'"], "frame-ancestors": ["'none'"]}
    response = HttpResponse(chart.svg, content_type="image/svg+xml; charset=utf-8")
    # What django-csp's @csp decorator sets: this response's policy replaces the site's.
    response._csp_config = policy  # type: ignore[attr-defined]
    return response


@hub_admin_required
@require_GET
def trends_chart(request: AuthenticatedRequest) -> HttpResponse:
    """The chart of attendance per month as an SVG image."""
    year = _chosen_year(request)
    return _svg(
        charts.attendance_per_month(attendance_by_month(start_year=year), title=f"Attendance per month, {_label(year)}")
    )


@hub_admin_required
@require_GET
def trends_progress_chart(request: AuthenticatedRequest) -> HttpResponse:
    """The chart of people on track, at risk and behind per month (as recorded) as an SVG image."""
    year = _chosen_year(request)
    return _svg(
        charts.progress_per_month(
            progress_by_month(start_year=year), title=f"People on track, at risk and behind, {_label(year)}"
        )
    )
