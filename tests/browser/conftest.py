"""Browser tests: a real Chromium (Debian's) driven by Playwright against pytest-django's live server.

- One browser per test process (pytest-xdist spreads these tests over the processes), a new context
  (fresh cookies, fresh storage) per test.
- Every test starts from an empty database (`live_server` brings `transactional_db`: the tables are
  flushed after each test; the participants' area pages come back through their post_migrate handler).
- E-mail goes over real SMTP to an in-process aiosmtpd server (`mailbox` fixture).
- Queued background tasks (the e-mail outbox) are run by django-tasks' real database worker
  (`run_tasks` fixture), in the test thread, against the same database the live server uses.

Without Chromium the tests are skipped with one line saying how to enable them; with
ECFHUB_REQUIRE_BROWSER=1 (CI) a missing Chromium is an error instead.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from tests.browser.report import WORKER_KEY, write_report
from tests.conftest import BROWSER_SKIP_REASON, relay_counts

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("ECFHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_REASON = BROWSER_SKIP_REASON
PASSWORD = "correct-horse-battery-staple"


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


def browser_required() -> bool:
    return os.environ.get("ECFHUB_REQUIRE_BROWSER", "") not in ("", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    ours = [item for item in items if BROWSER_DIR in Path(str(item.path)).parents]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    if ours and not chromium_available() and not browser_required():
        skip = pytest.mark.skip(reason=SKIP_REASON)
        for item in ours:
            item.add_marker(skip)
        config.stash[_skipped_key] = len(ours)


_skipped_key = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session) -> None:
    relay_counts(session.config, Counter(browser_skipped=session.config.stash.get(_skipped_key, 0)))
    # The pages this process checked: written here without xdist, else handed to the main process
    # (each worker runs some of the browser tests, with its own Chromium and live server).
    support = sys.modules.get("tests.browser.support")
    rows = list(support.CHECKED) if support is not None else []
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[WORKER_KEY] = rows
    else:
        write_report(rows)


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    skipped = config.stash.get(_skipped_key, 0)
    if skipped and getattr(config, "workeroutput", None) is None:  # under pytest-xdist, tests/conftest.py says it
        terminalreporter.write_line(f"{skipped} {SKIP_REASON}", yellow=True, bold=True)


# --- the browser -------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def _async_unsafe_allowed() -> Iterator[None]:
    """Playwright's sync API runs an asyncio event loop in the test thread, which trips Django's
    "you cannot call this from an async context" guard on the ORM calls the tests make themselves
    (creating the hub admin, running the task worker). Nothing runs concurrently in that thread, so
    the guard protects nothing here. Set for this package only, while the browser is up: it must not
    leak into other tests or into subprocesses they start (`check --deploy` refuses it, rightly)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(_async_unsafe_allowed: None) -> Iterator[Any]:
    """One Chromium for this package's tests; closed (with Playwright's event loop) when they are done."""
    if not chromium_available():
        # Reached only when ECFHUB_REQUIRE_BROWSER is set (otherwise the tests are skipped).
        pytest.fail(f"ECFHUB_REQUIRE_BROWSER is set but there is no Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh temporary profile (user-data-dir) and removes it on close.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Hashing is slow by design; these tests need it correct, not slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def site(live_server: Any, settings: Any) -> str:
    """The live server's address, also used as SITE_URL so links in e-mails point at it."""
    settings.SITE_URL = live_server.url
    return str(live_server.url)


@pytest.fixture
def context(browser: Any, site: str) -> Iterator[Any]:
    ctx = browser.new_context(base_url=site, viewport={"width": 1024, "height": 800}, locale="en-GB")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    from tests.browser.support import PageWatcher

    page = context.new_page()
    watcher = PageWatcher(page, test_name=request.node.name)
    page.watcher = watcher  # the checks in support.py find it here
    yield page
    watcher.assert_no_console_errors()


# --- e-mail ------------------------------------------------------------------------------------


class Mailbox:
    """What the in-process SMTP server received (notifications' own test server), plus the worker."""

    def __init__(self, server: Any) -> None:
        self.server = server

    def deliver(self) -> None:
        """Run the queued tasks (the outbox sends e-mail from the task queue), as `db_worker` would."""
        from ecfhub.notifications.testing import run_tasks

        run_tasks()

    def to(self, address: str) -> list[EmailMessage]:
        """Messages to `address`, after the worker has run whatever is queued."""
        self.deliver()
        return [m for m in self.server.received if address.lower() in str(m["To"]).lower()]


@pytest.fixture(scope="session")
def _smtp_server() -> Iterator[Any]:
    from ecfhub.notifications.testing import SmtpServer

    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(_smtp_server: Any, settings: Any) -> Mailbox:
    """Real SMTP delivery to an in-process aiosmtpd server; read messages with `mailbox.to(address)`."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _smtp_server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    _smtp_server.received.clear()
    return Mailbox(_smtp_server)


# --- people --------------------------------------------------------------------------------------


@pytest.fixture
def hub_admin(transactional_db: None) -> Any:
    """The one record made through the ORM: someone has to exist before anyone can sign in."""
    from ecfhub.people.models import User

    return User.objects.create_user(email="hana@hub.test", password=PASSWORD, full_name="Hana Admin", is_hub_admin=True)
