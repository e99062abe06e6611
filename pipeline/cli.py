"""The `interopwatch` command line. The only place errors become messages and exit codes."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

import click

from pipeline.config import Config, effective_settings, load_config
from pipeline.errors import PipelineError

log = logging.getLogger("interopwatch")


@dataclass
class App:
    """What the global options say; the config is loaded (and validated) on first use."""

    config_path: str | None = None
    db: str | None = None
    overrides: tuple[str, ...] = ()
    debug: bool = False
    extra: dict = field(default_factory=dict)

    @cached_property
    def config(self) -> Config:
        config = load_config(self.config_path, overrides=self.overrides, db=self.db)
        level = "DEBUG" if self.debug else config.log.level.upper()
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
        return config

    def store(self):
        from pipeline.store import open_store

        return open_store(self.config.db_path)


pass_app = click.make_pass_decorator(App)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_path", metavar="FILE", envvar="INTEROPWATCH_CONFIG",
              help="TOML settings file [env INTEROPWATCH_CONFIG; default config/interopwatch.toml if present].")
@click.option("--db", metavar="PATH", help="SQLite database (overrides paths.db).")
@click.option("-s", "--set", "overrides", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override one setting; repeatable. Beats the file and the environment.")
@click.option("--debug", is_flag=True, help="Log at DEBUG level and show tracebacks on errors.")
@click.version_option(package_name="interopwatch")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db: str | None, overrides: tuple[str, ...], debug: bool) -> None:
    """Interop Watch: who opens which platform to which rival, from the news.

    Settings: defaults < TOML file < environment INTEROPWATCH__SECTION__KEY < -s section.key=value.
    """
    ctx.obj = App(config_path=config_path, db=db, overrides=overrides, debug=debug)


# --- the main job ---------------------------------------------------------------------------

@cli.command()
@click.option("--source", metavar="NAME", help="Crawl only this source.")
@pass_app
def run(app: App, source: str | None) -> None:
    """The main job once: crawl, ingest, analyse."""
    from pipeline.stages import run_cycle

    db = app.store()
    outcome = run_cycle(app.config, db, only_source=source)
    _echo_crawl(outcome.crawl)
    if outcome.analyse:
        _echo_analyse(outcome.analyse)
    click.echo(f"database: {app.config.db_path}  (try: interopwatch query \"SELECT host, guest, kind, status FROM claims\")")
    if outcome.status == "failed":
        sys.exit(1)


@cli.command()
@click.option("--source", metavar="NAME", help="Crawl only this source.")
@click.option("--sources", "sources_file", metavar="FILE", type=click.Path(dir_okay=False),
              help="Use this sources file for this run (instead of crawler.sources).")
@pass_app
def crawl(app: App, source: str | None, sources_file: str | None) -> None:
    """Crawl the sources, then ingest what was fetched."""
    from pipeline.stages import crawl_sources

    outcome = crawl_sources(app.config, app.store(), only_source=source,
                            sources_file=Path(sources_file) if sources_file else None)
    _echo_crawl(outcome)
    if outcome.status == "failed":
        sys.exit(1)


@cli.command()
@pass_app
def ingest(app: App) -> None:
    """Store spooled articles from finished crawls (idempotent)."""
    from pipeline.stages import ingest_spool

    outcome = ingest_spool(app.store(), app.config.data_dir / "spool")
    _echo_ingest(outcome)


@cli.command()
@click.option("--limit", type=click.IntRange(min=1), help="Analyse at most this many articles.")
@pass_app
def analyse(app: App, limit: int | None) -> None:
    """Run the NLP over articles not yet analysed."""
    from pipeline.stages import analyse_pending

    outcome = analyse_pending(app.config, app.store(), limit=limit)
    _echo_analyse(outcome)


def _echo_crawl(outcome) -> None:
    for src in outcome.sources:
        drops = src.get("drops") or {}
        drop_text = ", ".join(f"{k} {v}" for k, v in sorted(drops.items())) or "none"
        state = "ok" if src.get("status") == "ok" else f"FAILED: {src.get('reason')}"
        click.echo(f"  {src.get('name')}: {state}; pages {src.get('pages_fetched', 0)}, not modified "
                   f"{src.get('not_modified', 0)}, articles {src.get('items_written', 0)}, dropped: {drop_text}")
    failed = sum(1 for src in outcome.sources if src.get("status") != "ok")
    click.echo(f"crawl: {outcome.status}, {len(outcome.sources)} source(s)" + (f", {failed} failed" if failed else ""))
    if outcome.sources and failed == len(outcome.sources):
        click.echo("crawl: every source failed; if this machine has no internet access, `interopwatch demo` "
                   "runs the whole job offline against a bundled sample site")
    if outcome.ingest:
        _echo_ingest(outcome.ingest)


def _echo_ingest(outcome) -> None:
    click.echo(f"ingest: {outcome.new} new, {outcome.updated} updated, {outcome.unchanged} unchanged article(s) "
               f"from {outcome.files} spool file(s)" + (f"; {outcome.skipped} bad line(s) skipped" if outcome.skipped else ""))
    for line in outcome.errors[:10]:
        click.echo(f"  {line}", err=True)


def _echo_analyse(outcome) -> None:
    click.echo(f"analyse: {outcome.analysed} article(s) analysed, {outcome.relevant} relevant, {outcome.claims} claim(s)"
               + (f", {outcome.failed} could not be analysed" if outcome.failed else "")
               + (f", {outcome.remaining} still waiting" if outcome.remaining else ""))
    for line in outcome.errors[:10]:
        click.echo(f"  {line}", err=True)


# --- NLP only -------------------------------------------------------------------------------

@cli.command()
@click.argument("infile", metavar="IN.jsonl", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("-o", "--output", metavar="OUT.jsonl", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              help="Where to write extractions (default: standard output).")
@pass_app
def extract(app: App, infile: str, output: str) -> None:
    """Articles ({"id", "title", "text"} per line) -> extractions in the scorer's JSON Lines format."""
    from nlp import analyse as analyse_texts, extraction_to_json
    from pipeline.nlp_setup import build_nlp, nlp_options

    config = app.config
    bad: list[str] = []
    articles = _read_articles(infile, bad)
    nlp = build_nlp(config)
    count = failed = 0
    with click.open_file(output, "w", encoding="utf-8", atomic=output != "-") as out:
        for extraction in analyse_texts(nlp, articles, batch_size=nlp_options(config).batch_size):
            record = extraction_to_json(extraction)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
            count += 1
            if extraction.error:
                failed += 1
                click.echo(f"extract: article {extraction.article_id}: {extraction.error}", err=True)
    for line in bad:
        click.echo(f"extract: {line}", err=True)
    click.echo(f"extract: {count} article(s) written" + (f" to {output}" if output != "-" else "")
               + (f"; {failed} could not be analysed" if failed else "")
               + (f"; {len(bad)} input line(s) skipped" if bad else ""), err=True)
    if bad:
        sys.exit(1)


def _read_articles(infile: str, bad: list[str]) -> Iterator:
    """Stream ArticleText records from JSON Lines; a bad line is reported in `bad` and skipped."""
    from nlp.records import ArticleText

    with click.open_file(infile, "r", encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as e:
                bad.append(f"{infile}:{number}: not JSON ({e.msg}); line skipped")
                continue
            if not isinstance(raw, dict) or raw.get("id") is None or not isinstance(raw.get("text"), str):
                bad.append(f"{infile}:{number}: needs an object with \"id\" and a string \"text\"; line skipped")
                continue
            yield ArticleText(id=str(raw["id"]), title=str(raw.get("title") or ""), text=raw["text"],
                              language=raw.get("language"))


# --- reading the store ----------------------------------------------------------------------

@cli.command()
@click.argument("sql")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json"]), help="Output format [query.format].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), help="Seconds before the query is stopped [query.timeout_seconds].")
@pass_app
def query(app: App, sql: str, fmt: str | None, timeout: float | None) -> None:
    """Run read-only SQL against the store (writes, ATTACH and state-changing pragmas are refused)."""
    from pipeline.output import FORMATS
    from pipeline.store import run_readonly_query

    config = app.config
    result = run_readonly_query(config.db_path, sql, timeout or config.query.timeout_seconds)
    click.echo(FORMATS[fmt or config.query.format](result.columns, result.rows))


@cli.command()
@pass_app
def stats(app: App) -> None:
    """Row counts and the last runs."""
    from pipeline.store import last_runs, table_counts

    db = app.store()
    for table, n in table_counts(db).items():
        click.echo(f"{table:10} {n:>8}")
    click.echo("\nlast runs:")
    for r in last_runs(db, 10):
        counts = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
        src = f" [{r['source']}]" if r["source"] else ""
        click.echo(f"  #{r['id']} {r['stage']}{src} {r['status']} {r['started_at']} -> {r['finished_at'] or '...'}"
                   + (f"  {counts}" if counts else "") + (f"  errors: {len(r['errors'])}" if r["errors"] else ""))


@cli.group("config")
def config_group() -> None:
    """Inspect the settings."""


@config_group.command("show")
@pass_app
def config_show(app: App) -> None:
    """Print the effective settings (secrets redacted) and where each came from."""
    section = None
    for name, key, value, origin in effective_settings(app.config):
        if name != section:
            click.echo(f"{'' if section is None else chr(10)}[{name}]")
            section = name
        shown = value if key == "smtp_password" else json.dumps(value)
        click.echo(f"{key} = {shown}  # {origin}")


# --- daemon, digest, demo -------------------------------------------------------------------

def _clock(offset_hours: float):
    """The clock, shifted by a hidden test option (to run weeks of schedule in minutes: tests/bench/soak.py)."""
    from datetime import timedelta

    from pipeline.clock import utc_now

    if not offset_hours:
        return utc_now
    return lambda: utc_now() + timedelta(hours=offset_hours)


_clock_offset = click.option("--clock-offset-hours", type=float, default=0.0, hidden=True,
                             envvar="INTEROPWATCH_TEST_CLOCK_OFFSET_HOURS",
                             help="Testing aid: shift the clock by this many hours.")


@cli.command()
@click.option("--once", is_flag=True, help="Run one cycle (and the digest, if one is due), then exit.")
@_clock_offset
@pass_app
def daemon(app: App, once: bool, clock_offset_hours: float) -> None:
    """Run the main job every schedule.cycle_minutes and the weekly digest, until SIGTERM or Ctrl-C.

    One daemon per database: a second one refuses to start and names the process holding it.
    """
    from pipeline.daemon import run_daemon

    sys.exit(run_daemon(app.config, once=once, clock=_clock(clock_offset_hours)))


@cli.command()
@click.option("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W48 [default: the last complete week].")
@click.option("--dry-run", is_flag=True, help="Write the .eml and .html files only: nothing sent, nothing recorded.")
@click.option("--to", "to", multiple=True, metavar="ADDR", help="Send to ADDR instead of digest.recipients; repeatable.")
@click.option("--force", is_flag=True, help="Send a week that already went out again, on purpose (new Message-ID).")
@_clock_offset
@pass_app
def digest(app: App, week: str | None, dry_run: bool, to: tuple[str, ...], force: bool, clock_offset_hours: float) -> None:
    """Build the weekly digest and send it once (by SMTP, or as files when no SMTP is set)."""
    import re
    from zoneinfo import ZoneInfo

    from pipeline.digest import Week, deliver_digest, last_complete_week
    from pipeline.digest.week import current_week

    for address in to:
        if not re.fullmatch(r"[^@\s<>,]+@[^@\s<>,]+", address):
            raise click.BadParameter(f"{address!r} is not an email address", param_hint="--to")
    config = app.config
    clock = _clock(clock_offset_hours)
    tz = ZoneInfo(config.schedule.timezone)
    from pipeline.errors import DigestError

    try:
        chosen = Week.parse(week) if week else last_complete_week(clock(), tz)
    except DigestError as e:
        raise click.BadParameter(str(e), param_hint="--week") from None
    if chosen == current_week(clock(), tz):
        click.echo(f"note: week {chosen} is not over yet; the digest covers it so far", err=True)
    delivery = deliver_digest(config, app.store(), chosen, clock=clock, force=force, dry_run=dry_run, to=to or None)
    _echo_delivery(delivery)
    if delivery.action in ("unconfirmed", "busy", "pending"):
        sys.exit(1)


def _echo_delivery(delivery) -> None:
    d, r = delivery.digest, delivery.record
    if d is not None:
        click.echo(f"digest {delivery.week} ({d.period}): {d.claim_count} new claim(s), {len(d.status_changes)} status "
                   f"change(s), {d.article_count} new article(s), {len(d.late_arrivals)} late arrival(s)")
    week = delivery.week
    if delivery.action == "sent":
        click.echo(f"digest {week}: sent to {', '.join(r.recipients)} (Message-ID {r.message_id}; "
                   f"{delivery.attempts} attempt(s))" + (f"; {r.last_error}" if r.last_error else ""))
    elif delivery.action in ("written", "dry-run"):
        eml, html = delivery.paths
        what = "dry run: nothing sent or recorded" if delivery.action == "dry-run" else "no SMTP set (digest.smtp_host)"
        click.echo(f"digest {week}: written to {eml} (and {html.name}); {what}")
    elif delivery.action == "already":
        when = r.sent_at or r.phase_at or r.created_at
        click.echo(f"digest {week}: already {r.state} ({when}; Message-ID {r.message_id}); not sent again "
                   f"(--force sends it again on purpose)")
    elif delivery.action == "skipped":
        click.echo(f"digest {week}: nothing moved; not sent (digest.send_empty is off)")
    elif delivery.action == "unconfirmed":
        click.echo(f"digest {week}: {delivery.note}", err=True)
    elif delivery.action == "busy":
        click.echo(f"digest {week}: {delivery.note}; not sent from here", err=True)
    elif delivery.action == "pending":
        click.echo(f"digest {week}: stopped while waiting to retry; left pending ({delivery.note})", err=True)


@cli.command()
@click.option("--dir", "directory", metavar="DIR", type=click.Path(file_okay=False), default="data/demo",
              show_default=True, help="Where the demo database, spool and digest go (emptied first).")
@pass_app
def demo(app: App, directory: str) -> None:
    """Offline end to end: serve the bundled sample news site on 127.0.0.1, crawl, analyse, write a digest."""
    from pipeline.demo import run_demo

    report = run_demo(app.config, Path(directory), echo=click.echo)
    click.echo(report.summary())


# --- entry point ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> None:
    """Run the CLI; known errors print one line (a traceback only with --debug) and exit non-zero."""
    from crawler.errors import CrawlerError
    from nlp.errors import NlpError

    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    try:
        cli.main(args=argv, prog_name="interopwatch", standalone_mode=False)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Abort:
        click.echo("interopwatch: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("interopwatch: interrupted", err=True)
        sys.exit(130)
    except (PipelineError, CrawlerError, NlpError) as e:
        if debug:
            traceback.print_exc()
        click.echo(f"interopwatch: error: {e}", err=True)
        sys.exit(getattr(e, "exit_code", 1))
    except Exception as e:  # a bug: say so plainly, keep the traceback for --debug
        if debug:
            traceback.print_exc()
        click.echo(f"interopwatch: unexpected error: {type(e).__name__}: {e} (run again with --debug for a traceback)",
                   err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
