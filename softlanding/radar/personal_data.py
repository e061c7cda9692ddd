"""The radar's part of a person's data (``core.personal_data``): the news that named them.

The articles are published text and stay; the links from them to the person (mentions) go.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import ngettext

from softlanding.core.personal_data import Effect, Holder
from softlanding.radar.models import Mention


def export(person: Any) -> dict[str, Any]:
    return {
        "news_mentions": list(
            Mention.objects.filter(person=person)
            .order_by("day", "id")
            .values("day", "surface", "article__title", "article__url")
        )
    }


def erase(person: Any) -> list[Effect]:
    removed, _by_model = Mention.objects.filter(person=person).delete()
    return [
        Effect(
            "news_mentions_removed",
            removed,
            ngettext(
                "%(count)s link to a news article that named them goes; the article stays.",
                "%(count)s links to news articles that named them go; the articles stay.",
                removed,
            )
            % {"count": removed},
        )
    ]


HOLDER = Holder(export=export, erase=erase)
