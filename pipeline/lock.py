"""The daemon lock: at most one daemon per database.

    lock = DaemonLock.for_database(db_path)   # <db>.daemon.lock, next to the database
    lock.acquire(now)                         # raises LockHeld naming the pid that holds it
    ...
    lock.release()

An flock(2) lock on the lock file. The kernel drops it when the holding process ends, however it
ends (kill -9 included), so a killed daemon never leaves the database locked. The file holds the
holder's pid, host and start time as JSON, only for the message a second daemon prints; stale
content left by a dead holder is overwritten by the next one. The descriptor is not inherited by
child processes (Python opens it close-on-exec), so the crawler subprocess never holds the lock.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path

from pipeline.errors import LockHeld

SUFFIX = ".daemon.lock"


class DaemonLock:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._fd: int | None = None

    @classmethod
    def for_database(cls, db_path: str | Path) -> "DaemonLock":
        db_path = Path(db_path)
        return cls(db_path.with_name(db_path.name + SUFFIX))

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, started_at: str) -> None:
        """Take the lock or raise LockHeld; `started_at` (ISO time) is written into the file."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = read_holder(self.path)
            os.close(fd)
            who = f"process {holder['pid']}" if holder.get("pid") else "another process"
            where = f" on {holder['host']}" if holder.get("host") and holder.get("host") != socket.gethostname() else ""
            since = f", started {holder['started_at']}" if holder.get("started_at") else ""
            raise LockHeld(f"another daemon already runs on this database ({who}{where}{since}; lock file {self.path}); "
                           f"stop it first: kill -TERM {holder.get('pid', '<pid>')}") from None
        except BaseException:
            os.close(fd)
            raise
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "started_at": started_at}).encode()
        os.ftruncate(fd, 0)
        os.pwrite(fd, info + b"\n", 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (the file stays; its content is stale once nobody holds the lock)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> "DaemonLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def read_holder(path: str | Path) -> dict:
    """What the lock file says about its holder ({} if empty or unreadable)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
