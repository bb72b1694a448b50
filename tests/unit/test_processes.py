"""tests/support/processes.py ends real child processes the way each OS allows (tests used to call
signal.SIGKILL, which Windows does not have)."""

from __future__ import annotations

import subprocess
import sys

from tests.support.processes import interrupt, interrupt_flags, kill_hard, was_killed_hard

SLEEPER = "import sys, time; print('up', flush=True); time.sleep(60)"
POLITE = """
import signal, sys, time
# Python leaves SIGINT ignored when it started ignored (a test run in a background job of a shell):
# the child under test takes Ctrl+C like a program started from a terminal.
signal.signal(signal.SIGINT, signal.default_int_handler)
try:
    print('up', flush=True)  # inside the try: the interrupt may come as soon as the parent reads this
    time.sleep(60)
except KeyboardInterrupt:
    print('interrupted', flush=True)
    sys.exit(0)
"""


def _start(code: str, **kwargs) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, **kwargs)
    assert proc.stdout is not None and proc.stdout.readline() == "up\n"
    return proc


def test_kill_hard_ends_the_child_at_once_and_is_recognised() -> None:
    proc = _start(SLEEPER)
    kill_hard(proc)
    proc.communicate(timeout=20)
    assert was_killed_hard(proc.returncode)


def test_a_normal_exit_is_not_taken_for_a_kill() -> None:
    done = subprocess.run([sys.executable, "-c", "pass"], timeout=20)
    assert not was_killed_hard(done.returncode) and not was_killed_hard(None)


def test_interrupt_is_ctrl_c_for_the_child() -> None:
    proc = _start(POLITE, **interrupt_flags())
    interrupt(proc)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0 and out == "interrupted\n"
