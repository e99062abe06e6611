"""Sending the digest through a real SMTP server (aiosmtpd on 127.0.0.1): once per week, retried, recorded."""

import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from pipeline.config import load_config
from pipeline.digest import Week, deliver_digest, digest_if_due
from pipeline.errors import DigestError, MailError
from pipeline.store import get_digest, last_runs, open_store
from tests.support.smtp import SmtpServer, free_port, smtp_server, trust_certificate  # noqa: F401 (fixtures)
from tests.support.store_rows import add_article, claim

WEEK = Week(2026, 48)
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def at(moment):
    return lambda: moment


def settings(tmp_path, port, **extra):
    values = {"paths.data_dir": str(tmp_path / "data"), "digest.smtp_host": "127.0.0.1", "digest.smtp_port": str(port),
              "digest.smtp_tls": "none", "digest.sender": "watch@example.org",
              "digest.recipients": "ana@example.org,ben@example.org", "digest.retry_backoff_seconds": "0.01",
              "digest.retries": "2", "digest.smtp_timeout": "5"}
    values.update(extra)
    return load_config(env={}, overrides=[f"{k}={v}" for k, v in values.items()], db=str(tmp_path / "store.db"))


@pytest.fixture
def db(tmp_path):
    store = open_store(tmp_path / "store.db")
    add_article(store, "https://ledger.example/taobao", title="Taobao takes WeChat Pay", published="2026-11-24",
                claims=[claim("Taobao", "payment", "live", "WeChat Pay", host_id="taobao", guest_id="wechat-pay")],
                mentions=["taobao", "wechat-pay", "tencent"])
    yield store
    store.conn.close()


def test_the_digest_arrives_once_multipart_with_its_sections(tmp_path, db, smtp_server):
    add_article(db, "javascript:alert(1)//x", title='<script>alert("x")</script>', published="2026-11-25",
                claims=[claim("WeChat", "links", "live", evidence="WeChat opens <img src=x onerror=alert(1)> links.")])
    config = settings(tmp_path, smtp_server.port)
    delivery = deliver_digest(config, db, WEEK, clock=at(MONDAY))
    assert delivery.action == "sent" and delivery.attempts == 1
    (received,) = smtp_server.messages
    assert received.mail_from == "watch@example.org" and received.rcpt_tos == ("ana@example.org", "ben@example.org")
    message = received.message
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for section in ("NEW CLAIMS", "STATUS CHANGES", "MOST-MENTIONED COMPANIES AND APPS", "NEW ARTICLES PER SOURCE",
                    "CLAIMS BY STATUS"):
        assert section in text
    for anchor in ('id="new-claims"', 'id="status-changes"', 'id="most-mentioned"', 'id="new-articles"', 'id="chart"'):
        assert anchor in html
    assert "Taobao -> WeChat Pay" in text and '<a href="https://ledger.example/taobao"' in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "javascript:" not in html
    record = get_digest(db, "2026-W48")
    assert (record.state, record.phase, record.attempts, record.recipients) == ("sent", "accepted", 1,
                                                                                ("ana@example.org", "ben@example.org"))
    assert record.message_id == message["Message-ID"] and record.sent_at == "2026-11-30T09:00:00Z"
    run = last_runs(db, 1)[0]
    assert (run["stage"], run["status"], run["counts"]["action"], run["counts"]["claims"]) == ("digest", "ok", "sent", 2)


def test_a_sent_week_is_not_sent_again_and_force_sends_it_with_a_new_message_id(tmp_path, db, smtp_server):
    config = settings(tmp_path, smtp_server.port)
    first = deliver_digest(config, db, WEEK, clock=at(MONDAY))
    again = deliver_digest(config, db, WEEK, clock=at(MONDAY + timedelta(hours=1)))
    assert again.action == "already" and len(smtp_server.messages) == 1
    forced = deliver_digest(config, db, WEEK, clock=at(MONDAY + timedelta(hours=2)), force=True)
    assert forced.action == "sent" and len(smtp_server.messages) == 2
    ids = [m.message["Message-ID"] for m in smtp_server.messages]
    assert ids[0] == first.record.message_id and ids[1] != ids[0] and get_digest(db, "2026-W48").forced == 1


def test_smtp_down_then_up_is_sent_once_after_a_retry(tmp_path, db):
    server = SmtpServer(port=free_port())  # reserved, not started: connections are refused
    waits = []

    def wait(seconds):  # the backoff: the server comes up while we wait
        waits.append(seconds)
        if len(waits) == 2:
            server.start()
        return False

    try:
        config = settings(tmp_path, server.port, **{"digest.retries": "4", "digest.retry_backoff_seconds": "0.5"})
        delivery = deliver_digest(config, db, WEEK, clock=at(MONDAY), wait=wait)
        assert delivery.action == "sent" and delivery.attempts == 3
        assert waits == [0.5, 1.0]  # exponential backoff
        assert len(server.messages) == 1
        record = get_digest(db, "2026-W48")
        assert record.state == "sent" and record.attempts == 3
    finally:
        server.stop()


def test_retries_used_up_are_recorded_as_failed_and_sent_later_with_the_same_message_id(tmp_path, db):
    port = free_port()
    config = settings(tmp_path, port)
    with pytest.raises(MailError, match="not sent after 3 attempt"):
        deliver_digest(config, db, WEEK, clock=at(MONDAY))
    record = get_digest(db, "2026-W48")
    assert (record.state, record.attempts, record.pid) == ("failed", 3, None)
    assert "cannot reach 127.0.0.1" in record.last_error
    assert last_runs(db, 1)[0]["status"] == "failed"
    with SmtpServer(port=port) as server:
        delivery = deliver_digest(config, db, WEEK, clock=at(MONDAY + timedelta(hours=1)))
    assert delivery.action == "sent" and len(server.messages) == 1
    assert server.messages[0].message["Message-ID"] == record.message_id
    assert get_digest(db, "2026-W48").attempts == 4


@pytest.mark.parametrize("reply, state, messages, attempts", [
    ("451 4.3.0 try again later", "sent", 1, 2),  # transient: retried, then accepted
    ("554 5.6.0 message refused", "failed", 0, 1),  # permanent: not retried
])
def test_the_servers_answer_to_the_body_decides_retry_or_failure(tmp_path, db, smtp_server, reply, state, messages, attempts):
    smtp_server.inbox.data_replies.append(reply)
    config = settings(tmp_path, smtp_server.port)
    if state == "failed":
        with pytest.raises(MailError, match="554"):
            deliver_digest(config, db, WEEK, clock=at(MONDAY))
    else:
        deliver_digest(config, db, WEEK, clock=at(MONDAY))
    record = get_digest(db, "2026-W48")
    assert (record.state, len(smtp_server.messages), record.attempts) == (state, messages, attempts)


def test_one_refused_recipient_does_not_stop_the_others(tmp_path, db, smtp_server):
    smtp_server.inbox.refuse.add("nobody@example.org")
    config = settings(tmp_path, smtp_server.port)
    deliver_digest(config, db, WEEK, clock=at(MONDAY), to=("ana@example.org", "nobody@example.org"))
    (received,) = smtp_server.messages
    record = get_digest(db, "2026-W48")
    assert received.rcpt_tos == ("ana@example.org",) and record.recipients == ("ana@example.org",)
    assert record.state == "sent" and "nobody@example.org" in record.last_error


def test_starttls_with_login(tmp_path, db, trust_certificate, monkeypatch):
    monkeypatch.setenv("INTEROPWATCH_SMTP_PASSWORD", "s3cret")
    with SmtpServer(tls="starttls", cert=trust_certificate, users={"ana": "s3cret"}) as server:
        config = load_config(overrides=[f"digest.smtp_host=localhost", f"digest.smtp_port={server.port}",
                                        "digest.smtp_tls=starttls", "digest.smtp_user=ana", "digest.recipients=ana@example.org",
                                        f"paths.data_dir={tmp_path}"], db=str(tmp_path / "store.db"))
        assert deliver_digest(config, db, WEEK, clock=at(MONDAY)).action == "sent"
    assert len(server.messages) == 1


def test_implicit_tls(tmp_path, db, trust_certificate):
    with SmtpServer(tls="ssl", cert=trust_certificate) as server:
        config = settings(tmp_path, server.port, **{"digest.smtp_tls": "ssl", "digest.smtp_host": "localhost"})
        assert deliver_digest(config, db, WEEK, clock=at(MONDAY)).action == "sent"
    assert len(server.messages) == 1


def test_a_wrong_password_fails_at_once_and_is_recorded(tmp_path, db, trust_certificate, monkeypatch):
    monkeypatch.setenv("INTEROPWATCH_SMTP_PASSWORD", "wrong")
    with SmtpServer(tls="starttls", cert=trust_certificate, users={"ana": "s3cret"}) as server:
        config = load_config(overrides=[f"digest.smtp_host=localhost", f"digest.smtp_port={server.port}",
                                        "digest.smtp_user=ana", "digest.recipients=ana@example.org", "digest.retries=3",
                                        "digest.smtp_timeout=5",
                                        f"paths.data_dir={tmp_path}"], db=str(tmp_path / "store.db"))
        with pytest.raises(MailError, match="login as 'ana' refused"):
            deliver_digest(config, db, WEEK, clock=at(MONDAY))
    record = get_digest(db, "2026-W48")
    assert (record.state, record.attempts, len(server.messages)) == ("failed", 1, 0)


def test_starttls_required_but_not_offered_is_refused(tmp_path, db, smtp_server):
    config = settings(tmp_path, smtp_server.port, **{"digest.smtp_tls": "starttls"})
    with pytest.raises(MailError, match="does not offer STARTTLS"):
        deliver_digest(config, db, WEEK, clock=at(MONDAY))
    assert smtp_server.messages == []


def test_without_smtp_the_digest_is_written_to_files_once(tmp_path, db):
    config = load_config(env={}, overrides=[f"paths.data_dir={tmp_path / 'data'}"], db=str(tmp_path / "store.db"))
    delivery = deliver_digest(config, db, WEEK, clock=at(MONDAY))
    eml, html = delivery.paths
    assert delivery.action == "written" and eml == tmp_path / "data" / "digests" / "digest-2026-W48.eml"
    assert b"Taobao" in eml.read_bytes() and "Taobao" in html.read_text()
    record = get_digest(db, "2026-W48")
    assert (record.state, record.path) == ("written", str(eml))
    assert deliver_digest(config, db, WEEK, clock=at(MONDAY)).action == "already"


def test_a_dry_run_writes_files_and_records_nothing(tmp_path, db, smtp_server):
    config = settings(tmp_path, smtp_server.port)
    delivery = deliver_digest(config, db, WEEK, clock=at(MONDAY), dry_run=True)
    assert delivery.action == "dry-run" and delivery.paths[0].name == "digest-2026-W48.dry-run.eml"
    assert smtp_server.messages == [] and get_digest(db, "2026-W48") is None


@pytest.mark.parametrize("send_empty, action, messages", [(True, "sent", 1), (False, "skipped", 0)])
def test_an_empty_week_sends_nothing_moved_or_nothing(tmp_path, db, smtp_server, send_empty, action, messages):
    config = settings(tmp_path, smtp_server.port, **{"digest.send_empty": str(send_empty).lower()})
    delivery = deliver_digest(config, db, Week(2026, 40), clock=at(MONDAY))
    assert delivery.action == action and len(smtp_server.messages) == messages
    if messages:
        assert "Nothing moved this week" in smtp_server.messages[0].message.get_body(("plain",)).get_content()
    assert get_digest(db, "2026-W40").state == action


def test_no_recipients_is_a_clear_error(tmp_path, db, smtp_server):
    config = settings(tmp_path, smtp_server.port, **{"digest.recipients": "[]"})
    with pytest.raises(DigestError, match="no recipients"):
        deliver_digest(config, db, WEEK, clock=at(MONDAY))


def test_a_login_without_a_password_says_where_the_password_comes_from(tmp_path, db, smtp_server, monkeypatch):
    monkeypatch.delenv("INTEROPWATCH_SMTP_PASSWORD", raising=False)
    config = settings(tmp_path, smtp_server.port, **{"digest.smtp_user": "ana"})
    with pytest.raises(DigestError, match="INTEROPWATCH_SMTP_PASSWORD is not set"):
        deliver_digest(config, db, WEEK, clock=at(MONDAY))
    assert get_digest(db, "2026-W48") is None


def test_a_week_not_started_yet_is_refused(tmp_path, db, smtp_server):
    with pytest.raises(DigestError, match="has not started"):
        deliver_digest(settings(tmp_path, smtp_server.port), db, Week(2026, 50), clock=at(MONDAY))


def test_a_week_missed_while_down_is_sent_once_within_grace_and_not_after(tmp_path, db, smtp_server):
    config = settings(tmp_path, smtp_server.port)
    assert digest_if_due(config, db, clock=at(datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc))) is None  # W47 too old
    back = datetime(2026, 12, 2, 15, 0, tzinfo=timezone.utc)  # two days after Monday 08:00
    assert digest_if_due(config, db, clock=at(back)).action == "sent"
    assert digest_if_due(config, db, clock=at(back + timedelta(hours=1))) is None
    assert [m.message["X-Interopwatch-Week"] for m in smtp_server.messages] == ["2026-W48"]
    later = datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)  # W49's moment (Mon 7 Dec 08:00) + 25 h
    assert digest_if_due(config, db, clock=at(later)).week == "2026-W49"
    too_late = datetime(2026, 12, 17, 9, 0, tzinfo=timezone.utc)  # W50's moment + 73 h: past the 72 h of grace
    assert digest_if_due(config, db, clock=at(too_late)) is None
    assert len(smtp_server.messages) == 2


def _leave_row(db, phase, pid):
    """A row as a process that died mid-send would leave it."""
    db.execute("INSERT INTO digests (week, created_at, state, phase, phase_at, pid, recipients, message_id, attempts) "
               "VALUES ('2026-W48', '2026-11-30T08:00:00Z', 'sending', ?, '2026-11-30T08:00:01Z', ?, '[]', '<old@x>', 1)",
               [phase, pid])


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.parametrize("phase, action, messages", [
    ("built", "sent", 1), ("envelope", "sent", 1),  # the body never went out: sent, same Message-ID
    ("data", "unconfirmed", 0),  # the body may have been accepted: not sent again
])
def test_a_row_left_by_a_dead_sender_is_resolved_by_its_phase(tmp_path, db, smtp_server, phase, action, messages):
    _leave_row(db, phase, _dead_pid())
    delivery = deliver_digest(settings(tmp_path, smtp_server.port), db, WEEK, clock=at(MONDAY))
    assert delivery.action == action and len(smtp_server.messages) == messages
    record = get_digest(db, "2026-W48")
    assert record.message_id == "<old@x>"
    if messages:
        assert smtp_server.messages[0].message["Message-ID"] == "<old@x>" and record.attempts == 2
    else:
        assert record.state == "unconfirmed" and "may have accepted it" in record.last_error
        assert deliver_digest(settings(tmp_path, smtp_server.port), db, WEEK, clock=at(MONDAY)).action == "already"


def test_a_row_being_sent_by_a_live_process_is_left_alone(tmp_path, db, smtp_server):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _leave_row(db, "envelope", sleeper.pid)
        delivery = deliver_digest(settings(tmp_path, smtp_server.port), db, WEEK, clock=at(MONDAY))
        assert delivery.action == "busy" and str(sleeper.pid) in delivery.note
        assert smtp_server.messages == []
    finally:
        sleeper.kill()
        sleeper.wait()


def test_stopping_while_waiting_to_retry_leaves_the_week_pending(tmp_path, db):
    config = settings(tmp_path, free_port())
    delivery = deliver_digest(config, db, WEEK, clock=at(MONDAY), wait=lambda seconds: True)
    record = get_digest(db, "2026-W48")
    assert delivery.action == "pending" and (record.state, record.pid, record.attempts) == ("pending", None, 1)
    assert db.execute("SELECT status FROM runs WHERE stage = 'digest'").fetchone()[0] == "interrupted"
