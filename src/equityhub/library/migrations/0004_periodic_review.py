from django.db import migrations, models


class Migration(migrations.Migration):
    """Review dates move to wagtail-periodic-review's fields (values kept)."""

    dependencies = [
        ("library", "0003_resource_link_check"),
    ]

    operations = [
        migrations.RenameField(
            model_name="libraryitem", old_name="last_reviewed", new_name="last_review_date"
        ),
        migrations.RenameField(
            model_name="libraryitem", old_name="review_due", new_name="next_review_date"
        ),
        migrations.AlterField(
            model_name="libraryitem",
            name="next_review_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="libraryitem",
            name="current_version_ref",
            field=models.CharField(
                blank=True, max_length=20, verbose_name="current version ref"
            ),
        ),
        migrations.AddField(
            model_name="libraryitem",
            name="current_version_compiled_by",
            field=models.CharField(
                blank=True, max_length=255, verbose_name="current version compiled by"
            ),
        ),
        migrations.AddField(
            model_name="libraryitem",
            name="custom_review_frequency",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
    ]
