"""A small news site that keeps publishing: for tests of repeated crawls (the daemon's case).

    site = LiveSite(tmp_path / "site")          # five articles, listed everywhere
    with SiteServer(site.root) as server:
        site.write_sources(path, server.base)   # live-section (pages), live-feed, live-sitemap
        ...crawl...
        site.publish(spec, on=("section",))     # a new article on the section page only
        server.clear_cache()
        ...crawl again: only the new article and the listings that changed are fetched...

Listings, rewritten on every `publish`:

    /section/live/                 section page 1: the newest PER_PAGE articles listed there
    /section/live/page/2.html ...  older ones, PER_PAGE a page (rel="next" between pages)
    /feeds/live.xml                RSS 2.0: the newest PER_PAGE articles listed there
    /sitemap_index.xml             written once, never changes (no lastmod): a child sitemap's
                                   new entries must be found although the index answers 304
    /sitemaps/live.xml             every article listed there
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tests.support.site_builder import ArticleSpec, render_article

PER_PAGE = 3
KINDS = ("section", "feed", "sitemap")
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def live_spec(n: int) -> ArticleSpec:
    published = START + timedelta(days=n)
    return ArticleSpec(
        path=f"news/{published:%Y/%m/%d}/live-story-{n}.html",
        title=f"Regulator orders platform {n} to open its payment system",
        author=f"Reporter {n}", published=published.isoformat(), section="Live",
        caption=f"A photo for story {n}.",
        paragraphs=tuple(f"Story {n}, paragraph {k}: the regulator said the platform must let rival wallets "
                         f"use the phone's payment chip by the end of the year, and the company said it "
                         f"would appeal the decision in court." for k in range(1, 6)))


@dataclass
class LiveSite:
    root: Path
    listed: dict[str, list[ArticleSpec]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
        (self.root / "sitemap_index.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            "  <sitemap><loc>{{BASE}}/sitemaps/live.xml</loc></sitemap>\n</sitemapindex>\n", encoding="utf-8")
        for n in range(1, 6):
            self.publish(live_spec(n))

    def publish(self, spec: ArticleSpec, on: tuple[str, ...] = KINDS) -> str:
        """Write the article's page, list it on the listings named in `on`; return its URL path."""
        out = self.root / spec.path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_article(spec), encoding="utf-8")
        for kind in on:
            self.listed[kind].insert(0, spec)
        self._write_listings()
        return "/" + spec.path

    def write_sources(self, path: Path, base: str) -> Path:
        common = 'allowed_domains = ["127.0.0.1"]\nallow = [\'/news/\\d{4}/\']\nlanguage = "en"\n'
        path.write_text(
            f'[[source]]\nname = "live-section"\nkind = "pages"\nurls = ["{base}/section/live/"]\n{common}\n'
            f'[[source]]\nname = "live-feed"\nkind = "feed"\nurls = ["{base}/feeds/live.xml"]\n{common}\n'
            f'[[source]]\nname = "live-sitemap"\nkind = "sitemap"\nurls = ["{base}/sitemap_index.xml"]\n{common}',
            encoding="utf-8")
        return path

    # -- listings ---------------------------------------------------------------------------

    def _write_listings(self) -> None:
        e = html.escape
        section = self.listed["section"]
        pages = [section[i:i + PER_PAGE] for i in range(0, len(section), PER_PAGE)] or [[]]
        for k, chunk in enumerate(pages, start=1):
            items = "\n".join(f'<li><a href="/{s.path}">{e(s.title)}</a></li>' for s in chunk)
            nxt = f'<a rel="next" href="/section/live/page/{k + 1}.html">Older stories</a>' if k < len(pages) else ""
            out = self.root / "section" / "live" / ("index.html" if k == 1 else f"page/{k}.html")
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(f"<!DOCTYPE html><html><head><title>Live, page {k}</title></head><body>"
                           f"<nav><a href=\"/\">Home</a></nav><ul>{items}</ul>{nxt}</body></html>", encoding="utf-8")
        items = "\n".join(
            f"<item><title>{e(s.title)}</title><link>{{{{BASE}}}}/{s.path}</link>"
            f"<pubDate>{datetime.fromisoformat(s.published):%a, %d %b %Y %H:%M:%S +0000}</pubDate></item>"
            for s in self.listed["feed"][:PER_PAGE])
        feed = self.root / "feeds" / "live.xml"
        feed.parent.mkdir(parents=True, exist_ok=True)
        feed.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                        f"<title>Live</title><link>{{{{BASE}}}}/</link>\n{items}\n</channel></rss>\n", encoding="utf-8")
        urls = "\n".join(f"  <url><loc>{{{{BASE}}}}/{s.path}</loc></url>" for s in self.listed["sitemap"])
        sitemap = self.root / "sitemaps" / "live.xml"
        sitemap.parent.mkdir(parents=True, exist_ok=True)
        sitemap.write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                           f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n',
                           encoding="utf-8")
