"""The list keys migration fills keys for articles stored before it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_keys_are_backfilled():
    executor = MigrationExecutor(connection)
    executor.migrate([("radar", "0001_radar")])
    old = executor.loader.project_state([("radar", "0001_radar")]).apps
    Article = old.get_model("radar", "Article")
    article = Article.objects.create(title="t", text="t", content_hash="h1", day=date(2020, 8, 10))
    old.get_model("radar", "Mention").objects.create(
        article=article,
        kind="country",
        country="BY",
        surface="Belarus",
        start=0,
        end=7,
        day=date(2020, 8, 10),
    )
    old.get_model("radar", "Signal").objects.create(
        article=article,
        type="relocation",
        country="BY",
        evidence="e",
        confidence=0.7,
        day=date(2020, 8, 10),
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    from softlanding.radar.models import ArticleKey

    assert set(ArticleKey.objects.values_list("key", flat=True)) == {
        "c:BY",
        "s:relocation",
        "cs:BY:relocation",
    }
