"""Seeds the benefits catalogue, the rivals Dubai and Cyprus and a first rule set (defaults.py)."""

from django.db import migrations

from softlanding.offers.defaults import seed_catalogue


def seed(apps, schema_editor):
    seed_catalogue(
        *(
            apps.get_model("offers", name)
            for name in ("Benefit", "RivalDestination", "RivalOffer", "RuleSet", "RuleSetVersion", "Rule")
        )
    )


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
