"""Each audit entry records the accounts it refers to, so erasure can find every entry naming someone.

Entries written before this get the accounts their actor and target point at, and a pairing's mentor."""

from django.db import migrations, models


def _text(ids):
    ordered = sorted({int(pk) for pk in ids if pk is not None})
    return f" {' '.join(str(pk) for pk in ordered)} " if ordered else ""


def backfill(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Participant = apps.get_model("people", "Participant")
    user_of_participant = dict(Participant.objects.values_list("pk", "user_id"))
    other = {
        "scheduling.assignment": (apps.get_model("scheduling", "Assignment"), "participant__user_id"),
        "hubcalendar.calendarfeedtoken": (apps.get_model("hubcalendar", "CalendarFeedToken"), "user_id"),
        "people.mentorship": (apps.get_model("people", "Mentorship"), "ect__user_id"),
    }
    for entry in AuditEntry.objects.all().iterator():
        ids = [entry.actor_id]
        target_id = entry.target_id
        if target_id.isdigit():
            if entry.target_type == "people.user":
                ids.append(int(target_id))
            elif entry.target_type == "people.participant":
                ids.append(user_of_participant.get(int(target_id)))
            elif entry.target_type in other:
                model, path = other[entry.target_type]
                ids += list(model.objects.filter(pk=int(target_id)).values_list(path, flat=True))
                if entry.target_type == "people.mentorship":
                    ids += list(model.objects.filter(pk=int(target_id)).values_list("mentor__user_id", flat=True))
        mentor_id = (entry.details or {}).get("mentor_id") if isinstance(entry.details, dict) else None
        if isinstance(mentor_id, int):
            ids.append(user_of_participant.get(mentor_id))
        text = _text(ids)
        if text:
            AuditEntry.objects.filter(pk=entry.pk).update(people=text)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("people", "0001_initial"),
        ("scheduling", "0001_initial"),
        ("hubcalendar", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="people",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
