"""Read-only questions about the participants' area pages."""

from __future__ import annotations

from ecfhub.content.models import Page


def published_pages() -> dict[str, Page]:
    """The published pages by slug, in their order; one query."""
    return {page.slug: page for page in Page.objects.filter(published=True)}
