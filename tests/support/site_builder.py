"""Render news-site article pages: the body wrapped in the furniture real news sites carry.

    render_article(spec, canonical=None) -> str        one page; "{{BASE}}" stands for the site root
    build_fixture_site(folder)                         render tests/fixtures/site/articles.toml
    generate_site(folder, n)                           a synthetic site of n articles (benchmark)

`python -m tests.support.site_builder` re-renders the fixture site's article pages.
"""

from __future__ import annotations

import html
import json
import random
import sys
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

FIXTURE_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "site"

_NAV = ["World", "Business", "Technology", "Policy", "Markets", "Europe", "Asia", "Opinion",
        "Video", "Podcasts", "Newsletters", "Events", "Subscribe"]
_RELATED = ["Five things to know about app store rules", "Why messaging apps stay closed",
            "Regulators' week in review", "The fight over default browsers", "Payments: who holds the keys"]


@dataclass(frozen=True)
class ArticleSpec:
    path: str  # below the site root, no leading slash
    title: str
    author: str
    published: str  # ISO 8601
    section: str
    caption: str
    paragraphs: tuple[str, ...]


def load_specs(toml_path: Path = FIXTURE_SITE / "articles.toml") -> list[ArticleSpec]:
    raw = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    return [ArticleSpec(**{**a, "paragraphs": tuple(a["paragraphs"])}) for a in raw["article"]]


def render_article(spec: ArticleSpec, canonical: str | None = None, related: list[str] | None = None) -> str:
    """One article page. `canonical`: the rel=canonical URL (default: the page's own)."""
    e = html.escape
    url = canonical or "{{BASE}}/" + spec.path
    jsonld = json.dumps({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": spec.title,
        "datePublished": spec.published, "author": {"@type": "Person", "name": spec.author},
        "publisher": {"@type": "Organization", "name": "The Interop Ledger"}, "mainEntityOfPage": url,
    }, ensure_ascii=False)
    nav = "\n".join(f'      <li><a href="/section/{n.lower()}/">{n}</a></li>' for n in _NAV)
    paras = []
    for i, p in enumerate(spec.paragraphs):
        paras.append(f"      <p>{e(p)}</p>")
        if i == 1:
            paras.append('      <div class="ad-slot">[ad_1]</div>')
            paras.append(f'      <p class="read-more"><strong>Read more:</strong> <a href="/section/policy/">'
                         f'{e(_RELATED[len(spec.title) % len(_RELATED)])}</a></p>')
        if i == 3:
            paras.append('      <aside class="newsletter"><h3>Get the Interop Ledger briefing</h3>'
                         '<p>Sign up for our weekly newsletter on platform rules.</p>'
                         '<form><input type="email" placeholder="Your email"><button>Sign up</button></form></aside>')
    related_links = related or ["/section/policy/"] * 3
    rel = "\n".join(f'        <li><a href="{e(href)}">{e(_RELATED[i % len(_RELATED)])}</a></li>'
                    for i, href in enumerate(related_links))
    date_text = datetime.fromisoformat(spec.published).strftime("%d %B %Y")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(spec.title)} | The Interop Ledger</title>
  <link rel="canonical" href="{e(url)}">
  <meta property="og:url" content="{e(url)}">
  <meta property="og:title" content="{e(spec.title)}">
  <meta property="og:type" content="article">
  <meta name="author" content="{e(spec.author)}">
  <meta property="article:published_time" content="{e(spec.published)}">
  <script type="application/ld+json">{jsonld}</script>
  <script>window.dataLayer = window.dataLayer || []; function track(){{}}</script>
</head>
<body>
  <div id="cookie-banner">We use cookies to improve your experience. <button>Accept all</button> <button>Manage choices</button></div>
  <header class="site-header">
    <a class="logo" href="/">The Interop Ledger</a>
    <nav><ul>
{nav}
    </ul></nav>
    <div class="login"><a href="/login">Sign in</a> | <a href="/subscribe">Subscribe from 1 euro</a></div>
  </header>
  <div class="ad-banner">[ad_top] Advertisement</div>
  <main>
    <nav class="breadcrumb"><a href="/">Home</a> &rsaquo; <a href="/section/{e(spec.section.lower())}/">{e(spec.section)}</a></nav>
    <article>
      <h1>{e(spec.title)}</h1>
      <p class="byline">By <a href="/authors/{e(spec.author.lower().replace(' ', '-'))}">{e(spec.author)}</a> &middot; <time datetime="{e(spec.published)}">{date_text}</time></p>
      <div class="share">Share: <a href="#">X</a> <a href="#">Facebook</a> <a href="#">LinkedIn</a> <a href="#">Email</a> <a href="#">Copy link</a></div>
      <figure><img src="/img/photo.jpg" alt=""><figcaption>{e(spec.caption)} Photo: Agency Pictures</figcaption></figure>
{chr(10).join(paras)}
      <div class="share bottom">Share this article <a href="#">X</a> <a href="#">Facebook</a> <a href="#">WhatsApp</a></div>
      <p class="tags">Topics: <a href="/tag/dma/">DMA</a> <a href="/tag/competition/">Competition</a> <a href="/tag/platforms/">Platforms</a></p>
    </article>
    <aside class="related">
      <h2>More on this story</h2>
      <ul>
{rel}
      </ul>
    </aside>
    <section class="comments"><h2>Comments (12)</h2><p>Log in to join the conversation.</p></section>
  </main>
  <div class="ad-banner">[ad_2]</div>
  <footer>
    <p>&copy; 2025 The Interop Ledger. All rights reserved.</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li><li><a href="/privacy">Privacy policy</a></li>
    <li><a href="/terms">Terms of use</a></li><li><a href="/cookies">Cookie settings</a></li><li><a href="/jobs">Careers</a></li></ul>
    <p>Follow us on X, LinkedIn and Mastodon.</p>
  </footer>
</body>
</html>
"""


def build_fixture_site(folder: Path = FIXTURE_SITE) -> list[Path]:
    """Render every article of articles.toml (and the AMP copy of the first) into `folder`."""
    written = []
    specs = load_specs(folder / "articles.toml")
    for spec in specs:
        out = folder / spec.path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_article(spec), encoding="utf-8")
        written.append(out)
    amp = folder / "amp" / specs[0].path
    amp.parent.mkdir(parents=True, exist_ok=True)
    amp.write_text(render_article(specs[0], canonical="{{BASE}}/" + specs[0].path), encoding="utf-8")
    written.append(amp)
    return written


# -- synthetic sites (benchmark) -----------------------------------------------------------

_WORDS = ("platform regulator interoperability access rival service app store payment wallet "
          "messaging developer device operating system browser default choice screen commission "
          "authority decision market users competition fee link chat feature rules review court "
          "appeal company smartphone ecosystem gatekeeper obligation consultation deadline").split()
_NAMES = ["Apple", "Google", "Meta", "Tencent", "Alibaba", "ByteDance", "Microsoft", "Amazon", "Samsung"]


_VERBS = "open review change defend question delay extend limit publish accept".split()
_TEMPLATES = (
    "The {n1} said on {day} that {name} would {verb} the {n2} of its {n3} to {n4} in the coming months.",
    "{name} has been asked by the {n1} to {verb} its {n2} and to report on the {n3} by the end of the year.",
    "According to the {n1}, the {n2} is one of the {n3} issues that the {n4} will look at when it meets.",
    "It is not the first time that {name} has had to {verb} a {n1} after a {n2} from the {n3}.",
    "Critics of the {n1} say that it does little for {n2} users, while {name} says it is a {n3} for the {n4}.",
)
_DAYS = "Monday Tuesday Wednesday Thursday Friday".split()


def _sentence(rng: random.Random) -> str:
    """A sentence of generated news prose (real function words, so it reads as English to a model)."""
    nouns = {f"n{k}": rng.choice(_WORDS) for k in range(1, 5)}
    return rng.choice(_TEMPLATES).format(name=rng.choice(_NAMES), verb=rng.choice(_VERBS), day=rng.choice(_DAYS), **nouns)


def generate_site(folder: Path, n: int, seed: int = 7, per_section_page: int = 50) -> list[str]:
    """Write n generated articles plus a sitemap, an RSS feed of the newest 50 and paginated
    section pages into `folder`; return the article paths (URL paths, leading slash)."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, 0, tzinfo=timezone.utc)
    paths = []
    for i in range(n):
        published = start + timedelta(hours=7 * i)
        path = f"gen/{published:%Y/%m/%d}/story-{i:05d}.html"
        spec = ArticleSpec(
            path=path, title=f"{rng.choice(_NAMES)} and the {rng.choice(_WORDS)} {rng.choice(_WORDS)} question #{i}",
            author=f"Reporter {i % 17}", published=published.isoformat(), section="Policy",
            caption=_sentence(rng), paragraphs=tuple(" ".join(_sentence(rng) for _ in range(4)) for _ in range(6)),
        )
        out = folder / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(render_article(spec), encoding="utf-8")
        paths.append("/" + path)
    urls = "\n".join(f"  <url><loc>{{{{BASE}}}}{p}</loc></url>" for p in paths)
    (folder / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n', encoding="utf-8")
    pages = [paths[i:i + per_section_page] for i in range(0, len(paths), per_section_page)]
    for k, chunk in enumerate(pages, start=1):
        links = "\n".join(f'<li><a href="{p}">Story</a></li>' for p in chunk)
        nxt = f'<a rel="next" href="/section/gen/page/{k + 1}.html">Older</a>' if k < len(pages) else ""
        name = "index.html" if k == 1 else f"page/{k}.html"
        out = folder / "section" / "gen" / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"<html><body><ul>{links}</ul>{nxt}</body></html>", encoding="utf-8")
    return paths


if __name__ == "__main__":
    for p in build_fixture_site(Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURE_SITE):
        print(p)
