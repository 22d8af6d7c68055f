"""Hardening: headers, cookies, CSRF, CSP-safe templates, sign-in throttling, password reset,
hashed tokens, upload limits, and `check --deploy` in production settings."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from django.urls import reverse

from ecfhub.lib.text_tags import as_read
from tests.security.access_table import NOT_ALLOWED, OK, TABLE
from tests.security.checks import url_for
from tests.security.world import HUB_ADMIN, ROLES, World

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "ecfhub" / "templates"


def _production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Test-process switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE) are not production's.
        if key
        not in {
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "ECFHUB_INSECURE_LOCAL",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="ecfhub.example.org",
        SITE_URL="https://ecfhub.example.org",
        DJANGO_SETTINGS_MODULE="ecfhub.settings",
        **extra,
    )
    return env


def _production_settings(**extra: str) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY', 'SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_production_env(**extra), cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- production settings -------------------------------------------------------------------


def test_check_deploy_passes_in_production_settings():
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_production_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_production_cookies_are_secure_and_http_only_with_hsts():
    values = _production_settings()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"


def test_the_local_switch_relaxes_only_the_cookie_flags():
    values = _production_settings(ECFHUB_INSECURE_LOCAL="1", SECURE_SSL_REDIRECT="0")
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert values["SESSION_COOKIE_HTTPONLY"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_production_refuses_to_start_without_a_secret_key():
    env = _production_env()
    env["SECRET_KEY"] = ""
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "SECRET_KEY must be set" in done.stderr


@pytest.mark.parametrize("site_url", ["", "ecfhub.example.org"])
def test_production_refuses_to_start_without_a_site_url(site_url):
    env = _production_env()
    env["SITE_URL"] = site_url
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and "SITE_URL must be set" in done.stderr


# --- response headers ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/account/login/", "/healthz"])
def test_every_answer_carries_the_security_headers(client, db, path):
    response = client.get(path)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


# --- templates work under the CSP ----------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
STYLE_ATTR = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style[\s>]", re.IGNORECASE)
HANDLER_ATTR = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt", ".xml", ".svg"})


def test_there_are_templates_to_scan():
    assert len(_templates()) > 20


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_needs_unsafe_inline(path):
    text = path.read_text(encoding="utf-8")
    if "emails" in path.parts:
        return  # e-mail bodies are read in mail clients, not under the site's CSP
    problems = [
        what
        for what, pattern in (
            ("an inline <script> body", INLINE_SCRIPT),
            ("a style= attribute", STYLE_ATTR),
            ("a <style> element", STYLE_TAG),
            ("an on…= event handler attribute", HANDLER_ATTR),
            ("a javascript: URL", JS_URL),
        )
        if pattern.search(text)
    ]
    assert not problems, f"{path.relative_to(ROOT)} has {', '.join(problems)}; the CSP forbids them"


# --- CSRF ----------------------------------------------------------------------------------


def _post_urls(world: World) -> list[tuple[str, str, str]]:
    """(name, url, role) for every URL a role may POST to, from the access table."""
    found = []
    for name, page in TABLE.items():
        if name.startswith("admin:"):
            continue
        posting = page.post_expect()
        for role in (HUB_ADMIN, *ROLES):
            if world.users.get(role) is None:
                continue
            if page.expect[role] in (OK, NOT_ALLOWED) and posting[role] not in ("403", "404", NOT_ALLOWED):
                found.append((name, url_for(name, page, world), role))
                break
    return found


def test_every_form_refuses_a_post_without_the_csrf_token(world):
    checked = 0
    for name, url, role in _post_urls(world):
        client = Client(enforce_csrf_checks=True)
        client.force_login(world.users[role])
        response = client.post(url, {})
        assert response.status_code == 403, f"{name} accepted a POST without a CSRF token ({response.status_code})"
        checked += 1
    assert checked >= 10


def test_the_sign_in_form_needs_the_csrf_token_too(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x@example.org", "password": "y"})
    assert response.status_code == 403


# --- signing in ----------------------------------------------------------------------------


def test_repeated_failed_sign_ins_lock_the_account_for_that_address(world):
    from ecfhub.conftest import PASSWORD

    client = Client(REMOTE_ADDR="203.0.113.9")
    email = world.users["ect"].email
    for attempt in range(1, settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"username": email, "password": "wrong-password"})
        assert response.status_code == (429 if attempt == settings.AXES_FAILURE_LIMIT else 200)
    locked = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Someone else signing in from the same school's address is not locked out.
    other = Client(REMOTE_ADDR="203.0.113.9").post(
        reverse("login"), {"username": world.users["mentor"].email, "password": PASSWORD}
    )
    assert other.status_code == 302


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(world):
    known = Client().post(reverse("password_reset"), {"email": world.users["ect"].email})
    unknown = Client().post(reverse("password_reset"), {"email": "nobody-here@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    followed_known = Client().get(known["Location"]).text
    followed_unknown = Client().get(unknown["Location"]).text
    assert followed_known == followed_unknown


# --- tokens are stored hashed --------------------------------------------------------------

TOKENISH = re.compile(r"token|secret|key", re.IGNORECASE)


def test_no_model_field_holds_a_raw_token():
    """Fields named like a token must be a SHA-256 hex digest (64 characters) named *_hash."""
    offenders = []
    for model in apps.get_models():
        if not model.__module__.startswith("ecfhub."):
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField) or not TOKENISH.search(field.name):
                continue
            if field.name in {"dedupe_key"}:
                continue  # an idempotency key, not a secret
            if not (field.name.endswith("_hash") and field.max_length == 64):
                offenders.append(f"{model._meta.label}.{field.name}")
    assert not offenders, f"these fields look like raw secrets: {offenders}"


def test_the_invitation_and_feed_secrets_are_nowhere_in_the_database(world):
    from django.db import connection

    secrets_in_urls = [
        value for key, value in world.objects.items() if key.endswith("token") and isinstance(value, str)
    ]
    assert secrets_in_urls, "the world should hold at least one raw token"
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            text_columns = [
                f.column for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))
            ]
            for column in text_columns:
                for raw in secrets_in_urls:
                    quoted = connection.ops.quote_name
                    cursor.execute(f"SELECT count(*) FROM {quoted(table)} WHERE {quoted(column)} LIKE %s", [f"%{raw}%"])
                    assert cursor.fetchone()[0] == 0, f"{table}.{column} holds a raw token"


def test_a_wrong_feed_or_invitation_token_is_refused(world):
    client = Client()
    if "feed_token" in world.objects:
        assert client.get(reverse("calendar:private_feed", kwargs={"token": "x" + world.feed_token})).status_code == 404
    if "invitation_token" in world.objects:
        bad = client.get(reverse("onboarding:set_up", kwargs={"token": "x" + world.invitation_token}))
        assert bad.status_code in (404, 410)
        assert "nia@riverside.test" not in as_read(bad.text)


# --- uploads -------------------------------------------------------------------------------


def test_request_bodies_and_uploads_are_limited():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 25 * 1024 * 1024
    assert settings.ECFHUB_MAX_UPLOAD_BYTES <= 10 * 1024 * 1024
