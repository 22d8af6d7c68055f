"""How the OpenAPI document describes the bearer token (drf-spectacular's extension point)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "ecfhub.api.auth.BearerTokenAuthentication"
    name = "api_key"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "A token from the hub's API tokens page."}
