import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Signals (SPC and trend) for systems, regions and England as well as organisations."""

    dependencies = [
        ("indicators", "0006_pilots"),
    ]

    operations: list[migrations.operations.base.Operation] = [
        migrations.RemoveConstraint(
            model_name="signal",
            name="one_signal",
        ),
        migrations.AddField(
            model_name="signal",
            name="area_code",
            field=models.CharField(blank=True, max_length=12),
        ),
        migrations.AddField(
            model_name="signal",
            name="area_level",
            field=models.CharField(
                choices=[
                    ("organisation", "Organisation"),
                    ("system", "Integrated care system"),
                    ("region", "NHS England region"),
                    ("england", "England"),
                ],
                default="organisation",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="signal",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="people.organisation",
            ),
        ),
        migrations.AddConstraint(
            model_name="signal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", False)),
                fields=("organisation", "indicator", "measure", "breakdown"),
                name="one_signal",
            ),
        ),
        migrations.AddConstraint(
            model_name="signal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("organisation__isnull", True)),
                fields=("area_level", "area_code", "indicator", "measure", "breakdown"),
                name="one_area_signal",
            ),
        ),
    ]
