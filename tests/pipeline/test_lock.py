"""The daemon lock: one holder per database; the refusal names the holder; a killed holder frees it."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.errors import LockHeld
from pipeline.lock import DaemonLock, read_holder

HOLD = """
import sys, time
from pipeline.lock import DaemonLock
lock = DaemonLock(sys.argv[1])
lock.acquire("2026-11-25T09:00:00Z")
print("held", flush=True)
time.sleep(60)
"""


def test_the_lock_file_sits_next_to_the_database(tmp_path):
    assert DaemonLock.for_database(tmp_path / "store.db").path == tmp_path / "store.db.daemon.lock"


def test_a_second_holder_is_refused_with_the_pid_and_start_time(tmp_path):
    first = DaemonLock(tmp_path / "x.lock")
    first.acquire("2026-11-25T09:00:00Z")
    try:
        with pytest.raises(LockHeld) as refused:
            DaemonLock(tmp_path / "x.lock").acquire("2026-11-25T09:05:00Z")
        assert f"process {os.getpid()}" in str(refused.value)
        assert "started 2026-11-25T09:00:00Z" in str(refused.value) and "kill -TERM" in str(refused.value)
        assert read_holder(tmp_path / "x.lock")["pid"] == os.getpid()
    finally:
        first.release()
    second = DaemonLock(tmp_path / "x.lock")
    second.acquire("2026-11-25T09:10:00Z")  # free again once released
    second.release()
    assert read_holder(tmp_path / "x.lock") == {}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_holder_never_leaves_the_lock_stuck(tmp_path, how):
    path = tmp_path / "x.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld, match=rf"\(process {holder.pid}, started 2026-11-25T09:00:00Z;"):
            DaemonLock(path).acquire("now")
        holder.send_signal(how)
        holder.wait(timeout=10)
        assert json.loads(path.read_text())["pid"] == holder.pid  # stale content stays...
        lock = DaemonLock(path)
        lock.acquire("later")  # ...but the lock itself went with the process
        assert read_holder(path)["pid"] == os.getpid()
        lock.release()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def test_the_lock_is_not_inherited_by_child_processes(tmp_path):
    path = tmp_path / "x.lock"
    lock = DaemonLock(path)
    lock.acquire("now")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        lock.release()
        time.sleep(0.05)
        other = DaemonLock(path)
        other.acquire("later")  # the sleeping child does not keep it held
        other.release()
    finally:
        child.kill()
        child.wait()
