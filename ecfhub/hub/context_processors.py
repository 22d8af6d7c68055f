from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ecfhub.hub.navigation import nav_items
from ecfhub.hub.settings import current_hub_settings


def hub(request: HttpRequest) -> dict[str, Any]:
    """Every page shows the hub's name and a menu; both are loaded lazily, once per request."""
    return {
        "hub": SimpleLazyObject(lambda: current_hub_settings(request)),
        "nav_items": SimpleLazyObject(lambda: nav_items(request)),
    }
