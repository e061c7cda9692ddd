"""Seeds an answer for every default objection: the benefits and arguments that address it."""

from django.db import migrations

from softlanding.offers.defaults import seed_answers


def seed(apps, schema_editor):
    seed_answers(
        apps.get_model("outreach", "Objection"),
        apps.get_model("offers", "Benefit"),
        apps.get_model("offers", "ObjectionAnswer"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("offers", "0002_seed_catalogue"),
        ("outreach", "0002_seed_objections_and_templates"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
