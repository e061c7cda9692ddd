"""Website hosts: what an organisation's site says about which organisation it is."""

from __future__ import annotations

from urllib.parse import urlsplit


def domain_of(website: str) -> str:
    """The registrable-looking host of a website: 'https://www.IdeaSoft.io/about' → 'ideasoft.io'."""
    website = website.strip()
    if not website:
        return ""
    if "//" not in website:
        website = f"//{website}"
    host = (urlsplit(website).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")
