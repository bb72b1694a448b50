"""Ending a child process the right way on each OS, for tests that kill programs mid-work.

POSIX has SIGKILL (no handler runs, like a power cut); Windows has no signals for that: ``TerminateProcess``
(what ``Popen.kill`` calls there) is its equivalent, and ``SIGINT`` cannot be sent to a child at all —
its closest is CTRL_BREAK_EVENT to a process started in a new process group.
"""

from __future__ import annotations

import os
import signal
import subprocess

WINDOWS = os.name == "nt"


def kill_hard(proc: subprocess.Popen) -> None:
    """End ``proc`` at once, no shutdown code run: SIGKILL on POSIX, TerminateProcess on Windows."""
    if WINDOWS:  # pragma: no cover - Windows only
        proc.kill()
    else:
        proc.send_signal(signal.SIGKILL)


def was_killed_hard(returncode: int | None) -> bool:
    """Whether a process's exit status says it was ended by ``kill_hard`` (Windows' TerminateProcess
    from Popen.kill leaves exit code 1, POSIX reports the signal as a negative code)."""
    return returncode == 1 if WINDOWS else returncode == -signal.SIGKILL


def interrupt_flags() -> dict:
    """``Popen`` keyword arguments that let ``interrupt`` reach the child on Windows (its own process group)."""
    return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if WINDOWS else {}  # pragma: no branch


def interrupt(proc: subprocess.Popen) -> None:
    """Ctrl+C for a child: SIGINT on POSIX, CTRL_BREAK_EVENT on Windows (start it with ``interrupt_flags()``)."""
    proc.send_signal(signal.CTRL_BREAK_EVENT if WINDOWS else signal.SIGINT)  # type: ignore[attr-defined]
