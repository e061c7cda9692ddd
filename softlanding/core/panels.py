"""Sections one part adds to another part's detail page, without the page importing it.

The prospects pages know nothing of outreach (dependencies point one way, see CONTRIBUTING),
yet a scout opening a company wants its campaigns and calls there. A part registers a panel
for a kind of object in its AppConfig.ready(); the page renders every registered panel.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString

Panel = Callable[[HttpRequest, Any], SafeString | str]

_PANELS: dict[str, list[Panel]] = {}


def register(kind: str, panel: Panel) -> None:
    """Add ``panel(request, obj)`` to the detail pages of ``kind`` ("organization", "person",
    "opportunity", "application": the portal's review page)."""
    if panel not in _PANELS.setdefault(kind, []):
        _PANELS[kind].append(panel)


def render_panels(kind: str, request: HttpRequest, obj: Any) -> list[SafeString | str]:
    """The registered panels' HTML for ``obj``; a panel with nothing to show returns ""."""
    return [html for panel in _PANELS.get(kind, []) if (html := panel(request, obj))]
