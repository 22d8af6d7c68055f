from django.db import migrations


def add_pages(apps, schema_editor):
    from ecfhub.content.defaults import DEFAULT_PAGES

    Page = apps.get_model("content", "Page")
    for page in DEFAULT_PAGES:
        Page.objects.get_or_create(slug=page["slug"], defaults={k: v for k, v in page.items() if k != "slug"})


class Migration(migrations.Migration):
    dependencies = [("content", "0002_initial")]
    operations = [migrations.RunPython(add_pages, migrations.RunPython.noop)]
