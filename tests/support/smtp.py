"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the digest tests, and a self-signed certificate.

    with SmtpServer() as smtp:           # plain SMTP on a free port
        smtp.port, smtp.messages         # every message received: Received(mail_from, rcpt_tos, data)
    SmtpServer(tls="starttls", cert=make_certificate(tmp_path))   # STARTTLS (and AUTH PLAIN/LOGIN)
    SmtpServer(tls="ssl", cert=...)      # implicit TLS
    SmtpServer(users={"ana": "secret"})  # AUTH required, checked against this table

A server can be created on a reserved port without starting (`start()` later): "SMTP down, then up".
Fixtures: `smtp_server` (started, plain), `trust_certificate` (a certificate the client trusts
through SSL_CERT_FILE).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


class Inbox:
    """The aiosmtpd handler: keeps what it receives; can answer DATA with a chosen reply."""

    def __init__(self) -> None:
        self.messages: list[Received] = []
        self.data_replies: list[str] = []  # replies to use (in order) before accepting
        self.refuse: set[str] = set()  # recipients answered 550
        self.delay = 0.0  # seconds between storing a message and answering 250 (a slow server)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content
                                                                                               or envelope.content)))
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, port: int | None = None, tls: str = "none", cert: tuple[Path, Path] | None = None,
                 users: dict[str, str] | None = None):
        self.port = port or free_port()
        self.inbox = Inbox()
        self.tls = tls
        self.cert = cert
        self.users = users
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[Received]:
        return self.inbox.messages

    def _context(self) -> ssl.SSLContext:
        assert self.cert, "TLS needs a certificate: make_certificate(tmp_path)"
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert[0]), str(self.cert[1]))
        return context

    def start(self) -> "SmtpServer":
        kwargs: dict = {}
        if self.tls == "starttls":
            kwargs.update(tls_context=self._context(), require_starttls=True)
        elif self.tls == "ssl":
            kwargs.update(ssl_context=self._context())
        if self.users is not None:
            users = self.users

            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = auth_data.login.decode() in users and users[auth_data.login.decode()] == auth_data.password.decode()
                return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

            kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=self.tls != "none")
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, server_hostname="localhost",
                                     **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1: (cert.pem, key.pem)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    folder.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def smtp_server():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def trust_certificate(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """A certificate the SMTP client trusts (SSL_CERT_FILE points at it for this test)."""
    cert = make_certificate(tmp_path / "tls")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert[0]))
    return cert
