"""Adding and changing the participants' area pages."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ecfhub.audit.services import record
from ecfhub.content.models import Page
from ecfhub.lib.concurrency import lock_unchanged

PAGE_FIELDS = ("title", "slug", "summary", "body", "order", "published")


@transaction.atomic
def create_page(*, values: dict[str, Any], actor: Any) -> Page:
    """Add a page. Guarantees: the page and its audit entry are saved together."""
    page = Page(**{name: values[name] for name in PAGE_FIELDS if name in values}, updated_by=actor)
    page.save()
    record(actor=actor, action="page.created", summary=f"Added the page “{page.title}”", target=page)
    return page


@transaction.atomic
def change_page(*, page: Page, changes: dict[str, Any], actor: Any, expected_version: str | None = None) -> Page:
    """Change a page's text or settings.

    Guarantees, with the page row locked: nothing is saved if someone changed
    it since `expected_version` was read (`edit_conflict`, see lib/concurrency);
    one audit entry naming what changed, none when nothing did."""
    unknown = set(changes) - set(PAGE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    locked = lock_unchanged(Page, page.pk, expected_version, what="page")
    changed = [name for name, value in changes.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, changes[name])
    locked.updated_by = actor
    locked.save()
    record(
        actor=actor,
        action="page.changed",
        summary=f"Changed the page “{locked.title}”",
        target=locked,
        details={"changed": changed},
    )
    return locked
