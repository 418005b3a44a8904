from django.db import migrations

from equityhub.library.taxonomy_data import AUDIENCES, TOPICS


def load(apps, schema_editor):
    Topic = apps.get_model("library", "Topic")
    Audience = apps.get_model("library", "Audience")
    for position, (group, slug, name) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "group": group, "position": position}
        )
    for position, (slug, name) in enumerate(AUDIENCES):
        Audience.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
