"""A real HTTP server on a loopback address serving a fixture news site, with traps.

    with SiteServer(FIXTURE_SITE, variables={"TRAP": trap.base}) as site:
        site.base                      # "http://127.0.0.1:PORT"
        site.hits("/feeds/rss2.xml")   # how many requests reached a path
        site.requests                  # every request: path, query, headers, status, time

Static files come from `root`; in text files every "{{NAME}}" is replaced by `variables[NAME]`
("{{BASE}}" is the server's own base URL). Responses carry an ETag and a Last-Modified header and
answer conditional requests with 304. HTTP/1.1 with keep-alive.

Special routes come from `routes.toml` in the root and from the `routes` argument (path ->
Route); a route whose path ends with "*" matches every path with that prefix. See `Route`.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import re
import threading
import time
import tomllib
import zlib
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

_TEXT_TYPES = (".html", ".htm", ".xml", ".txt", ".rss", ".atom", ".json", ".toml")
_LAST_MODIFIED = formatdate(1735689600, usegmt=True)  # 2025-01-01, fixed: re-crawls see no change


@dataclass(frozen=True)
class Route:
    """What a path answers, when it is not (only) a static file.

    status, body, content_type, headers: a fixed response (body "{{NAME}}"-expanded).
    file: serve this file (relative to root) instead of the one named by the path.
    redirect: Location for a 3xx (status defaults to 302); "{{NAME}}"-expanded.
    fail_first/fail_status/retry_after: answer the first N requests with fail_status (and a
        Retry-After header), then normally.
    behaviour: "endless-pagination" (page N links to page N+1, for ever), "gzip-bomb" (a small
        gzip body that inflates to `size` bytes), "oversize" (a `size`-byte page), "gzip-file"
        (the file, gzipped, as application/x-gzip without Content-Encoding), "slow" (sleep
        `delay` seconds, then serve the file).
    """

    status: int | None = None
    body: str | None = None
    content_type: str | None = None
    headers: dict = field(default_factory=dict)
    file: str | None = None
    redirect: str | None = None
    fail_first: int = 0
    fail_status: int = 500
    retry_after: str | None = None
    behaviour: str | None = None
    size: int = 0
    delay: float = 0.0


@dataclass(frozen=True)
class Logged:
    method: str
    path: str
    query: str
    headers: dict
    status: int
    at: float


def load_routes(root: Path) -> dict[str, Route]:
    path = root / "routes.toml"
    if not path.exists():
        return {}
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return {p: Route(**spec) for p, spec in raw.get("routes", {}).items()}


class SiteServer:
    def __init__(self, root: Path | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 routes: dict[str, Route] | None = None, variables: dict[str, str] | None = None,
                 delay: float = 0.0):
        self.root = Path(root) if root else None
        self.routes = {**(load_routes(self.root) if self.root else {}), **(routes or {})}
        self.variables = dict(variables or {})
        self.delay = delay  # seconds added to every response (robots.txt excepted); settable
        self.requests: list[Logged] = []
        self.in_flight = 0  # requests being answered now
        self.peak_in_flight = 0  # the most answered at once (per-host concurrency seen)
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}
        self._cache: dict[str, bytes] = {}
        self._httpd = _Server((host, port), _Handler)
        self._httpd.site = self
        self.host, self.port = self._httpd.server_address[:2]
        self.base = f"http://{self.host}:{self.port}"
        self.variables.setdefault("BASE", self.base)
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> "SiteServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True, name=f"site-server-{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- inspection -------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str, *, status: int | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path and (status is None or r.status == status))

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def clear_cache(self) -> None:
        """Forget cached file contents (after changing files under root)."""
        with self._lock:
            self._cache.clear()

    def reset_log(self) -> None:
        with self._lock:
            self.requests.clear()
            self.peak_in_flight = self.in_flight

    # -- content ----------------------------------------------------------------------------

    def expand(self, text: str) -> str:
        return re.sub(r"\{\{([A-Z0-9_]+)\}\}", lambda m: self.variables.get(m.group(1), m.group(0)), text)

    def read(self, rel: str) -> bytes | None:
        """A file under root with {{NAME}} expanded (text types), or None."""
        if self.root is None:
            return None
        if rel in self._cache:
            return self._cache[rel]
        path = (self.root / rel.lstrip("/")).resolve()
        if self.root.resolve() not in path.parents and path != self.root.resolve():
            return None
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return None
        data = path.read_bytes()
        if path.suffix in _TEXT_TYPES:
            data = self.expand(data.decode("utf-8")).encode("utf-8")
        self._cache[rel] = data
        return data

    def route_for(self, path: str) -> Route | None:
        if path in self.routes:
            return self.routes[path]
        best = None
        for key, route in self.routes.items():
            if key.endswith("*") and path.startswith(key[:-1]) and (best is None or len(key) > len(best[0])):
                best = (key, route)
        return best[1] if best else None

    def count(self, path: str) -> int:
        with self._lock:
            self._counts[path] = self._counts.get(path, 0) + 1
            return self._counts[path]

    def log(self, entry: Logged) -> None:
        with self._lock:
            self.requests.append(entry)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64
    site: SiteServer

    def handle_error(self, request, client_address) -> None:
        """A client hanging up mid-response (a crawler enforcing its size cap) is not an error."""
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart (delayed ACK)
    server: _Server

    def log_message(self, format, *args) -> None:  # quiet
        pass

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        site = self.server.site
        with site._lock:
            site.in_flight += 1
            site.peak_in_flight = max(site.peak_in_flight, site.in_flight)
        try:
            self._serve(site, head)
        finally:
            with site._lock:
                site.in_flight -= 1

    def _serve(self, site: SiteServer, head: bool) -> None:
        parts = urlsplit(self.path)
        path = parts.path
        n = site.count(path)
        route = site.route_for(path)
        delay = (route.delay if route and route.behaviour == "slow" else 0.0) or (
            site.delay if path != "/robots.txt" else 0.0)
        if delay:
            time.sleep(delay)
        status, headers, body = self._answer(site, path, parts.query, route, n)
        site.log(Logged(self.command, path, parts.query, dict(self.headers.items()), status, time.monotonic()))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    def _answer(self, site: SiteServer, path: str, query: str, route: Route | None, n: int):
        if route is not None:
            if route.fail_first and n <= route.fail_first:
                headers = {"Content-Type": "text/html; charset=utf-8"}
                if route.retry_after:
                    headers["Retry-After"] = route.retry_after
                return route.fail_status, headers, b"<html><body>Try again later</body></html>"
            if route.redirect:
                return route.status or 302, {"Location": site.expand(route.redirect)}, b""
            if route.behaviour == "endless-pagination":
                return self._static(*_endless_page(path))
            if route.behaviour == "gzip-bomb":
                return 200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}, \
                    _gzip_bomb(route.size or 50_000_000)
            if route.behaviour == "oversize":
                return 200, {"Content-Type": "text/html; charset=utf-8"}, _oversize(route.size or 10_000_000)
            if route.behaviour == "gzip-file":
                data = site.read(route.file or path)
                if data is None:
                    return 404, {"Content-Type": "text/plain"}, b"not found"
                return self._static(gzip.compress(data, mtime=0), "application/x-gzip", route.headers)
            if route.body is not None or (route.status and not route.file):
                body = site.expand(route.body or "").encode("utf-8")
                return route.status or 200, {"Content-Type": route.content_type or "text/html; charset=utf-8",
                                             **route.headers}, body
            data = site.read(route.file or path)
            if data is None:
                return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>Not found</body></html>"
            return self._static(data, route.content_type or _type_of(route.file or path), route.headers,
                                route.status or 200)
        data = site.read(path)
        if data is None:
            return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><body>Not found</body></html>"
        return self._static(data, _type_of(path))

    def _static(self, data: bytes, content_type: str, extra: dict | None = None, status: int = 200):
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        headers = {"Content-Type": content_type, "ETag": etag, "Last-Modified": _LAST_MODIFIED, **(extra or {})}
        if status == 200 and self._not_modified(etag):
            return 304, {"ETag": etag, "Last-Modified": _LAST_MODIFIED}, b""
        return status, headers, data

    def _not_modified(self, etag: str) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            return etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return parsedate_to_datetime(ims) >= parsedate_to_datetime(_LAST_MODIFIED)
            except (TypeError, ValueError):
                return False
        return False


def _type_of(path: str) -> str:
    if path.endswith("/") or path.endswith((".html", ".htm")):
        return "text/html; charset=utf-8"
    if path.endswith((".xml", ".rss", ".atom")):
        return "application/xml; charset=utf-8"
    if path.endswith(".txt"):
        return "text/plain; charset=utf-8"
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def _endless_page(path: str) -> tuple[bytes, str]:
    m = re.search(r"(\d+)(?:\.html)?$", path)
    n = int(m.group(1)) if m else 1
    prefix = path[: m.start()] if m else path.rstrip("/") + "/page/"
    body = (f"<html><head><title>Archive page {n}</title></head><body><h1>Archive, page {n}</h1>"
            f"<p>Nothing new on this page.</p>"
            f'<a rel="next" href="{prefix}{n + 1}.html">Older posts</a></body></html>')
    return body.encode(), "text/html; charset=utf-8"


_BOMBS: dict[int, bytes] = {}


def _gzip_bomb(size: int) -> bytes:
    if size not in _BOMBS:
        c = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        chunk = b"\0" * 1_000_000
        parts = [c.compress(chunk) for _ in range(size // len(chunk))]
        _BOMBS[size] = b"".join(parts) + c.flush()
    return _BOMBS[size]


def _oversize(size: int) -> bytes:
    head = b"<html><body><h1>A very long page</h1>"
    filler = b"<p>" + b"Lorem ipsum dolor sit amet. " * 40 + b"</p>\n"
    return head + filler * (size // len(filler) + 1) + b"</body></html>"


def dead_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


__all__ = ["Logged", "Route", "SiteServer", "dead_port", "load_routes"]
