"""`{% learning_home %}`: the learning part of a participant's home page (/my/), so the hub's
landing page shows open action steps without knowing how they are found."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ecfhub.learning.access import learners_of, mentees_of
from ecfhub.learning.queries import modules_for, open_steps_for
from ecfhub.learning.weeks import calendar_for

register = template.Library()


@register.inclusion_tag("learning/_home.html", takes_context=True)
def learning_home(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not getattr(user, "is_authenticated", False):
        return {"show": False}
    learners = learners_of(user)
    ects = [p for p in learners if p.is_ect]
    return {
        "show": bool(learners),
        "steps": open_steps_for(user, ects) if ects else [],
        "is_ect": bool(ects),
        "today": timezone.localdate(),
    }


@register.inclusion_tag("learning/_next.html", takes_context=True)
def learning_next(context: dict[str, Any]) -> dict[str, Any]:
    """The learning half of "Next for you" at the top of /my/: this week's module (the first not done,
    else the first of the week) and, for an ECT, the open action step to check back on first; for a
    mentor, each of their ECTs with the steps still open."""
    user = context["request"].user
    if not getattr(user, "is_authenticated", False):
        return {"show": False}
    learners = learners_of(user)
    if not learners:
        return {"show": False}
    today = timezone.localdate()
    calendar = calendar_for(learners)
    modules = []
    for participant in learners:
        listing = modules_for(participant, today=today, calendar=calendar)
        week = sorted(listing.this_week, key=lambda m: getattr(m, "is_done", False))
        if week:
            modules.append(week[0])
    ects = [p for p in learners if p.is_ect]
    mentees = list(mentees_of(user, today).select_related("user").order_by("user__full_name"))
    steps = open_steps_for(user, ects + mentees)
    for ect in mentees:
        ect.open_steps = [s for s in steps if s.ect_id == ect.pk]  # type: ignore[attr-defined]
    own = [s for s in steps if any(s.ect_id == p.pk for p in ects)]
    return {
        "show": True,
        "modules": modules,
        "step": own[0] if own else None,
        "is_ect": bool(ects),
        "mentees": mentees,
        "today": today,
    }
