"""Secrets in URLs (set-up, reset and feed links) never reach a log line."""

from __future__ import annotations

import datetime
import io
import logging
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from ecfhub.lib.logredact import RedactingGunicornLogger, RedactTokens, redact

SET_UP = "aQ3xY_secret-set-up-token-9f"
FEED = "Zz91_secret-feed-token-k2"
RESET = "cm4ryy-0a1b2c3d4e5f60718293a4b5c6d7e8f9"


def test_it_takes_the_secret_out_of_each_kind_of_link():
    assert redact(f"/account/set-up/{SET_UP}/") == "/account/set-up/[redacted]/"
    assert redact(f"GET /calendar/feed/{FEED}.ics HTTP/1.1") == "GET /calendar/feed/[redacted].ics HTTP/1.1"
    assert (
        redact(f"https://hub.test/account/reset/MTI/{RESET}/?x=1")
        == "https://hub.test/account/reset/MTI/[redacted]/?x=1"
    )


def test_it_leaves_other_paths_alone():
    for text in ["/account/login/", "/calendar/?year=2025", "/manage/outbox/12/", "/account/set-up/"]:
        assert redact(text) == text


def _console_handler() -> logging.Handler:
    [handler] = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactTokens) for f in h.filters)]
    return handler


@pytest.mark.django_db
@pytest.mark.parametrize("path", [f"/calendar/feed/{FEED}.ics", f"/account/set-up/{SET_UP}/"])
def test_djangos_not_found_warning_for_a_wrong_link_keeps_no_secret(client, path):
    handler = _console_handler()
    assert isinstance(handler, logging.StreamHandler)
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        answer = client.get(path)
    finally:
        handler.setStream(previous)
    assert answer.status_code in (404, 410)
    logged = captured.getvalue()
    assert "[redacted]" in logged
    assert FEED not in logged and SET_UP not in logged


def test_the_gunicorn_access_log_keeps_no_secret_in_the_path_or_referer():
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s')
    logger = RedactingGunicornLogger(cfg)
    captured = io.StringIO()
    for handler in logger.access_log.handlers:
        handler.setStream(captured)  # type: ignore[attr-defined]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/feed/{FEED}.ics",
        "PATH_INFO": f"/calendar/feed/{FEED}.ics",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://hub.test/account/set-up/{SET_UP}/",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0))
    line = captured.getvalue()
    assert '"GET /calendar/feed/[redacted].ics HTTP/1.1" 200' in line
    assert "/account/set-up/[redacted]/" in line
    assert FEED not in line and SET_UP not in line
