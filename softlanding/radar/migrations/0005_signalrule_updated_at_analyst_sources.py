import django.utils.timezone
from django.db import migrations, models


def sync_roles(apps, schema_editor):
    from softlanding.accounts.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_role_groups"),
        ("radar", "0004_article_simhash"),
    ]

    operations = [
        migrations.AddField(
            model_name="signalrule",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        # Analysts now hold manage_sources (sources and signal rules): roles.py changed.
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
