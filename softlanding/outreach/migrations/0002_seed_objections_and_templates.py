"""Seeds the objections and loss reasons hubs hear, and two e-mail templates (see defaults.py)."""

from django.db import migrations

from softlanding.outreach.defaults import seed_defaults


def seed(apps, schema_editor):
    seed_defaults(apps.get_model("outreach", "Objection"), apps.get_model("outreach", "EmailTemplate"))


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
