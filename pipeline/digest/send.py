"""Sending a week's digest by SMTP exactly once, with retries and backoff.

    send_with_retries(db, week, pid, data, recipients, settings, retries, backoff, clock, wait) -> SendResult

The protocol. The `digests` row of the week is owned by this process (state 'sending', its pid;
see pipeline.store.digests.take_digest) and its `phase` is committed *before* each step that
matters, using smtplib's separate steps:

    phase 'built'     connect, EHLO, STARTTLS / SSL, LOGIN       nothing transmitted
    phase 'envelope'  MAIL FROM, RCPT TO accepted; DATA next       the body has not been sent
    phase 'data'      DATA answered 354; the body and its final "." are transmitted, the reply awaited
    state 'sent'      the server answered 250 (phase 'accepted')

What a restart does with a row a dead process left in state 'sending' (take_digest):

    phase 'built' or 'envelope'  the server cannot have the message: it is sent (same Message-ID)
    phase 'data'                 the server may have accepted it: it is NOT sent again; the row
                                 becomes 'unconfirmed' with a note (digest --force re-sends)
    pending / failed             never delivered: sent (same Message-ID)
    sent / written / unconfirmed / skipped   done; only --force sends again (new Message-ID)

So a crash between the server's 250 and the row saying 'sent' never produces a second email. The
price is the narrow window after the body began to go out: a crash there is reported as
unconfirmed rather than risking a duplicate.

Within one run: a connection failure, a 4xx reply, or a body that could not be fully written
(the final "." never reached the server) is retried after `backoff * 2**n` seconds, up to
`retries` more times, each attempt counted in `attempts` with `last_error`; a 5xx reply (or bad
credentials, or a server without STARTTLS when it is required) fails at once. A lost connection
while waiting for the reply to the body is not retried: the row becomes 'unconfirmed'. When the
retries run out the row becomes 'failed' and MailError is raised: never dropped silently; the
daemon tries a failed week again at its next due check (within schedule.digest_grace_hours).

Test hook: with INTEROPWATCH_TEST_KILL_AT=<point> in the environment, the process SIGKILLs
itself at that point, to test what a restart does. Points: `before-data` (phase 'envelope'
committed, DATA not yet sent), `mid-data` (phase 'data' committed, body not yet sent),
`after-data` (the server answered 250, the row does not say 'sent' yet).
"""

from __future__ import annotations

import logging
import os
import re
import signal
import smtplib
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Callable

import sqlite_utils

from pipeline.clock import Clock, iso
from pipeline.config import Config
from pipeline.errors import MailError
from pipeline.store import begin_attempt, mark_sent, mark_unconfirmed, note_attempt_error, release_digest, set_phase

log = logging.getLogger(__name__)
KILL_HOOK_ENV = "INTEROPWATCH_TEST_KILL_AT"
KILL_POINTS = ("before-data", "mid-data", "after-data")

Wait = Callable[[float], bool]  # sleep this long; True if asked to stop meanwhile


def sleep_wait(seconds: float) -> bool:
    time.sleep(seconds)
    return False


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: str  # none | starttls | ssl
    user: str
    password: str | None
    timeout: float
    sender: str

    @classmethod
    def from_config(cls, config: Config) -> "SmtpSettings":
        d = config.digest
        return cls(d.smtp_host, d.smtp_port, d.smtp_tls, d.smtp_user, config.smtp_password, d.smtp_timeout, d.sender)


@dataclass(frozen=True)
class SendResult:
    state: str  # sent | unconfirmed | pending (stopped while waiting to retry)
    attempts: int
    refused: tuple[str, ...] = ()  # recipients the server refused (the others got it)
    error: str | None = None


class Transient(Exception):
    """Nothing was delivered and trying again may work."""


class Permanent(Exception):
    """Nothing was delivered and trying again will not help."""


class Uncertain(Exception):
    """The body was transmitted but the server's answer was lost: it may have been delivered."""


def _kill_hook(point: str) -> None:
    if os.environ.get(KILL_HOOK_ENV) == point:
        log.warning("test hook %s=%s: killing this process", KILL_HOOK_ENV, point)
        os.kill(os.getpid(), signal.SIGKILL)


def _describe(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"


def _classify_reply(what: str, code: int, reply: bytes | str) -> Exception:
    message = f"{what}: {_describe(code, reply)}"
    return Transient(message) if 400 <= code < 500 else Permanent(message)


def _dot_stuffed(data: bytes) -> bytes:
    """The DATA payload: CRLF line ends, leading dots doubled, ending in CRLF . CRLF (RFC 5321 4.5.2)."""
    data = re.sub(rb"(?:\r\n|\n|\r(?!\n))", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        smtp.ehlo()
        if settings.tls == "starttls":
            if not smtp.has_extn("starttls"):
                raise Permanent(f"{settings.host}:{settings.port} does not offer STARTTLS (digest.smtp_tls = "
                                f"starttls); use ssl, or none only on a trusted network")
            smtp.starttls(context=context)
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def transmit(settings: SmtpSettings, recipients: tuple[str, ...], data: bytes,
             on_phase: Callable[[str], None]) -> tuple[str, ...]:
    """One SMTP transaction; returns the recipients refused (others accepted). Raises Transient,
    Permanent or Uncertain. `on_phase('envelope' | 'data')` runs (and must commit) before each step."""
    try:
        smtp = _connect(settings)
    except (Permanent, Transient):
        raise
    except smtplib.SMTPAuthenticationError as e:
        raise Permanent(f"login as {settings.user!r} refused: {_describe(e.smtp_code, e.smtp_error)}") from e
    except smtplib.SMTPResponseException as e:
        raise _classify_reply("connecting", e.smtp_code, e.smtp_error) from e
    except ssl.SSLCertVerificationError as e:
        raise Permanent(f"TLS certificate of {settings.host} not trusted: {e.verify_message}") from e
    except (OSError, smtplib.SMTPException) as e:
        raise Transient(f"cannot reach {settings.host}:{settings.port}: {e or type(e).__name__}") from e
    try:
        try:
            code, reply = smtp.mail(settings.sender)
            if code != 250:
                raise _classify_reply(f"MAIL FROM {settings.sender}", code, reply)
            refused: dict[str, tuple[int, bytes]] = {}
            for rcpt in recipients:
                code, reply = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = (code, reply)
            if len(refused) == len(recipients):
                transient = any(400 <= code < 500 for code, _ in refused.values())
                detail = "; ".join(f"{r}: {_describe(*v)}" for r, v in refused.items())
                raise (Transient if transient else Permanent)(f"every recipient refused: {detail}")
            on_phase("envelope")
            _kill_hook("before-data")
            code, reply = smtp.docmd("DATA")
            if code != 354:
                raise _classify_reply("DATA", code, reply)
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            raise Transient(f"connection lost before the message was sent: {e or type(e).__name__}") from e
        on_phase("data")
        _kill_hook("mid-data")
        try:
            smtp.send(_dot_stuffed(data))
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            # sendall() failed, so the final "." never fully left: the server cannot have accepted it.
            raise Transient(f"connection lost while sending the message body: {e or type(e).__name__}") from e
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError, socket.timeout) as e:
            raise Uncertain(f"the message was transmitted but the server's answer was lost: "
                            f"{e or type(e).__name__}") from e
        if code != 250:
            raise _classify_reply("message", code, reply)
        _kill_hook("after-data")
        for r, v in refused.items():
            log.warning("digest: %s refused by the server: %s", r, _describe(*v))
        return tuple(refused)
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def send_with_retries(db: sqlite_utils.Database, week: str, pid: int, data: bytes, recipients: tuple[str, ...],
                      settings: SmtpSettings, retries: int, backoff: float, clock: Clock,
                      wait: Wait = sleep_wait) -> SendResult:
    """Send the message of `week` (whose digests row this process owns) following the protocol above."""
    attempts = 0
    for attempt in range(retries + 1):
        begin_attempt(db, week, pid, iso(clock()))
        attempts += 1
        try:
            refused = transmit(settings, recipients, data, lambda phase: set_phase(db, week, pid, phase, iso(clock())))
        except Uncertain as e:
            note = f"delivery unconfirmed: {e}; not sent again automatically (--force re-sends)"
            mark_unconfirmed(db, week, pid, iso(clock()), note)
            log.error("digest %s: %s", week, note)
            return SendResult("unconfirmed", attempts, error=note)
        except Permanent as e:
            error = f"attempt {attempts}: {e}"
            release_digest(db, week, pid, iso(clock()), "failed", error)
            raise MailError(f"digest {week} not sent: {e} (recorded in the digests table)") from e
        except Transient as e:
            error = f"attempt {attempts}: {e}"
            note_attempt_error(db, week, pid, error, iso(clock()))
            if attempt == retries:
                release_digest(db, week, pid, iso(clock()), "failed", error)
                raise MailError(f"digest {week} not sent after {attempts} attempt(s): {e} "
                                f"(recorded in the digests table; sent again at the next try)") from e
            delay = backoff * (2 ** attempt)
            log.warning("digest %s: %s; trying again in %.3g s", week, error, delay)
            if wait(delay):
                release_digest(db, week, pid, iso(clock()), "pending", error)
                log.warning("digest %s: stop requested while waiting to retry; left pending", week)
                return SendResult("pending", attempts, error=error)
        else:
            note = f"refused by the server: {', '.join(refused)}" if refused else None
            mark_sent(db, week, pid, iso(clock()), [r for r in recipients if r not in refused], note)
            return SendResult("sent", attempts, refused)
    raise AssertionError("unreachable")
