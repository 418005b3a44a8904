"""Load the shipped activities (Figure 1) and measures (Figure 2) from the package's YAML."""

from django.db import migrations


def load(apps, schema_editor):
    from equityhub.induction.catalogue import load_catalogue

    load_catalogue(apps.get_model("induction", "Activity"), apps.get_model("induction", "Measure"))


class Migration(migrations.Migration):
    dependencies = [("induction", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
