"""One writer of places: no module but `scheduling.services.places` writes `Assignment` or `PlaceChange`.

Read from the source with `ast`, so a new writer fails here the day it is written, whatever
path it would take at run time: a queryset write rooted at the model or at a related manager
(`session.assignments.update(...)`), building the model (`Assignment(...)` for a bulk insert),
or saving/deleting an object whose name says it is a place."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the ecfhub package
OWNER = ROOT / "scheduling" / "services" / "places.py"
MODELS = {"Assignment", "PlaceChange"}
RELATED = {"assignments", "place_changes", "changes"}
WRITES = {"create", "bulk_create", "bulk_update", "update", "delete", "get_or_create", "update_or_create"}
OBJECT_WRITES = {"save", "delete"}
PLACE_NAMES = ("assignment", "place_change")


def _chain(node: ast.AST) -> list[str]:
    # The names along `a.b(...).c.d`, from the outside in, with calls looked through.
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names
        else:
            return names


def _writes(func: ast.expr) -> bool:
    if isinstance(func, ast.Name):
        return func.id in MODELS  # building a row, for bulk_create
    if not isinstance(func, ast.Attribute):
        return False
    below = _chain(func.value)
    if func.attr in WRITES and (MODELS | RELATED) & set(below):
        return True
    return func.attr in OBJECT_WRITES and bool(below) and any(p in below[0].lower() for p in PLACE_NAMES)


def writes_of_places(source: str, filename: str = "<source>") -> list[str]:
    """Every line of `source` that writes a place, as 'file:line: code'."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        if _writes(node.func):
            found.append(f"{filename}:{node.lineno}: {ast.unparse(node)[:90]}")
    return found


def test_only_the_places_service_writes_places() -> None:
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = set(path.relative_to(ROOT).parts)
        if path == OWNER or "tests" in parts or "migrations" in parts:
            continue
        offenders += writes_of_places(path.read_text(), str(path.relative_to(ROOT)))
    assert offenders == [], "Write places through scheduling.services.places:\n" + "\n".join(offenders)


def test_the_check_catches_each_way_of_writing_a_place() -> None:
    source = """
Assignment.objects.create(participant=p, event=e, session=s)
Assignment.objects.filter(session=s).update(status="released")
Assignment.objects.bulk_create([Assignment(participant=p)])
session.assignments.filter(status="assigned").delete()
assignment.save(update_fields=["status"])
previous_assignment.delete()
PlaceChange.objects.all().delete()
"""
    lines = sorted(hit.split(":")[1] for hit in writes_of_places(source))
    assert lines == ["2", "3", "4", "4", "5", "6", "7", "8"]


def test_reading_places_is_not_a_write() -> None:
    source = """
Assignment.objects.filter(status="assigned").count()
session.assignments.filter(status="assigned").exists()
Session.objects.filter(pk=1).update(capacity=3)
assignment.session.date
"""
    assert writes_of_places(source) == []
