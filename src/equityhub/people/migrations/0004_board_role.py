from django.db import migrations, models

ROLE_CHOICES = [
    ("lead", "Health inequalities lead"),
    ("team_member", "Team member"),
    ("board", "Board member"),
    ("partner", "System partner"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_onramp_organisation_ons_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="role",
            field=models.CharField(blank=True, choices=ROLE_CHOICES, max_length=20),
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(choices=ROLE_CHOICES, max_length=20),
        ),
    ]
