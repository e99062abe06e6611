"""The digest as an email: multipart/alternative, plain text first, then HTML. Pure.

    new_message_id(week, sender, token) -> "<interopwatch.digest.2026-W48.<token>@example.org>"
    build_message(digest, html, text, sender, recipients, message_id, date) -> EmailMessage
    message_bytes(message) -> bytes   # CRLF line ends, as SMTP wants them

The Message-ID is made once per week (the token is random) and kept in the `digests` row, so every
attempt at sending a week carries the same one; `digest --force` makes a new one on purpose.
"""

from __future__ import annotations

import email.policy
import secrets
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from pipeline.digest.build import Digest


def new_token() -> str:
    return secrets.token_hex(6)


def new_message_id(week: object, sender: str, token: str) -> str:
    domain = sender.rpartition("@")[2].strip("<> ") or "localhost"
    return f"<interopwatch.digest.{week}.{token}@{domain}>"


def build_message(digest: Digest, html: str, text: str, sender: str, recipients: list[str] | tuple[str, ...],
                  message_id: str, date: datetime) -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = ", ".join(recipients) if recipients else "undisclosed-recipients:;"
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message["X-Interopwatch-Week"] = digest.week_id
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def message_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=email.policy.SMTP)
