"""Why a request came to nothing: exceptions -> short reasons for the summary and the frontier.

    classify(exc) -> Outcome(reason, drop, permanent)

A drop is a refusal we chose (robots.txt, a safety rule, the size cap); an error is something that
went wrong (HTTP status, connection refused, timeout, DNS). A permanent outcome is not asked
again on later runs; the others are, up to the frontier's attempt limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as txerror

PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 410, 414, 451})


class Blocked(IgnoreRequest):
    """A request the crawler refused to make (safety rule, robots.txt, already fetched, caps)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Outcome:
    reason: str
    drop: bool
    permanent: bool


def classify(exc: BaseException) -> Outcome:
    if isinstance(exc, Blocked):
        return Outcome(exc.reason, True, exc.reason not in ("robots-unavailable", "already-fetched"))
    if isinstance(exc, HttpError):
        status = exc.response.status
        return Outcome(f"http-{status}", False, status in PERMANENT_STATUSES)
    if isinstance(exc, IgnoreRequest):
        if "DOWNLOAD_MAXSIZE" in str(exc):
            return Outcome("too-large", True, True)
        return Outcome("ignored", True, False)
    if isinstance(exc, DownloadCancelledError):
        return Outcome("too-large", True, True)
    if isinstance(exc, (DownloadConnectionRefusedError, txerror.ConnectionRefusedError)):
        return Outcome("connection-refused", False, False)
    if isinstance(exc, (CannotResolveHostError, txerror.DNSLookupError)):
        return Outcome("dns-error", False, False)
    if isinstance(exc, (DownloadTimeoutError, txerror.TimeoutError, TimeoutError)):
        return Outcome("timeout", False, False)
    if isinstance(exc, ResponseDataLossError):
        return Outcome("data-loss", False, False)
    if isinstance(exc, (txerror.ConnectError, txerror.ConnectionLost, ConnectionError)):
        return Outcome("connection-error", False, False)
    return Outcome(type(exc).__name__, False, False)
