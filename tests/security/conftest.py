"""Fixtures for the security tests, and the case count printed at the end of the run."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.cache import cache

from tests.security.world import World, build_world

# Filled by the tests as they run; printed by pytest_terminal_summary below.
CASES: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def _no_rate_limit_counts_from_other_tests() -> None:
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    parts = []
    if CASES["get"]:
        parts.append(
            f"{CASES['get'] + CASES['post']} URL × role cases "
            f"({CASES['urls']} URLs × {CASES['roles']} roles: {CASES['get']} GET, {CASES['post']} POST)"
        )
    if CASES["foreign"]:
        parts.append(f"{CASES['foreign']} object-swap cases")
    if CASES["form_foreign"]:
        parts.append(f"{CASES['form_foreign']} form-field swaps")
    if CASES["fuzz_forms"]:
        parts.append(f"{CASES['fuzz_posts']} fuzzed POSTs to {CASES['fuzz_forms']} forms")
    if parts:
        terminalreporter.write_line("access matrix: " + ", ".join(parts))
