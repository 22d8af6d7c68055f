"""Read-only questions about the participants' area pages."""

from __future__ import annotations

from ecfhub.content.models import Page
from ecfhub.lib.page_cache import table_values


def published_pages() -> dict[str, Page]:
    """The published pages by slug, in their order; one query."""
    return {page.slug: page for page in Page.objects.filter(published=True)}


def participants_area_shown() -> list[tuple[object, ...]]:
    """Every stored value of every page, as plain values: what a cached participants' area is keyed on
    (`lib.page_cache`); one query."""
    return table_values(Page)
