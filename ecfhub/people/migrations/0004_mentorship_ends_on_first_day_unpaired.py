"""`Mentorship.ended_on` becomes the first day a pairing no longer holds (it was the last day it did).

Pairings now run half open, [started_on, ended_on), so a replacement on day D ends the old pairing on D
and a pairing replaced on its first day is never current. Rows written before held the last day, so
each moves one day later and keeps exactly the days it had."""

import datetime

from django.db import migrations, models
from django.db.models import F

DAY = datetime.timedelta(days=1)


def _shift(apps, rows, by: datetime.timedelta) -> None:  # type: ignore[no-untyped-def]
    # Date arithmetic in Python, not in SQL: SQLite and PostgreSQL add an interval to a date differently.
    Mentorship = apps.get_model("people", "Mentorship")
    changed = []
    for row in rows.iterator(chunk_size=2000):
        row.ended_on = row.ended_on + by
        changed.append(row)
    Mentorship.objects.bulk_update(changed, ["ended_on"], batch_size=2000)


def to_first_day_unpaired(apps, schema_editor):  # type: ignore[no-untyped-def]
    Mentorship = apps.get_model("people", "Mentorship")
    _shift(apps, Mentorship.objects.filter(ended_on__isnull=False).only("pk", "ended_on"), DAY)


def to_last_day_paired(apps, schema_editor):  # type: ignore[no-untyped-def]
    Mentorship = apps.get_model("people", "Mentorship")
    # A pairing that was never in force (ended on its first day) keeps its first day: the nearest the old
    # meaning can say.
    _shift(apps, Mentorship.objects.filter(ended_on__gt=F("started_on")).only("pk", "ended_on"), -DAY)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_participant_phase_and_subject"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mentorship",
            name="ended_on",
            field=models.DateField(
                blank=True,
                help_text="The first day they are no longer paired; blank while the pairing lasts.",
                null=True,
            ),
        ),
        migrations.RunPython(to_first_day_unpaired, to_last_day_paired),
    ]
