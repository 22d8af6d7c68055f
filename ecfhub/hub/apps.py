from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(**kwargs: Any) -> None:
    # The e-mail limits' database cache (settings CACHES["ratelimit"] without Redis) needs its table;
    # creating it with every migrate means no deployment step can forget it. Does nothing otherwise.
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class HubConfig(AppConfig):
    name = "ecfhub.hub"

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
        # django.contrib.admin is first in INSTALLED_APPS, so every admin.py is registered by now.
        from django.contrib import admin

        from ecfhub.lib.admin import refuse_control_characters_in_admin_forms

        refuse_control_characters_in_admin_forms(admin.site)
