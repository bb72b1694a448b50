"""An OS lock on a file, so that server processes sharing one blob folder (``serve --workers N`` on
PostgreSQL, or ``villagedesk-server import-bundle`` beside a running server) never write the same
partial upload at once. The in-process ``asyncio.Lock`` only orders the coroutines of one process.

``flock`` on POSIX, ``msvcrt.locking`` on Windows; the lock dies with its process (a crashed server
leaves no stale lock). Never blocks a thread inside the OS: acquiring polls until a deadline, so the
event loop and a timeout both keep working.

On POSIX the holder deletes the lock file before unlocking; a waiter that locked a file meanwhile
deleted sees that its file is no longer the one at the path and tries again. On Windows an open file
cannot be deleted, so lock files stay (empty, one per upload that ever ran).
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

POLL_S = 0.02


class _PosixCalls:
    """``flock`` on the whole file; the holder deletes the file before unlocking (see the docstring)."""

    deletes_on_release = True

    def __init__(self) -> None:
        import fcntl

        self._fcntl = fcntl

    def lock(self, fd: int) -> None:
        self._fcntl.flock(fd, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)  # BlockingIOError when another holds it

    def unlock(self, fd: int) -> None:
        self._fcntl.flock(fd, self._fcntl.LOCK_UN)


class _WindowsCalls:
    """``msvcrt.locking`` of byte 0; lock files stay (Windows cannot delete an open file). The module is
    passed in so that a test can run this branch on another OS with only the OS call replaced."""

    deletes_on_release = False

    def __init__(self, msvcrt) -> None:
        self._msvcrt = msvcrt

    def lock(self, fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        self._msvcrt.locking(fd, self._msvcrt.LK_NBLCK, 1)  # OSError when another handle holds it

    def unlock(self, fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        self._msvcrt.locking(fd, self._msvcrt.LK_UNLCK, 1)


def _os_calls() -> _PosixCalls | _WindowsCalls:
    if os.name == "nt":  # pragma: no cover - exercised on Windows (and by tests with msvcrt replaced)
        import msvcrt

        return _WindowsCalls(msvcrt)
    return _PosixCalls()


OS_CALLS = _os_calls()


class FileLock:
    """One holder at a time across processes (and across threads of one process: each holder opens
    its own file). Not re-entrant."""

    def __init__(self, path: Path, calls: _PosixCalls | _WindowsCalls | None = None) -> None:
        self.path = path
        self._calls = calls or OS_CALLS
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if it is free now; False when another holder has it."""
        if self._fd is not None:
            raise RuntimeError("lock already held by this object")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            self._calls.lock(fd)
        except OSError:
            os.close(fd)
            return False
        if self._calls.deletes_on_release and not _same_file(fd, self.path):
            os.close(fd)  # the previous holder deleted it after we opened it: the lock lives on a new file
            return False
        self._fd = fd
        return True

    def acquire(self, timeout: float) -> bool:
        """Poll until the lock is ours or ``timeout`` seconds have passed (threads, the CLI)."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)
        return True

    async def acquire_async(self, timeout: float) -> bool:
        """As ``acquire``, yielding to the event loop between tries."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(POLL_S)
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if self._calls.deletes_on_release:
                self.path.unlink(missing_ok=True)  # while still held: see the module docstring
            self._calls.unlock(fd)
        finally:
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_ino, mine.st_dev) == (now.st_ino, now.st_dev)
