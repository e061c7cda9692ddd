"""The visa step templates per visa type and the company checklist, as data to edit later."""

from django.db import migrations

from softlanding.cases.defaults import seed_templates


def seed(apps, schema_editor):
    seed_templates(
        apps.get_model("cases", "VisaType"),
        apps.get_model("cases", "VisaStepTemplate"),
        apps.get_model("cases", "CompanyStepTemplate"),
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_no_double_booking")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
