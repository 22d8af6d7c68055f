"""Every named URL of the site, read from the URL configuration itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

# Django's own machinery we do not enumerate: the admin (sampled through ADMIN_SAMPLES instead)
# and static files.
SKIPPED_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    name: str
    route: str
    kwarg_names: tuple[str, ...]


def _walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> list[Route]:
    routes: list[Route] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            routes += _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            continue
        route = prefix + str(pattern.pattern)
        name = pattern.name or route
        full = f"{namespace}:{name}" if namespace else name
        converters = getattr(pattern.pattern, "converters", {})
        routes.append(Route(full, route, tuple(converters)))
    return routes


def all_routes() -> list[Route]:
    return _walk(get_resolver().url_patterns, "", "")


def site_routes() -> list[Route]:
    """The routes the matrix must cover: everything but skipped namespaces and static files."""
    return [
        route
        for route in all_routes()
        if route.name.split(":")[0] not in SKIPPED_NAMESPACES and not route.route.startswith("static/")
    ]


def admin_routes() -> dict[str, Route]:
    return {route.name: route for route in all_routes() if route.name.startswith("admin:")}
