"""Read helpers shared by every part."""

from __future__ import annotations

from django.db import connection, models


def estimated_count(model: type[models.Model]) -> int:
    """Rows in a model's table without scanning it on PostgreSQL (planner statistics).

    Dashboards show totals of tables with millions of rows; an exact COUNT(*) there costs a
    sequential scan per page view. SQLite databases are demo-sized, so they count exactly.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)",
                [model._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] is not None and row[0] >= 0:
            return int(row[0])
    return model._default_manager.count()
