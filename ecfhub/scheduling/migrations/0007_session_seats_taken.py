"""Keep `events.Session.seats_taken` equal to the session's active places, in the database.

Triggers rather than Python: a place is written by the places service one at a time and in bulk
(`bulk_create`, which sends no signals), ended by queryset updates, and removed by cascades and
restores. A trigger sees every one of those, in the same transaction as the change, so the count
can never disagree with the places (tested in events/tests/test_seats_taken.py on both databases).
The count is then read with the session's row, instead of counted on every page (bench/README.md).

"Active" is status = 'assigned', as everywhere else (`Assignment.Status.ASSIGNED`)."""

from django.db import migrations

SQLITE_UP = [
    """
    CREATE TRIGGER scheduling_assignment_seats_insert AFTER INSERT ON scheduling_assignment
    WHEN NEW.status = 'assigned'
    BEGIN
        UPDATE events_session SET seats_taken = seats_taken + 1 WHERE id = NEW.session_id;
    END
    """,
    """
    CREATE TRIGGER scheduling_assignment_seats_delete AFTER DELETE ON scheduling_assignment
    WHEN OLD.status = 'assigned'
    BEGIN
        UPDATE events_session SET seats_taken = seats_taken - 1 WHERE id = OLD.session_id;
    END
    """,
    """
    CREATE TRIGGER scheduling_assignment_seats_update AFTER UPDATE OF status, session_id ON scheduling_assignment
    WHEN OLD.status = 'assigned' OR NEW.status = 'assigned'
    BEGIN
        UPDATE events_session SET seats_taken = seats_taken - 1
            WHERE id = OLD.session_id AND OLD.status = 'assigned';
        UPDATE events_session SET seats_taken = seats_taken + 1
            WHERE id = NEW.session_id AND NEW.status = 'assigned';
    END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS scheduling_assignment_seats_insert",
    "DROP TRIGGER IF EXISTS scheduling_assignment_seats_delete",
    "DROP TRIGGER IF EXISTS scheduling_assignment_seats_update",
]

# PostgreSQL: statement-level triggers over the rows each statement changed (transition tables), so a
# bulk insert of 70,000 places updates each session once per statement, not once per place (a row
# updated thousands of times in one transaction leaves thousands of versions to walk).
_DELTA = """
    UPDATE events_session AS s SET seats_taken = s.seats_taken + d.n
    FROM (SELECT session_id, SUM(n) AS n FROM ({changed}) AS c GROUP BY session_id HAVING SUM(n) <> 0) AS d
    WHERE s.id = d.session_id;
"""
_ADDED = "SELECT session_id, 1 AS n FROM new_rows WHERE status = 'assigned'"
_REMOVED = "SELECT session_id, -1 AS n FROM old_rows WHERE status = 'assigned'"


def _function(name: str, changed: str) -> str:
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger AS $$
    BEGIN
        {_DELTA.format(changed=changed)}
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """


POSTGRES_UP = [
    _function("scheduling_assignment_seats_inserted", _ADDED),
    _function("scheduling_assignment_seats_deleted", _REMOVED),
    _function("scheduling_assignment_seats_updated", f"{_ADDED} UNION ALL {_REMOVED}"),
    """
    CREATE TRIGGER scheduling_assignment_seats_insert AFTER INSERT ON scheduling_assignment
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scheduling_assignment_seats_inserted()
    """,
    """
    CREATE TRIGGER scheduling_assignment_seats_delete AFTER DELETE ON scheduling_assignment
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scheduling_assignment_seats_deleted()
    """,
    """
    CREATE TRIGGER scheduling_assignment_seats_update AFTER UPDATE ON scheduling_assignment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION scheduling_assignment_seats_updated()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS scheduling_assignment_seats_insert ON scheduling_assignment",
    "DROP TRIGGER IF EXISTS scheduling_assignment_seats_delete ON scheduling_assignment",
    "DROP TRIGGER IF EXISTS scheduling_assignment_seats_update ON scheduling_assignment",
    "DROP FUNCTION IF EXISTS scheduling_assignment_seats_inserted()",
    "DROP FUNCTION IF EXISTS scheduling_assignment_seats_deleted()",
    "DROP FUNCTION IF EXISTS scheduling_assignment_seats_updated()",
]

# The count as it stands when the triggers arrive (the same on both databases).
RECOUNT = """
    UPDATE events_session SET seats_taken = (
        SELECT COUNT(*) FROM scheduling_assignment
        WHERE scheduling_assignment.session_id = events_session.id AND scheduling_assignment.status = 'assigned'
    )
"""


def _run(statements: list[str], schema_editor) -> None:  # type: ignore[no-untyped-def]
    for statement in statements:
        schema_editor.execute(statement)


def up(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(POSTGRES_UP, schema_editor)
    elif vendor == "sqlite":
        _run(SQLITE_UP, schema_editor)
    else:
        raise NotImplementedError(f"No seat-count triggers for {vendor}: ECF Hub runs on PostgreSQL or SQLite.")
    schema_editor.execute(RECOUNT)


def down(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(POSTGRES_DOWN if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_session_seats_taken"),
        ("scheduling", "0006_missed_and_catch_up"),
    ]

    operations = [migrations.RunPython(up, down)]
