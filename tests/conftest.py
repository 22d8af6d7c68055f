"""The summary lines at the end of the run, also when pytest-xdist runs the tests in worker processes.

The security tests count their cases (the access matrix, object swaps, fuzzing) and the browser
conftest counts the browser tests it skips. Under xdist those conftests are loaded only in the
workers, whose terminal output is not shown, so each worker hands its counts to the main process
(`relay_counts`), which always loads this file and prints the lines."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from ecfhub.conftest import _no_rate_limit_counts_from_other_tests  # noqa: F401 (a fixture, for tests/ too)
from tests.browser.report import WORKER_KEY as PAGES_KEY
from tests.browser.report import write_report as write_pages_report

BROWSER_SKIP_REASON = "browser tests skipped: install Debian's chromium (apt-get install chromium) to run them"
_KEY = "ecfhub_counts"
_merged: Counter[str] = Counter()
_pages_checked: list[dict[str, Any]] = []

# Counts every worker makes the same (each collects the whole suite) are merged by max, not summed.
_SAME_IN_EVERY_WORKER = {"roles", "browser_skipped"}


def relay_counts(config: pytest.Config, counts: Counter[str]) -> bool:
    """In an xdist worker, hand `counts` to the main process and say so; in a single process, False."""
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is None:
        return False
    workeroutput.setdefault(_KEY, {}).update(counts)
    return True


def summary_lines(counts: Counter[str]) -> list[str]:
    """The access matrix's case count and the browser tests skipped, as printed at the end of the run."""
    lines = []
    parts = []
    if counts["get"]:
        parts.append(
            f"{counts['get'] + counts['post']} URL × role cases "
            f"({counts['urls']} URLs × {counts['roles']} roles: {counts['get']} GET, {counts['post']} POST)"
        )
    if counts["foreign"]:
        parts.append(f"{counts['foreign']} object-swap cases")
    if counts["form_foreign"]:
        parts.append(f"{counts['form_foreign']} form-field swaps")
    if counts["fuzz_forms"]:
        parts.append(f"{counts['fuzz_posts']} fuzzed POSTs to {counts['fuzz_forms']} forms")
    if counts["fuzz_urls"]:
        parts.append(f"{counts['fuzz_urls']} fuzzed requests to {counts['fuzz_url_names']} URLs")
    if parts:
        lines.append("access matrix: " + ", ".join(parts))
    if counts["browser_skipped"]:
        lines.append(f"{counts['browser_skipped']} {BROWSER_SKIP_REASON}")
    return lines


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    for key, n in getattr(node, "workeroutput", {}).get(_KEY, {}).items():
        _merged[key] = max(_merged[key], n) if key in _SAME_IN_EVERY_WORKER else _merged[key] + n
    _pages_checked.extend(getattr(node, "workeroutput", {}).get(PAGES_KEY, []))


def pytest_sessionfinish(session: pytest.Session) -> None:
    if getattr(session.config, "workeroutput", None) is None and _pages_checked:
        write_pages_report(_pages_checked)  # the browser tests' pages, from every worker


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    for line in summary_lines(_merged):
        terminalreporter.write_line(line, yellow="skipped" in line, bold="skipped" in line)
