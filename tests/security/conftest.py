"""Fixtures for the security tests, and the case count printed at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.conftest import relay_counts, summary_lines
from tests.security.world import World, build_world

# Filled by the tests as they run; printed at the end of the run (tests/conftest.py words it).
CASES: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def pytest_sessionfinish(session: pytest.Session) -> None:
    relay_counts(session.config, CASES)


def pytest_terminal_summary(terminalreporter, config) -> None:  # type: ignore[no-untyped-def]
    if getattr(config, "workeroutput", None) is None:  # under pytest-xdist, tests/conftest.py prints it
        for line in summary_lines(CASES):
            terminalreporter.write_line(line)
