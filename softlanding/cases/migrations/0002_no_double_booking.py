"""No desk is allocated twice for overlapping days, enforced by the database.

PostgreSQL: an exclusion constraint over (desk, daterange of the period, both days included),
which needs btree_gist for the equality on desk_id. SQLite: triggers that abort an insert or
update overlapping another allocation of the same desk. Neither lives in the model state
(the SQLite build cannot express the first, and Django would validate it with PostgreSQL-only
lookups); services.allocate_desk turns either refusal into a message.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT = "cases_desk_no_double_booking"
TABLE = "cases_deskallocation"
SQLITE_CHECK = """
SELECT RAISE(ABORT, '{name}')
WHERE EXISTS (
    SELECT 1 FROM {table} other
    WHERE other.desk_id = NEW.desk_id
      AND other.id IS NOT NEW.id
      AND other.starts_on <= NEW.ends_on
      AND NEW.starts_on <= other.ends_on
);
""".format(name=CONSTRAINT, table=TABLE)


def exclusion_constraint():
    from django.contrib.postgres.constraints import ExclusionConstraint
    from django.contrib.postgres.fields import RangeOperators
    from django.db.models import F, Func, Value

    return ExclusionConstraint(
        name=CONSTRAINT,
        expressions=[
            ("desk_id", RangeOperators.EQUAL),
            (
                Func(F("starts_on"), F("ends_on"), Value("[]"), function="daterange"),
                RangeOperators.OVERLAPS,
            ),
        ],
    )


def forwards(apps, schema_editor):
    model = apps.get_model("cases", "DeskAllocation")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_constraint(model, exclusion_constraint())
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("INSERT", "UPDATE"):
            schema_editor.execute(
                f"CREATE TRIGGER {CONSTRAINT}_{event.lower()} BEFORE {event} ON {TABLE} "
                f"FOR EACH ROW BEGIN {SQLITE_CHECK} END;"
            )


def backwards(apps, schema_editor):
    model = apps.get_model("cases", "DeskAllocation")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(model, exclusion_constraint())
    elif schema_editor.connection.vendor == "sqlite":
        for event in ("insert", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {CONSTRAINT}_{event}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(forwards, backwards),
    ]
