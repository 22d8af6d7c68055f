"""No code writes a time for a person to read except through ecfhub/lib/when.py.

Django's `date` and `time` filter functions called from Python, `strftime` and f-string date formats
all write whatever zone the value is in: a UTC moment comes out an hour early all summer. This test
reads the source and fails on any of them outside lib/when.py, and on Django's `date`/`time` filters
in any template: pages and e-mails use lib/when_tags.py's filters, so a moment reads the same in a
page, an e-mail and a file."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "ecfhub"
WHEN = ROOT / "lib" / "when.py"

FORBIDDEN_IN_PYTHON = {
    "Django's date/time filters called from Python (no conversion to local time)": re.compile(
        r"from django\.template\.defaultfilters import[^\n]*\b(date|time)\b"
    ),
    "django.utils.dateformat (formats in whatever zone the value has)": re.compile(
        r"from django\.utils(\.dateformat| import dateformat)|\b(date_format|time_format)\("
    ),
    "strftime (formats in whatever zone the value has)": re.compile(r"\.strftime\("),
    "an f-string date format like {x:%H:%M}": re.compile(r"\{[^{}\n]*:[^{}\n]*%[A-Za-z][^{}\n]*\}"),
}
FORBIDDEN_IN_TEMPLATES = re.compile(r"\|\s*(date|time)\b")


def _python_sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if path != WHEN and "tests" not in path.parts and "migrations" not in path.parts
    ]


def test_no_module_but_lib_when_writes_a_time_for_people():
    found = []
    for path in _python_sources():
        text = path.read_text(encoding="utf-8")
        for why, pattern in FORBIDDEN_IN_PYTHON.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT.parent)}:{line}: {why}: {match.group(0)!r}")
    assert not found, "Write times through ecfhub/lib/when.py:\n" + "\n".join(found)


def test_no_template_uses_djangos_date_or_time_filters():
    found = []
    templates = sorted(p for p in (ROOT / "templates").rglob("*") if p.is_file())
    assert len(templates) > 100  # every page's and e-mail's template, not an empty folder
    for path in templates:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if FORBIDDEN_IN_TEMPLATES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not found, "Use lib/when_tags.py's filters (on_day, at_clock, span_to…):\n" + "\n".join(found)


def test_the_scan_finds_each_way_a_time_was_written_before():
    """The patterns catch what the code used before lib/when.py (so the scan cannot pass by missing them)."""
    before = [
        "from django.template.defaultfilters import date as date_filter",
        'timezone.localtime(starts).strftime("%Y-%m-%d %H:%M")',
        'f"Go to {title} on {timezone.localtime(starts):%A %-d %B %Y at %H:%M}."',
        "from django.utils.dateformat import format",
    ]
    for line in before:
        assert any(p.search(line) for p in FORBIDDEN_IN_PYTHON.values()), line
    assert FORBIDDEN_IN_TEMPLATES.search('{{ session.starts_at|time:"H:i" }}')
