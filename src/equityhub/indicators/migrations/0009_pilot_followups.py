from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_board_papers"),
    ]

    operations: list[migrations.operations.base.Operation] = []
