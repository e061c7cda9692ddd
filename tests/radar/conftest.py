"""A local HTTP server for the radar's fetching tests: never the internet."""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Route = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.headers_seen: dict[str, dict[str, str]] = {}
        routes, hits, seen = self.routes, self.hits, self.headers_seen

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                hits[path] = hits.get(path, 0) + 1
                seen[path] = dict(self.headers.items())
                route = routes.get(path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(
        self,
        path: str,
        body: bytes | str,
        *,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        status: int = 200,
    ) -> str:
        data = body.encode() if isinstance(body, str) else body

        def route(h: BaseHTTPRequestHandler) -> None:
            etag = (headers or {}).get("ETag")
            if etag and h.headers.get("If-None-Match") == etag:
                h.send_response(304)
                h.end_headers()
                return
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)

        self.routes[path] = route
        return self.url(path)

    def gzip_bomb(self, path: str, decompressed_mb: int = 200) -> str:
        data = gzip.compress(b"\0" * (decompressed_mb * 1024 * 1024), compresslevel=9)

        def route(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Encoding", "gzip")
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)

        self.routes[path] = route
        return self.url(path)

    def huge(self, path: str, megabytes: int = 50) -> str:
        chunk = b"<p>" + b"word " * 200 + b"</p>\n"

        def route(h: BaseHTTPRequestHandler) -> None:
            h.send_response(200)
            h.send_header("Content-Type", "text/html")  # no length: streamed
            h.end_headers()
            sent = 0
            while sent < megabytes * 1024 * 1024:
                h.wfile.write(chunk)
                sent += len(chunk)

        self.routes[path] = route
        return self.url(path)

    def redirect_loop(self, path: str) -> str:
        def route(h: BaseHTTPRequestHandler) -> None:
            n = int(h.path.split("?n=")[-1]) if "?n=" in h.path else 0
            h.send_response(302)
            h.send_header("Location", f"{path}?n={n + 1}")
            h.send_header("Content-Length", "0")
            h.end_headers()

        self.routes[path] = route
        return self.url(path)

    def silent(self, path: str, seconds: float = 5.0) -> str:
        def route(h: BaseHTTPRequestHandler) -> None:
            time.sleep(seconds)

        self.routes[path] = route
        return self.url(path)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
