from django.db import migrations, models


def copy_icb_ons_codes(apps, schema_editor):
    """An ICB organisation shares its code with its system, which already holds the ONS code."""
    Organisation = apps.get_model("people", "Organisation")
    for organisation in Organisation.objects.filter(kind="icb").select_related("system"):
        if organisation.system is not None and organisation.system.code == organisation.code:
            organisation.ons_code = organisation.system.ons_code
            organisation.save(update_fields=["ons_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_sso_identities_and_recovery_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="ons_code",
            field=models.CharField(blank=True, db_index=True, max_length=9, verbose_name="ONS code"),
        ),
        migrations.RunPython(copy_icb_ons_codes, migrations.RunPython.noop),
    ]
