"""Fetching feeds and pages over HTTP, defensively.

Timeouts (per read and for the whole response), a size limit on the *decoded* body (so a gzip
bomb stops at the limit, decompressed by us in bounded steps), a redirect limit, conditional GET
(ETag / Last-Modified), retries with backoff on transient failures, and a per-host delay.
Every failure is a ``FetchError`` with a short reason a source's status can show.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import httpx

__all__ = ["FetchError", "Fetched", "decode", "fetch"]

USER_AGENT: Final = "Softlanding-Radar/0.1 (+https://github.com/softlanding)"
MAX_BYTES: Final = 5 * 1024 * 1024
TIMEOUT: Final = 10.0
MAX_REDIRECTS: Final = 5
RETRIES: Final = 2
BACKOFF: Final = 0.5
HOST_DELAY: Final = 1.0


class FetchError(Exception):
    """A fetch that failed, with a reason fit for a source's status line."""

    def __init__(self, reason: str, detail: str = "", *, transient: bool = False) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.transient = transient


@dataclass(slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    charset: str
    etag: str
    last_modified: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


_last_request: dict[str, float] = {}
_host_lock = threading.Lock()
log = logging.getLogger(__name__)


def _wait_for_host(url: str, delay: float) -> None:
    """Keep ``delay`` seconds between requests to one host, across all workers (the database
    holds each host's next slot); this process's own clock if the database cannot answer."""
    if delay <= 0:
        return
    host = urlsplit(url).netloc.lower()
    from django.db import DatabaseError

    from softlanding.radar.hosts import reserve_turn

    try:
        wait = reserve_turn(host, delay)
    except DatabaseError:
        log.warning("radar: per-host delay for %s held in this process only", host, exc_info=True)
        with _host_lock:
            now = time.monotonic()
            wait = _last_request.get(host, 0.0) + delay - now
            _last_request[host] = max(now, now + wait) if wait > 0 else now
    if wait > 0:
        time.sleep(wait)


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    host_delay: float = HOST_DELAY,
) -> Fetched:
    scheme = urlsplit(url).scheme
    if scheme not in ("http", "https"):
        raise FetchError("bad URL", f"only http and https are fetched, not {scheme or url!r}")
    attempt = 0
    while True:
        _wait_for_host(url, host_delay)
        try:
            return _fetch_once(
                url,
                etag=etag,
                last_modified=last_modified,
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
            )
        except FetchError as error:
            if not error.transient or attempt >= retries:
                raise
        attempt += 1
        time.sleep(backoff * 2 ** (attempt - 1))


def _fetch_once(
    url: str,
    *,
    etag: str,
    last_modified: str,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout * 3
    try:
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout),
                follow_redirects=True,
                max_redirects=max_redirects,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code == 304:
                return _result(response, b"")
            if response.status_code >= 400:
                raise FetchError(
                    "HTTP error",
                    str(response.status_code),
                    transient=response.status_code >= 500 or response.status_code == 429,
                )
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes * 4:
                raise FetchError("too large", f"{int(declared)} bytes declared")
            body = _read_body(response, max_bytes=max_bytes, deadline=deadline)
            return _result(response, body)
    except httpx.TooManyRedirects as error:
        raise FetchError("too many redirects", f"more than {max_redirects}") from error
    except httpx.TimeoutException as error:
        raise FetchError("timeout", f"no answer within {timeout:g} s", transient=True) from error
    except httpx.TransportError as error:
        raise FetchError("connection failed", str(error), transient=True) from error


def _read_body(response: httpx.Response, *, max_bytes: int, deadline: float) -> bytes:
    encoding = response.headers.get("content-encoding", "").lower().strip()
    decompressor = None
    if encoding in ("gzip", "x-gzip", "deflate"):
        # 47: gzip or zlib header, detected; a raw deflate stream falls back below.
        decompressor = zlib.decompressobj(47)
    elif encoding not in ("", "identity"):
        raise FetchError("unsupported encoding", encoding)
    chunks: list[bytes] = []
    size = 0
    for raw in response.iter_raw(65536):
        if time.monotonic() > deadline:
            raise FetchError("timeout", "the response took too long", transient=True)
        pieces = [raw]
        if decompressor is not None:
            pieces = []
            data = raw
            while data:
                try:
                    out = decompressor.decompress(data, max_bytes - size + 1)
                except zlib.error as error:
                    raise FetchError("broken compression", str(error)) from error
                pieces.append(out)
                size_now = size + sum(len(p) for p in pieces)
                if size_now > max_bytes:
                    raise FetchError("too large", f"more than {max_bytes} bytes once decompressed")
                data = decompressor.unconsumed_tail
        for piece in pieces:
            size += len(piece)
            if size > max_bytes:
                raise FetchError("too large", f"more than {max_bytes} bytes")
            chunks.append(piece)
    if decompressor is not None:
        tail = decompressor.flush()
        if size + len(tail) > max_bytes:
            raise FetchError("too large", f"more than {max_bytes} bytes once decompressed")
        chunks.append(tail)
    return b"".join(chunks)


_CHARSET_RE: Final = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


def _result(response: httpx.Response, body: bytes) -> Fetched:
    content_type = response.headers.get("content-type", "")
    charset = response.charset_encoding or ""
    if not charset:
        m = _CHARSET_RE.search(body[:4096])
        charset = m.group(1).decode("ascii") if m else ""
    return Fetched(
        url=str(response.url),
        status=response.status_code,
        content=body,
        content_type=content_type.split(";")[0].strip().lower(),
        charset=charset,
        etag=response.headers.get("etag", ""),
        last_modified=response.headers.get("last-modified", ""),
    )


def decode(content: bytes, charset: str = "") -> tuple[str, bool]:
    """Text of a body and whether bytes had to be replaced (a wrong or broken charset).

    The declared charset first, then UTF-8; a body that is UTF-8 but for a few broken bytes
    keeps its UTF-8 with those bytes replaced; otherwise Windows-1251, the usual legacy
    charset of Russian pages.
    """
    for candidate in dict.fromkeys(c for c in (charset.lower(), "utf-8") if c):
        try:
            return content.decode(candidate), False
        except LookupError:
            continue
        except UnicodeDecodeError:
            continue
    lenient = content.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= max(3, len(lenient) // 100):
        return lenient, True
    return content.decode("cp1251", errors="replace"), True
