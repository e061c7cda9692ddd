"""RSS and Atom feeds, parsed with lxml with entities and network access off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

from lxml import etree

__all__ = ["FeedError", "FeedItem", "parse_feed"]


class FeedError(Exception):
    """Not a feed, with a reason a source's status can show."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    title: str
    published: date | None
    summary: str


_ATOM = "{http://www.w3.org/2005/Atom}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, recover=False, remove_comments=True
)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None


def _text(node: etree._Element | None) -> str:
    return "".join(node.itertext()).strip() if node is not None else ""


def parse_feed(content: bytes) -> list[FeedItem]:
    head = content[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise FeedError("not a feed: the URL returns an HTML page")
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError as error:
        raise FeedError(f"not a feed: invalid XML ({error})") from error
    tag = etree.QName(root).localname.lower()
    items: list[FeedItem] = []
    if tag == "rss" or tag == "rdf":
        for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
            link = _text(item.find("link")) or _text(item.find("{http://purl.org/rss/1.0/}link"))
            guid = item.find("guid")
            if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
                link = _text(guid)
            if link:
                items.append(
                    FeedItem(
                        url=link,
                        title=_text(item.find("title")),
                        published=_date(_text(item.find("pubDate")))
                        or _date(_text(item.find("{http://purl.org/dc/elements/1.1/}date"))),
                        summary=_text(item.find("description")),
                    )
                )
    elif tag == "feed":
        for entry in root.iter(f"{_ATOM}entry"):
            link = ""
            for node in entry.findall(f"{_ATOM}link"):
                if node.get("rel", "alternate") == "alternate" and node.get("href"):
                    link = node.get("href", "")
                    break
            if link:
                items.append(
                    FeedItem(
                        url=link,
                        title=_text(entry.find(f"{_ATOM}title")),
                        published=_date(_text(entry.find(f"{_ATOM}published")))
                        or _date(_text(entry.find(f"{_ATOM}updated"))),
                        summary=_text(entry.find(f"{_ATOM}summary")),
                    )
                )
    elif tag == "html":
        raise FeedError("not a feed: the URL returns an HTML page")
    else:
        raise FeedError(f"not a feed: the document is <{tag}>, not RSS or Atom")
    return items
