"""The board's question bank (seeded from the package's YAML) and a paper's asks of the board."""

import django.db.models.deletion
from django.db import migrations, models


def load(apps, schema_editor):
    from equityhub.indicators.board.questions_seed import load_questions

    load_questions(apps.get_model("indicators", "BoardQuestion"))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_category_vocabulary"),
        ("people", "0003_onramp_organisation_ons_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="boardpaper",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="board_papers",
                to="people.organisation",
            ),
        ),
        migrations.AddField(
            model_name="boardpaperversion",
            name="asks",
            field=models.TextField(
                blank=True,
                help_text="One request a line, for example: Note the widening gap in waiting times.",
                verbose_name="what the board is asked to do",
            ),
        ),
        migrations.CreateModel(
            name="BoardQuestion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[("widening_gap", "The gap is widening"), ("special_cause", "Special-cause variation"), ("off_track", "Target off track or missed"), ("withheld", "Figures withheld to protect small numbers"), ("no_owner", "No named owner"), ("no_target", "No target set"), ("every", "Every indicator")], db_index=True, max_length=20, verbose_name="when to ask it")),
                ("text", models.CharField(max_length=300, verbose_name="question")),
                ("why", models.CharField(blank=True, help_text="One plain-English sentence.", max_length=500, verbose_name="why it matters")),
                ("source", models.CharField(help_text="The public guidance the question rests on, with its year.", max_length=300)),
                ("source_url", models.URLField(blank=True, verbose_name="link to the source")),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")),
                ("active", models.BooleanField(default=True, help_text="Untick to stop showing it.")),
                ("slug", models.SlugField(max_length=80, unique=True)),
                ("indicator", models.ForeignKey(blank=True, help_text="Leave blank to ask it of every indicator where the finding applies.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name="board_questions", to="indicators.indicator")),
            ],
            options={
                "ordering": ["kind", "position", "pk"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
