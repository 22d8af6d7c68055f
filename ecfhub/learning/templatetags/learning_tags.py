"""`{% learning_home %}`: the learning part of a participant's home page (/my/), so the hub's
landing page shows open action steps without knowing how they are found."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from ecfhub.learning.access import learners_of
from ecfhub.learning.queries import open_steps_for

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
