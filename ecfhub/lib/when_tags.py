"""Template filters for lib/when.py, built into every template (settings.TEMPLATES' `builtins`).

Pages, e-mails and files use these, never Django's `date` and `time` filters, so a moment reads the same
in a page, an e-mail and a calendar description: {{ session.starts_at|span_to:session.ends_at }} is
"Thursday 8 July 2027, 16:00 to 17:00" on England's clock."""

from __future__ import annotations

import datetime

from django import template

from ecfhub.lib import when

register = template.Library()


def _or_blank(fn):  # type: ignore[no-untyped-def]
    # A missing value renders as nothing, as Django's own filters do, instead of raising in a template.
    def apply(value: object, *args: object) -> str:
        if not isinstance(value, datetime.date):
            return ""
        return fn(value, *args)

    apply.__name__ = fn.__name__
    apply.__doc__ = fn.__doc__
    return apply


register.filter("on_day", _or_blank(when.day))
register.filter("on_short_day", _or_blank(when.short_day))
register.filter("on_weekday_month", _or_blank(when.weekday_month))
register.filter("on_day_month", _or_blank(when.day_month))
register.filter("on_date", _or_blank(when.plain_date))
register.filter("at_clock", _or_blank(when.clock))
register.filter("stamp", _or_blank(when.stamp))
register.filter("on_short_date", _or_blank(when.short_date))
register.filter("on_short_day_month", _or_blank(when.short_day_month))
register.filter("on_short_weekday_month", _or_blank(when.short_weekday_month))
register.filter("on_weekday_date", _or_blank(when.weekday_date))
register.filter("on_month", _or_blank(when.month))
register.filter("day_clock", _or_blank(when.day_clock))
register.filter("short_stamp", _or_blank(when.short_stamp))
register.filter("short_weekday_clock", _or_blank(when.short_weekday_clock))


@register.filter
def span_to(starts: object, ends: object) -> str:
    """{{ starts|span_to:ends }}: "Thursday 8 July 2027, 16:00 to 17:00"."""
    if not isinstance(starts, datetime.datetime) or not isinstance(ends, datetime.datetime):
        return ""
    return when.span(starts, ends)
