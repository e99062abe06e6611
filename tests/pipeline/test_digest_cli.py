"""`interopwatch digest` as a user runs it (a separate process), against a real SMTP server.

The crash tests use the test hook INTEROPWATCH_TEST_KILL_AT=<point> (pipeline/digest/send.py): the
process SIGKILLs itself at that point of the SMTP exchange, and a second run shows what a restart does.
"""

import sqlite3

import pytest

from pipeline.store import open_store
from tests.pipeline.conftest import run_cli
from tests.support.smtp import smtp_server  # noqa: F401 (fixture)
from tests.support.store_rows import add_article, claim

WEEK = "2025-W10"  # 3-9 March 2025: in the past whenever the tests run


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "store.db"
    db = open_store(path)
    add_article(db, "https://ledger.example/dma-whatsapp", title="WhatsApp opens to third-party chats",
                published="2025-03-05", source="ledger",
                claims=[claim("WhatsApp", "messaging", "live", "BirdyChat", host_id="whatsapp")], mentions=["whatsapp", "meta"])
    db.conn.close()
    return path


def digest(db_path, port, *args, env=None, settings=()):
    smtp = ["-s", "digest.smtp_host=127.0.0.1", "-s", f"digest.smtp_port={port}", "-s", "digest.smtp_tls=none",
            "-s", "digest.recipients=ana@example.org", "-s", "digest.retry_backoff_seconds=0.01",
            "-s", f"paths.data_dir={db_path.parent / 'data'}"] if port else ["-s", f"paths.data_dir={db_path.parent / 'data'}"]
    return run_cli("--db", str(db_path), *smtp, *settings, "digest", *args, env=env)


def digest_row(db_path):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT state, phase, attempts, message_id FROM digests WHERE week = ?", [WEEK]).fetchone()
    finally:
        conn.close()


def test_digest_is_sent_once_and_again_only_with_force(db_path, smtp_server):
    first = digest(db_path, smtp_server.port, "--week", WEEK)
    assert first.returncode == 0, first.stderr
    assert "digest 2025-W10 (3-9 March 2025): 1 new claim(s)" in first.stdout
    assert "sent to ana@example.org (Message-ID <interopwatch.digest.2025-W10." in first.stdout
    second = digest(db_path, smtp_server.port, "--week", WEEK)
    assert second.returncode == 0 and "already sent" in second.stdout and "--force" in second.stdout
    assert len(smtp_server.messages) == 1
    forced = digest(db_path, smtp_server.port, "--week", WEEK, "--force", "--to", "ben@example.org")
    assert forced.returncode == 0, forced.stderr
    assert [m.rcpt_tos for m in smtp_server.messages] == [("ana@example.org",), ("ben@example.org",)]
    assert smtp_server.messages[0].message["Message-ID"] != smtp_server.messages[1].message["Message-ID"]


def test_dry_run_prints_the_path_and_records_nothing(db_path, smtp_server):
    result = digest(db_path, smtp_server.port, "--week", WEEK, "--dry-run")
    assert result.returncode == 0, result.stderr
    eml = db_path.parent / "data" / "digests" / "digest-2025-W10.dry-run.eml"
    assert f"written to {eml}" in result.stdout and "nothing sent or recorded" in result.stdout
    assert b"WhatsApp" in eml.read_bytes() and eml.with_suffix(".html").is_file()
    assert smtp_server.messages == [] and digest_row(db_path) is None


def test_without_smtp_the_digest_is_written_and_the_path_printed(db_path):
    result = digest(db_path, None, "--week", WEEK)
    assert result.returncode == 0, result.stderr
    eml = db_path.parent / "data" / "digests" / "digest-2025-W10.eml"
    assert f"written to {eml}" in result.stdout and eml.is_file()
    assert digest_row(db_path)[0] == "written"


@pytest.mark.parametrize("point, mails_after_crash, second_exit, mails_after_restart, state", [
    ("before-data", 0, 0, 1, "sent"),  # nothing transmitted: the restart sends it, once
    ("after-data", 1, 1, 1, "unconfirmed"),  # accepted, not recorded: the restart does not send it again
    ("mid-data", 0, 1, 0, "unconfirmed"),  # killed while the body went out: not re-sent (at most once when in doubt)
])
def test_a_process_killed_mid_send_never_sends_twice(db_path, smtp_server, point, mails_after_crash, second_exit,
                                                    mails_after_restart, state):
    crashed = digest(db_path, smtp_server.port, "--week", WEEK, env={"INTEROPWATCH_TEST_KILL_AT": point})
    assert crashed.returncode == -9, crashed.stderr
    assert len(smtp_server.messages) == mails_after_crash
    assert digest_row(db_path)[0] == "sending"
    restarted = digest(db_path, smtp_server.port, "--week", WEEK)
    assert restarted.returncode == second_exit, restarted.stderr
    assert len(smtp_server.messages) == mails_after_restart
    assert digest_row(db_path)[0] == state
    if state == "unconfirmed":
        assert "delivery unconfirmed" in restarted.stderr and "--force" in restarted.stderr
    again = digest(db_path, smtp_server.port, "--week", WEEK)
    assert again.returncode == 0 and "already" in again.stdout and len(smtp_server.messages) == mails_after_restart


def test_a_message_id_survives_a_crash_before_sending(db_path, smtp_server):
    digest(db_path, smtp_server.port, "--week", WEEK, env={"INTEROPWATCH_TEST_KILL_AT": "before-data"})
    message_id = digest_row(db_path)[3]
    digest(db_path, smtp_server.port, "--week", WEEK)
    assert smtp_server.messages[0].message["Message-ID"] == message_id


def test_smtp_unreachable_fails_with_one_line_and_is_recorded(db_path):
    from tests.support.smtp import free_port

    result = digest(db_path, free_port(), "--week", WEEK, settings=("-s", "digest.retries=1"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("interopwatch: error: digest 2025-W10 not sent after 2 attempt(s)")
    assert digest_row(db_path)[:3] == ("failed", "built", 2)


@pytest.mark.parametrize("args, message", [
    (["--week", "2025-W60"], "2025 has no ISO week 60"),
    (["--week", "March"], "YYYY-Www"),
    (["--to", "not-an-address"], "'not-an-address' is not an email address"),
])
def test_bad_options_are_usage_errors(db_path, args, message):
    result = digest(db_path, None, *args)
    assert result.returncode == 2 and message in result.stderr


def test_smtp_without_recipients_says_what_to_set(db_path):
    result = run_cli("--db", str(db_path), "-s", "digest.smtp_host=127.0.0.1", "digest", "--week", WEEK)
    assert result.returncode == 1 and "no recipients: set digest.recipients" in result.stderr
