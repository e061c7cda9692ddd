"""Pages of long lists without counting them: one row more than a page says there is a next."""

from __future__ import annotations

from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest

MAX_PAGE = 10_000
T = TypeVar("T")


def page_number(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("page", "1")), MAX_PAGE))
    except ValueError:
        return 1


def page_of(request: HttpRequest, rows: QuerySet[Any], size: int) -> dict[str, Any]:
    """The page the request asks for: its rows, number and the links to either side.

    Fetches ``size + 1`` rows and counts nothing, so a page of a million-row table costs what
    its rows cost.
    """
    page = page_number(request)
    found = list(rows[(page - 1) * size : page * size + 1])
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    return {
        "rows": found[:size],
        "page": page,
        "previous_url": f"?{urlencode({**query, 'page': page - 1})}" if page > 1 else "",
        "next_url": f"?{urlencode({**query, 'page': page + 1})}" if len(found) > size else "",
        "query_string": urlencode(query),
    }
