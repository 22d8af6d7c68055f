"""Template filters for text, built into every template (settings.TEMPLATES' `builtins`).

`{{ person.user.email|breakable }}` lets a browser break an e-mail address or a long name only after
an "@" or a "." (a `<wbr>` there), so "amelia.phillips@stmarys.norfolk.sch.uk" wraps as
"amelia.|phillips@|stmarys.|norfolk.|sch.|uk" and never inside a word, at any width. Used wherever
an address or a long dotted name is shown in a page; e-mails and files get the plain text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_BREAK_AFTER = re.compile(r"([@.])(?=.)")


@register.filter(is_safe=True)
def breakable(value: object) -> SafeString:
    """The value escaped, with a break opportunity after each "@" and "." that has text after it."""
    if value is None:
        return mark_safe("")
    escaped = str(conditional_escape(str(value)))
    return mark_safe(_BREAK_AFTER.sub(r"\1<wbr>", escaped))  # noqa: S308 - escaped just above


def as_read(html: str) -> str:
    """A page's HTML with the break opportunities `breakable` adds taken out: the text as a reader
    reads it (and copies it). Every test that looks for an address or a name in a page, present or
    absent, searches this, or an address shown through `breakable` could never be found."""
    return html.replace("<wbr>", "")
