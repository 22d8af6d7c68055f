"""Sessions' free-text venues become Venue rows: one per distinct text, the session linked to it.

The text stays on the session (`Session.venue`), so nothing typed before is lost. A venue's name is the
text's first line (cut to fit); two texts with the same first line get the second's name numbered."""

from django.db import migrations


def forward(apps, schema_editor):
    Session = apps.get_model("events", "Session")
    Venue = apps.get_model("events", "Venue")
    by_text = {}
    names = set(Venue.objects.values_list("name", flat=True))
    texts = (
        Session.objects.filter(mode="in_person", venue_place__isnull=True)
        .exclude(venue="")
        .values_list("venue", flat=True)
        .distinct()
    )
    for text in sorted({t.strip() for t in texts if t.strip()}):
        first = text.splitlines()[0].strip(" ,")[:110] or "Venue"
        name, n = first, 1
        while name in names:
            n += 1
            name = f"{first} ({n})"
        names.add(name)
        by_text[text] = Venue.objects.create(name=name, address=text)
    for session in Session.objects.filter(mode="in_person", venue_place__isnull=True).exclude(venue=""):
        venue = by_text.get(session.venue.strip())
        if venue is not None:
            Session.objects.filter(pk=session.pk).update(venue_place=venue)


def backward(apps, schema_editor):
    apps.get_model("events", "Session").objects.update(venue_place=None)


class Migration(migrations.Migration):
    dependencies = [("events", "0004_venue")]

    operations = [migrations.RunPython(forward, backward)]
