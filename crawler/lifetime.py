"""A crawl dies with the process that started it.

The pipeline runs the crawler as a subprocess in its own session (so it can stop the crawler and
its parse workers together). If the pipeline itself is killed with SIGKILL, an orphaned crawler
would keep the frontier locked and race the next run; instead the kernel kills it (Linux
PR_SET_PDEATHSIG), or, elsewhere, a watcher thread notices the new parent and exits. Killing a
crawl at any moment is safe: the frontier and spool are written per response.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int, poll_seconds: float = 1.0) -> None:
    """Arrange for this process to end when `parent_pid` does; exit now if it already has."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        _start_watcher(parent_pid, poll_seconds)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _start_watcher(parent_pid: int, poll_seconds: float) -> None:
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watcher", daemon=True).start()
