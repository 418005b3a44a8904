from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0007_area_signals"),
    ]

    operations: list[migrations.operations.base.Operation] = []
