"""Whether a process still exists (for runs and digests left behind by a killed process)."""

from __future__ import annotations

import os


def process_alive(pid: int | None) -> bool:
    """True if `pid` names a live process (ours included); False for None or a finished one."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by someone else
        return True
    return True
