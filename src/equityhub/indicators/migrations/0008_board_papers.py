import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import equityhub.indicators.board.models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0007_area_signals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BoardPaper",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("meeting_date", models.DateField()),
                ("indicator_codes", models.JSONField(default=list)),
                (
                    "status",
                    models.CharField(
                        choices=[("draft", "Draft"), ("published", "Published")],
                        default="draft",
                        max_length=20,
                    ),
                ),
                ("is_public", models.BooleanField(default=False)),
                (
                    "public_slug",
                    models.CharField(
                        default=equityhub.indicators.board.models.public_slug,
                        max_length=40,
                        unique=True,
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("published_at", models.DateTimeField(blank=True, null=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.organisation",
                    ),
                ),
                (
                    "published_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["-meeting_date", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="BoardPaperVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("summary", models.TextField(blank=True)),
                (
                    "narratives",
                    models.JSONField(default=dict, help_text="Indicator code to narrative text."),
                ),
                (
                    "actions",
                    models.JSONField(
                        default=list,
                        help_text="Each with text, owner, due (ISO date or empty) and progress.",
                    ),
                ),
                ("saved_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("snapshot", models.JSONField(blank=True, null=True)),
                ("public_snapshot", models.JSONField(blank=True, null=True)),
                (
                    "paper",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="indicators.boardpaper",
                    ),
                ),
                (
                    "saved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["paper", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("paper", "number"), name="one_board_paper_version"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="StatementNarrative",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "year",
                    models.CharField(help_text="The reporting year, e.g. 2025-26.", max_length=7),
                ),
                ("number", models.PositiveIntegerField()),
                ("introduction", models.TextField(blank=True)),
                (
                    "narratives",
                    models.JSONField(default=dict, help_text="Indicator code to narrative text."),
                ),
                ("saved_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.organisation",
                    ),
                ),
                (
                    "saved_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["organisation", "year", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "year", "number"), name="one_statement_version"
                    )
                ],
            },
        ),
    ]
