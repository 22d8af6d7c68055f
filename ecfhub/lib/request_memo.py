"""Values loaded at most once per request: the hub's settings and the reference data many parts of
one page ask for (the term calendar, the programme requirements, the teaching weeks).

A page such as an ECT's *My programme* is built from several queries modules (dates, progress,
learning), each of which needs the term calendar or the requirement rows; without this each loaded
them again (the ECT home read the requirement rows four times, bench/README.md).

- Inside a request (`RequestMemoMiddleware` opens the scope) `memo(key, load)` runs `load` once per
  key. Only in requests that change nothing (GET, HEAD, OPTIONS), unless `writes_too`: a form that
  edits the term calendar and then works with it must see its own change.
- Outside a request (tasks, commands, tests calling a function directly) nothing is kept: every call
  loads afresh, so a long-running worker never acts on data that has since changed.

What is kept must be treated as read-only by every caller, as they share it."""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _Scope:
    __slots__ = ("safe", "values")

    def __init__(self, *, safe: bool) -> None:
        self.safe = safe
        self.values: dict[Hashable, Any] = {}


_scope: contextvars.ContextVar[_Scope | None] = contextvars.ContextVar("request_memo", default=None)


def memo(key: Hashable, load: Callable[[], T], *, writes_too: bool = False) -> T:
    """`load()`'s value, loaded once per request for `key` (see the module's docstring for when)."""
    scope = _scope.get()
    if scope is None or not (scope.safe or writes_too):
        return load()
    if key not in scope.values:
        scope.values[key] = load()
    return scope.values[key]  # type: ignore[no-any-return]


def forget(key: Hashable) -> None:
    """Drop what this request keeps for `key`, after changing it (so the rest of the request sees the change)."""
    scope = _scope.get()
    if scope is not None:
        scope.values.pop(key, None)


class RequestMemoMiddleware:
    """Opens the per-request scope `memo()` keeps values in; a context variable, so concurrent requests
    (threads or async tasks) never share one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _scope.set(_Scope(safe=request.method in _SAFE_METHODS))
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)
