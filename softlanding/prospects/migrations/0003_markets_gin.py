from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS prospects_org_markets_gin ON prospects_organization USING gin (markets jsonb_path_ops)"
DROP = "DROP INDEX IF EXISTS prospects_org_markets_gin"


def forwards(apps, schema_editor):
    # The market filter's containment query (@>) needs this on PostgreSQL; SQLite has no GIN.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("prospects", "0002_registry")]
    operations = [migrations.RunPython(forwards, backwards)]
