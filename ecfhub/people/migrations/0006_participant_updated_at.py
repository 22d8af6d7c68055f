# ruff: noqa: S608 - trigger SQL built from table and column names in this file, never from input
"""`Participant.updated_at`: when anything the lead-provider API shows of a person last changed.

Kept by triggers, like `Session.seats_taken` (scheduling/migrations/0007): participants are changed by
`save()`, queryset updates and bulk updates across many services, and a trigger sees every one in the
same transaction. Here: the row's own columns the API shows, the account's name and e-mail address,
and pairings (an ECT's mentor). The other tables that feed the API (register marks, catch-up
sign-offs, modules done, declarations sent) are in api/migrations/0002. A change that sets
`updated_at` itself is left as written (tests and the bench set it)."""

import django.utils.timezone
from django.db import migrations, models

# The participant's columns the API shows (api/serializers.py); a change to any of them touches the row.
SHOWN = (
    "user_id",
    "school_id",
    "cohort_id",
    "participant_type",
    "trn",
    "induction_start_date",
    "status",
    "status_reason",
    "status_changed_on",
    "schedule_identifier",
    "provider_participant_id",
    "unavailable_weekdays",
)
_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in SHOWN)
_CHANGED_SQLITE = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SHOWN)
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"

SQLITE_UP = [
    f"""
    CREATE TRIGGER people_participant_touch AFTER UPDATE ON people_participant
    WHEN NEW.updated_at IS OLD.updated_at AND ({_CHANGED_SQLITE})
    BEGIN
        UPDATE people_participant SET updated_at = {SQLITE_NOW} WHERE id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER people_user_touch AFTER UPDATE OF full_name, email ON people_user
    WHEN NEW.full_name IS NOT OLD.full_name OR NEW.email IS NOT OLD.email
    BEGIN
        UPDATE people_participant SET updated_at = {SQLITE_NOW} WHERE user_id = NEW.id;
    END
    """,
    f"""
    CREATE TRIGGER people_mentorship_touch_insert AFTER INSERT ON people_mentorship
    BEGIN
        UPDATE people_participant SET updated_at = {SQLITE_NOW} WHERE id = NEW.ect_id;
    END
    """,
    f"""
    CREATE TRIGGER people_mentorship_touch_update AFTER UPDATE ON people_mentorship
    BEGIN
        UPDATE people_participant SET updated_at = {SQLITE_NOW} WHERE id IN (NEW.ect_id, OLD.ect_id);
    END
    """,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS people_participant_touch",
    "DROP TRIGGER IF EXISTS people_user_touch",
    "DROP TRIGGER IF EXISTS people_mentorship_touch_insert",
    "DROP TRIGGER IF EXISTS people_mentorship_touch_update",
]

POSTGRES_UP = [
    """
    CREATE FUNCTION people_participant_touch() RETURNS trigger AS $$
    BEGIN
        NEW.updated_at := now();
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    f"""
    CREATE TRIGGER people_participant_touch BEFORE UPDATE ON people_participant
    FOR EACH ROW WHEN (NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at AND ({_CHANGED}))
    EXECUTE FUNCTION people_participant_touch()
    """,
    """
    CREATE FUNCTION people_user_touch() RETURNS trigger AS $$
    BEGIN
        UPDATE people_participant SET updated_at = now() WHERE user_id = NEW.id;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER people_user_touch AFTER UPDATE OF full_name, email ON people_user
    FOR EACH ROW WHEN (NEW.full_name IS DISTINCT FROM OLD.full_name OR NEW.email IS DISTINCT FROM OLD.email)
    EXECUTE FUNCTION people_user_touch()
    """,
    """
    CREATE FUNCTION people_mentorship_touch() RETURNS trigger AS $$
    BEGIN
        UPDATE people_participant SET updated_at = now() WHERE id = NEW.ect_id;
        IF TG_OP = 'UPDATE' AND OLD.ect_id <> NEW.ect_id THEN
            UPDATE people_participant SET updated_at = now() WHERE id = OLD.ect_id;
        END IF;
        RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER people_mentorship_touch AFTER INSERT OR UPDATE ON people_mentorship
    FOR EACH ROW EXECUTE FUNCTION people_mentorship_touch()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS people_participant_touch ON people_participant",
    "DROP FUNCTION IF EXISTS people_participant_touch()",
    "DROP TRIGGER IF EXISTS people_user_touch ON people_user",
    "DROP FUNCTION IF EXISTS people_user_touch()",
    "DROP TRIGGER IF EXISTS people_mentorship_touch ON people_mentorship",
    "DROP FUNCTION IF EXISTS people_mentorship_touch()",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_school_gias"),
        ("programme", "0002_requirements_per_mentor_training_and_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="updated_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["updated_at", "id"], name="participant_updated_idx"),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["created_at", "id"], name="participant_created_idx"),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        ),
    ]
