"""Every refusal of the API in DfE's shapes: `{"errors": [{"title", "detail"}]}`, and 401 as
`{"error": "HTTP Token: Access denied"}`. Nothing the API is sent produces a server error page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from ecfhub.api.auth import ACCESS_DENIED

TITLES = {
    400: "Bad request",
    403: "Forbidden",
    404: "Resource not found",
    405: "Method not allowed",
    406: "Not acceptable",
    415: "Unsupported media type",
    422: "Unprocessable entity",
    429: "Too many requests",
}
NOT_FOUND_DETAIL = "Nothing could be found for the provided details"


class Unprocessable(exceptions.APIException):
    """A request read correctly whose content the hub refuses (a rule, or a value out of DfE's lists)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request could not be processed."


def errors(status_code: int, *pairs: tuple[str, str]) -> Response:
    return Response({"errors": [{"title": t, "detail": d} for t, d in pairs]}, status=status_code)


def _flatten(detail: Any, prefix: str = "") -> list[tuple[str, str]]:
    """DRF's nested validation messages as (where, message) pairs, DfE's `title` and `detail`."""
    if isinstance(detail, dict):
        out: list[tuple[str, str]] = []
        for key, value in detail.items():
            where = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, "" if key == "non_field_errors" else where))
        return out
    if isinstance(detail, list):
        if any(isinstance(item, dict) for item in detail):
            return [pair for i, item in enumerate(detail) for pair in _flatten(item, f"{prefix}[{i}]")]
        return [pair for item in detail for pair in _flatten(item, prefix)]
    return [(prefix or "request", str(detail))]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler (settings REST_FRAMEWORK["EXCEPTION_HANDLER"])."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    set_rollback()
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        response = Response({"error": ACCESS_DENIED}, status=status.HTTP_401_UNAUTHORIZED)
        response["WWW-Authenticate"] = 'Bearer realm="ECF Hub"'
        return response
    code = exc.status_code
    title = TITLES.get(code, "Error")
    if isinstance(exc, exceptions.NotFound):
        response = errors(code, (title, NOT_FOUND_DETAIL))
    elif isinstance(exc, exceptions.ValidationError | Unprocessable) and isinstance(exc.detail, dict | list):
        response = errors(code, *_flatten(exc.detail))
    else:
        response = errors(code, (title, str(exc.detail)))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(max(1, int(exc.wait)))
    return response
