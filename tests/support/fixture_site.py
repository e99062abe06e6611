"""The fixture news site and its traps, served on loopback addresses, ready to crawl.

    with serve_fixture_site() as fx:
        fx.site.base            # the news site, http://127.0.0.1:PORT
        fx.write_sources(path)  # tests/fixtures/site/sources.toml with the addresses filled in
        fx.traps                # servers that must never receive a request
        fx.expected             # the articles a crawl must spool (ArticleSpec), by URL

Servers: the site; a trap on 127.0.0.2 and another on 127.0.0.1 at another port (links and a
redirect point at both; "localhost" names the second); a copy of the site whose robots.txt
answers 503; and a dead port (connection refused).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.site_builder import FIXTURE_SITE, ArticleSpec, load_specs
from tests.support.site_server import Route, SiteServer, dead_port


@dataclass
class FixtureSite:
    site: SiteServer
    trap: SiteServer  # 127.0.0.2
    trap_port: SiteServer  # 127.0.0.1, another port
    robots_503: SiteServer
    dead: str  # base URL of a port nothing listens on

    @property
    def traps(self) -> tuple[SiteServer, ...]:
        return (self.trap, self.trap_port)

    @property
    def variables(self) -> dict[str, str]:
        return {"BASE": self.site.base, "TRAP": self.trap.base, "TRAP_PORT": self.trap_port.base,
                "LOCALHOST": f"http://localhost:{self.trap_port.port}", "ROBOTS_503": self.robots_503.base,
                "DEAD": self.dead}

    def sources_text(self, template: Path = FIXTURE_SITE / "sources.toml") -> str:
        return self.site.expand(template.read_text(encoding="utf-8"))

    def write_sources(self, path: Path) -> Path:
        path.write_text(self.sources_text(), encoding="utf-8")
        return path

    @property
    def expected(self) -> dict[str, ArticleSpec]:
        """Canonical URL -> article, for every article a full crawl must spool exactly once."""
        return {f"{self.site.base}/{a.path}": a for a in load_specs() if not a.path.startswith("members/")}


@contextmanager
def serve_fixture_site(delay: float = 0.0, root: Path = FIXTURE_SITE) -> Iterator[FixtureSite]:
    with ExitStack() as stack:
        trap = stack.enter_context(SiteServer(root, host="127.0.0.2"))
        trap_port = stack.enter_context(SiteServer(root))
        robots_503 = stack.enter_context(SiteServer(root, routes={"/robots.txt": Route(status=503, body="busy")}))
        site = SiteServer(root, delay=delay)
        fx = FixtureSite(site, trap, trap_port, robots_503, f"http://127.0.0.1:{dead_port()}")
        site.variables.update(fx.variables)
        for server in (trap, trap_port, robots_503):
            server.variables.update({k: v for k, v in fx.variables.items() if k != "BASE"})
        stack.enter_context(site)
        yield fx
