"""test-artifacts/accessibility-pages.txt: every page the browser tests checked in the last run.

Under pytest-xdist the browser tests are spread over the worker processes; each hands its rows to
the main process (tests/conftest.py), which writes the one file. Without xdist the browser
conftest writes it. No Django here: the main process writes it after the workers are gone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
REPORT = ARTIFACTS / "accessibility-pages.txt"
WORKER_KEY = "ecfhub_pages_checked"


def write_report(rows: list[dict[str, Any]]) -> None:
    """Write the rows, sorted by test then in the order they were checked; nothing when none ran."""
    if not rows:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    ordered = sorted(enumerate(rows), key=lambda item: (item[1]["test"], item[0]))
    lines = ["test\tpage\tpath\ttitle\tmoderate/minor axe findings (not failing)"]
    lines += [
        f"{row['test']}\t{row['page']}\t{row['path']}\t{row['title']}\t{json.dumps(row['minor'])}" for _, row in ordered
    ]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
