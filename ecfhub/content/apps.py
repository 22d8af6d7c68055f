from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_default_pages(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Give a new installation its participants' area pages; never overwrite a hub's edits.

    A post_migrate handler rather than a data migration, so the pages also come
    back after a database flush (as transactional tests do)."""
    # Imported here, not at the top: apps.py is loaded while Django is still registering the apps,
    # before models may be imported (AppRegistryNotReady); this runs after migrations.
    from ecfhub.content.defaults import DEFAULT_PAGES
    from ecfhub.content.models import Page

    for page in DEFAULT_PAGES:
        Page.objects.using(using).get_or_create(
            slug=page["slug"], defaults={k: v for k, v in page.items() if k != "slug"}
        )


class ContentConfig(AppConfig):
    name = "ecfhub.content"

    def ready(self) -> None:
        post_migrate.connect(ensure_default_pages, sender=self)
