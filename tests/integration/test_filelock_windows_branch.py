"""The Windows branch of server/filelock.py, run here with only the OS call replaced: ``msvcrt.locking``
is played by ``flock`` (both lock per open handle and fail at once with LK_NBLCK), everything else — the
seek to byte 0, lock files that stay, no inode check, the polling — is the code Windows runs. Before,
this branch had never run anywhere."""

from __future__ import annotations

import asyncio
import errno
import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT
from villagedesk.server.filelock import FileLock, _WindowsCalls

pytestmark = pytest.mark.skipif(os.name == "nt", reason="on Windows the real msvcrt runs in test_attachment_locks")

FAKE_MSVCRT = textwrap.dedent('''
    import errno, fcntl

    class FakeMsvcrt:
        """msvcrt's constants and locking(): one byte range per handle, EACCES when another handle has it."""
        LK_UNLCK, LK_LOCK, LK_NBLCK, LK_RLCK, LK_NBRLCK = 0, 1, 2, 3, 4

        def __init__(self):
            self.calls = []

        def locking(self, fd, mode, nbytes):
            self.calls.append((mode, nbytes))
            if mode == self.LK_NBLCK:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise PermissionError(errno.EACCES, "Permission denied") from None
            elif mode == self.LK_UNLCK:
                fcntl.flock(fd, fcntl.LOCK_UN)
            else:
                raise ValueError(mode)
''')
namespace: dict = {"errno": errno, "fcntl": fcntl}
exec(FAKE_MSVCRT, namespace)
FakeMsvcrt = namespace["FakeMsvcrt"]


def test_one_holder_at_a_time_and_the_lock_file_stays(tmp_path: Path) -> None:
    fake = FakeMsvcrt()
    path = tmp_path / "partial" / "x.lock"
    first, second = FileLock(path, _WindowsCalls(fake)), FileLock(path, _WindowsCalls(fake))
    assert first.try_acquire() and first.held
    assert not second.try_acquire() and not second.held
    assert not second.acquire(0.1)
    first.release()
    assert path.exists()  # Windows cannot delete an open file: lock files stay
    assert second.try_acquire()
    second.release()
    assert (fake.LK_NBLCK, 1) in fake.calls and (fake.LK_UNLCK, 1) in fake.calls


def test_async_acquire_waits_for_the_holder(tmp_path: Path) -> None:
    calls = _WindowsCalls(FakeMsvcrt())
    path = tmp_path / "y.lock"
    holder, waiter = FileLock(path, calls), FileLock(path, calls)
    assert holder.try_acquire()

    async def main() -> bool:
        loop = asyncio.get_running_loop()
        loop.call_later(0.1, holder.release)
        return await waiter.acquire_async(5)

    assert asyncio.run(main())
    waiter.release()


def test_another_process_holding_keeps_this_one_out(tmp_path: Path) -> None:
    path = tmp_path / "z.lock"
    child = FAKE_MSVCRT + textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from villagedesk.server.filelock import FileLock, _WindowsCalls
        lock = FileLock(Path({str(path)!r}), _WindowsCalls(FakeMsvcrt()))
        assert lock.acquire(10)
        print("held", flush=True)
        sys.stdin.readline()
        lock.release()
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", child], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        mine = FileLock(path, _WindowsCalls(FakeMsvcrt()))
        assert not mine.try_acquire()
        proc.communicate("\n", timeout=20)
        assert proc.returncode == 0
        assert mine.acquire(5) and path.exists()
        mine.release()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=20)
