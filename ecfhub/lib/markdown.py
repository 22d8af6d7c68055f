"""Markdown to safe HTML: Python-Markdown renders, nh3 (Ammonia) sanitises."""

from __future__ import annotations

import functools

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": set()}

# GOV.UK typography classes, added after sanitising so authors cannot inject their own.
_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
    "<h2>": '<h2 class="govuk-heading-m">',
    "<h3>": '<h3 class="govuk-heading-s">',
    "<table>": '<table class="govuk-table">',
    "<a ": '<a class="govuk-link" ',
}


# The same text always renders to the same HTML, so the pages that show an area page on every request
# (the front page) render each text once per process: the text itself is the key, so an edited page is
# rendered afresh and never shown stale. Bounded, so it holds a few hundred pages at most.
@functools.lru_cache(maxsize=256)
def render_markdown(text: str) -> SafeString:
    html = md.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    for plain, styled in _CLASSES.items():
        clean = clean.replace(plain, styled)
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above
