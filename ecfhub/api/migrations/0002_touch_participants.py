# ruff: noqa: S608 - trigger SQL built from table and column names in this file, never from input
"""Register marks, catch-up sign-offs, modules done and declarations recorded as sent change what the
API shows of a person (their progress, their evidence), so each touches `Participant.updated_at`
(the participant's own columns, account and pairings: people/migrations/0005). Triggers, so no
service, bulk write or cascade can miss it; `filter[updated_since]` then reads only changed rows."""

from django.db import migrations

# table → the column naming the participant
FEEDS = {
    "attendance_attendancerecord": "participant_id",
    "attendance_catchupstudy": "participant_id",
    "attendance_sentdeclaration": "participant_id",
    "learning_modulecompletion": "participant_id",
}
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"


def _sqlite_up() -> list[str]:
    out = []
    for table, column in FEEDS.items():
        for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
            out.append(
                f"""
                CREATE TRIGGER {table}_touch_{event.lower()} AFTER {event} ON {table}
                BEGIN
                    UPDATE people_participant SET updated_at = {SQLITE_NOW} WHERE id = {row}.{column};
                END
                """
            )
    return out


def _sqlite_down() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}_touch_{e}" for t in FEEDS for e in ("insert", "update", "delete")]


def _postgres_up() -> list[str]:
    out = []
    for table, column in FEEDS.items():
        out.append(
            f"""
            CREATE FUNCTION {table}_touch() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    UPDATE people_participant SET updated_at = now() WHERE id = OLD.{column};
                ELSE
                    UPDATE people_participant SET updated_at = now() WHERE id = NEW.{column};
                END IF;
                RETURN NULL;
            END;
            $$ LANGUAGE plpgsql
            """
        )
        out.append(
            f"""
            CREATE TRIGGER {table}_touch AFTER INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_touch()
            """
        )
    return out


def _postgres_down() -> list[str]:
    out = []
    for table in FEEDS:
        out += [f"DROP TRIGGER IF EXISTS {table}_touch ON {table}", f"DROP FUNCTION IF EXISTS {table}_touch()"]
    return out


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
        ("people", "0006_participant_updated_at"),
        # After the last change to these tables: SQLite rebuilds a table to alter a column, dropping its triggers.
        ("attendance", "0005_api_updated_since_index"),
        ("learning", "0003_count_learning_in_engagement_setting"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": _sqlite_up(), "postgresql": _postgres_up()}),
            _run({"sqlite": _sqlite_down(), "postgresql": _postgres_down()}),
        )
    ]
