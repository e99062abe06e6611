"""Config: precedence, validation errors that name key, type and origin, secrets, the shipped file."""

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from pipeline.config import SECTIONS, effective_settings, load_config
from pipeline.errors import ConfigError

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "interopwatch.toml"


def write(tmp_path, text):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_apply_without_any_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = load_config(env={})
    assert config.paths.db == "data/interopwatch.db"
    assert config.query.timeout_seconds == 10.0
    assert config.origins == {}


def test_precedence_file_then_environment_then_command_line(tmp_path):
    path = write(tmp_path, "[query]\ntimeout_seconds = 20\nformat = 'csv'\n[crawler]\nretry_times = 1\n")
    env = {"INTEROPWATCH__QUERY__TIMEOUT_SECONDS": "30", "INTEROPWATCH__CRAWLER__RETRY_TIMES": "2"}
    config = load_config(path, env=env, overrides=["crawler.retry_times=5"])
    assert config.query.format == "csv"  # file only
    assert config.query.timeout_seconds == 30.0  # environment beats file
    assert config.crawler.retry_times == 5  # command line beats both
    assert config.origins["query.format"] == str(path)
    assert config.origins["query.timeout_seconds"] == "environment INTEROPWATCH__QUERY__TIMEOUT_SECONDS"
    assert config.origins["crawler.retry_times"] == "-s crawler.retry_times"


def test_config_file_can_come_from_the_environment(tmp_path):
    path = write(tmp_path, "[log]\nlevel = 'DEBUG'\n")
    assert load_config(env={"INTEROPWATCH_CONFIG": str(path)}).log.level == "DEBUG"


def test_db_option_beats_everything(tmp_path):
    path = write(tmp_path, "[paths]\ndb = 'a.db'\n")
    config = load_config(path, env={"INTEROPWATCH__PATHS__DB": "b.db"}, overrides=["paths.db=c.db"], db="d.db")
    assert config.paths.db == "d.db"


@pytest.mark.parametrize("raw, expected", [
    ("a@x.org,b@y.org", ["a@x.org", "b@y.org"]),
    ('["a@x.org"]', ["a@x.org"]),
])
def test_list_settings_parse_from_strings(raw, expected):
    assert load_config(env={}, overrides=[f"digest.recipients={raw}"]).digest.recipients == expected


@pytest.mark.parametrize("raw, expected", [("true", True), ("0", False), ("yes", True), ("off", False)])
def test_boolean_settings_parse_from_strings(raw, expected):
    assert load_config(env={"INTEROPWATCH__CRAWLER__AUTOTHROTTLE": raw}).crawler.autothrottle is expected


@pytest.mark.parametrize("toml, words", [
    ("[query]\ntimeout = 5\n", ["unknown setting query.timeout", "settings.toml", "timeout_seconds"]),
    ("[querry]\nformat = 'csv'\n", ["unknown section 'querry'", "settings.toml"]),
    ("[query]\ntimeout_seconds = 'ten'\n", ["query.timeout_seconds", "expected a number", "'ten'", "settings.toml"]),
    ("[crawler]\nretry_times = 2.5\n", ["crawler.retry_times", "expected an integer"]),
    ("[crawler]\nautothrottle = 'yes'\n", ["crawler.autothrottle", "expected true or false"]),
    ("[digest]\nrecipients = 'a@x.org'\n", ["digest.recipients", "expected a list of strings"]),
    ("[digest]\nsmtp_tls = 'tls'\n", ["digest.smtp_tls", "none, starttls, ssl", "settings.toml"]),
    ("[schedule]\ndigest_day = 'monday'\n", ["schedule.digest_day", "mon"]),
    ("[schedule]\ndigest_time = '25:00'\n", ["schedule.digest_time", "HH:MM"]),
    ("[schedule]\ntimezone = 'Mars/Olympus'\n", ["schedule.timezone", "unknown time zone"]),
    ("[schedule]\ncycle_minutes = 0\n", ["schedule.cycle_minutes", "greater than 0"]),
    ("[digest]\nrecipients = ['not-an-address']\n", ["digest.recipients", "not an email address"]),
    ("[digest]\nsmtp_password = 'hunter2'\n", ["secrets are read only from the environment", "INTEROPWATCH_SMTP_PASSWORD"]),
    ("query = 5\n", ["must be a [section] table"]),
    ("[query\n", ["not valid TOML"]),
])
def test_bad_file_values_name_key_type_and_origin(tmp_path, toml, words):
    path = write(tmp_path, toml)
    with pytest.raises(ConfigError) as e:
        load_config(path, env={})
    for word in words:
        assert word in str(e.value)


@pytest.mark.parametrize("env, words", [
    ({"INTEROPWATCH__CRAWLER__RETRY_TIMES": "many"}, ["crawler.retry_times", "expected an integer", "environment INTEROPWATCH__CRAWLER__RETRY_TIMES"]),
    ({"INTEROPWATCH__CRAWLER__NOPE": "1"}, ["unknown setting crawler.nope", "environment INTEROPWATCH__CRAWLER__NOPE"]),
    ({"INTEROPWATCH__QUERY": "1"}, ["expected INTEROPWATCH__SECTION__KEY"]),
    ({"INTEROPWATCH__DIGEST__SMTP_PASSWORD": "x"}, ["secrets are read only from the environment"]),
])
def test_bad_environment_values_name_the_variable(env, words):
    with pytest.raises(ConfigError) as e:
        load_config(env=env)
    for word in words:
        assert word in str(e.value)


@pytest.mark.parametrize("override, words", [
    ("query.format=xml", ["query.format", "table, csv, json", "-s query.format"]),
    ("nlp.relevance_threshold=2", ["nlp.relevance_threshold", "between 0 and 1", "-s nlp.relevance_threshold"]),
    ("retry_times=3", ["expected section.key=value"]),
    ("crawler.concurrency_per_domain=8", ["crawler.concurrency_per_domain", "1 or 2"]),
    ("crawler.parse_workers=-1", ["crawler.parse_workers", "0 or more"]),
    ("crawler.max_crawl_delay=-5", ["crawler.max_crawl_delay", "0 or more"]),
])
def test_bad_command_line_values_name_the_option(override, words):
    with pytest.raises(ConfigError) as e:
        load_config(env={}, overrides=[override])
    for word in words:
        assert word in str(e.value)


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", env={})


def test_password_comes_from_the_environment_and_is_redacted():
    config = load_config(env={"INTEROPWATCH_SMTP_PASSWORD": "hunter2"})
    assert config.smtp_password == "hunter2"
    shown = {(s, k): v for s, k, v, _ in effective_settings(config)}
    assert shown[("digest", "smtp_password")] == "(set, redacted)"
    assert "hunter2" not in repr(config)


def test_shipped_file_lists_every_setting_with_its_default():
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    for name, cls in SECTIONS.items():
        defaults = {f.name: getattr(cls(), f.name) for f in fields(cls)}
        assert data[name] == defaults, name
    assert set(data) == set(SECTIONS)
    text = SHIPPED.read_text(encoding="utf-8")
    for line in text.splitlines():  # every setting carries a comment
        if "=" in line and not line.startswith("#"):
            assert "  # " in line, line
