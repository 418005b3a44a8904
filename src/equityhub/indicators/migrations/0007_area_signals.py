from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_pilots"),
    ]

    operations: list[migrations.operations.base.Operation] = []
