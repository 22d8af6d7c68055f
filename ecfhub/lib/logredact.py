"""Keeping secrets in URLs out of logs.

Set-up links, password-reset links and private calendar feeds carry their secret in the path, and
a log line is read by more people (and kept longer) than the database. Django's log records
("Not Found: …", runserver's request lines) pass through RedactTokens (settings.LOGGING);
gunicorn's access log uses RedactingGunicornLogger (Procfile: --logger-class), which also covers
the Referer, since a page opened from such a link sends it with every request it makes.

This module imports nothing from Django, so gunicorn can load it before the app."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

REDACTED = "[redacted]"

# The path segment that is the secret, after the route that carries it. Keep in step with the
# URL patterns: onboarding "account/set-up/<token>/", "account/reset/<uidb64>/<token>/",
# calendar "calendar/feed/<token>.ics".
_TOKEN_IN_PATH = re.compile(
    r"(?P<route>/account/set-up/|/account/reset/[^/\s?#\"']+/|/calendar/feed/)(?P<secret>[^/\s?#\"'.]+)"
)


def redact(text: str) -> str:
    """The text with every secret path segment replaced by [redacted]."""
    return _TOKEN_IN_PATH.sub(lambda m: m.group("route") + REDACTED, text)


class RedactTokens(logging.Filter):
    """A logging filter that rewrites each record's message with the secrets taken out."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's logger with the request line, path, query and Referer of each access-log line redacted."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
