"""A non-blocking OS lock on a file that says who holds it (pid, host, since).

Why an OS lock and not "the file exists": the lock dies with its process, so a crashed or killed
VillageDesk never leaves a stale lock that blocks the next start. ``flock`` on POSIX,
``msvcrt.locking`` on Windows.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    _FAR = 1 << 20  # lock a byte past the holder's text, so a second process can still read who holds it

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _FAR, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class Holder:
    pid: int | None
    host: str
    since: str

    def describe(self) -> str:
        return f"进程 {self.pid or '?'}, 计算机 {self.host or '?'}, 自 {self.since or '?'} 起"


class LockHeld(Exception):
    def __init__(self, holder: Holder) -> None:
        super().__init__(holder.describe())
        self.holder = holder


class FileLock:
    """Hold ``path`` exclusively until ``release`` (or process exit)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> FileLock:
        """Take the lock or raise ``LockHeld`` with what the holder wrote."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # owner-only, as the rest of the profile
        if not _try_lock(fd):
            holder = read_holder(self.path)
            os.close(fd)
            raise LockHeld(holder)
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().isoformat(timespec="seconds")}
        data = json.dumps(info).encode("utf-8")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> FileLock:
        return self if self._fd is not None else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def read_holder(path: Path) -> Holder:
    """What the current holder wrote; blank fields if it is still writing (or wrote nothing)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:  # a shared read works under flock
            data = json.loads(fh.read() or "{}")
    except (OSError, ValueError):
        data = {}
    pid = data.get("pid")
    return Holder(pid if isinstance(pid, int) else None, str(data.get("host", "")), str(data.get("since", "")))
