"""Automatic background sync: one run at a time on the runner's network pool, never on the GUI thread.

Schedule: after a failure the engine's RetryPolicy backs off on its own timer; a local write or the
server answering its health check again makes the next try immediate; after a success a periodic run
keeps the desk fresh. ``cancel()`` stops the run between batches — what was applied stays applied.

The sync client (``sync.engine``: transport, attachments, quarantine) is imported by the first job that
needs it, on a worker thread (``_state`` at start), never while the window is being built: the GUI
thread's start path stays without it (tests/gui/test_start_imports.py).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from villagedesk.services.desk import Desk
from villagedesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from villagedesk.sync import engine

PERIODIC_S = 300.0  # a quiet desk still pulls the town's changes every five minutes
PROBE_MS = 5_000  # while failing: how often to ask "is the server back?"


class SyncController(QObject):
    started = Signal()
    progress = Signal(object)  # engine.Progress, emitted from the network thread (queued to the GUI)
    finished = Signal(object)  # engine.SyncResult
    scheduled = Signal(float)  # seconds until the next automatic try; -1 = none planned
    enrolled_changed = Signal(bool)

    def __init__(
        self,
        desk: Desk,
        runner: TaskRunner,
        policy: engine.RetryPolicy | None = None,
        periodic_s: float = PERIODIC_S,
        probe_ms: int = PROBE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self._policy = policy
        self.periodic_s = periodic_s
        self.enrolled = False
        self.server_url = ""  # the enrolled server's address (设置 names it)
        self.running = False
        self.auto = True
        self.batch_bytes: int | None = None  # None: the engine sizes batches to the measured link
        self.next_at: float | None = None  # time.monotonic() of the next automatic try
        self.last: engine.SyncResult | None = None
        self._cancel: threading.Event | None = None
        self._again = False  # a local write arrived during a run: go again right after it
        self._probing = False
        self._stopped = False
        self._held = False  # 加密本机数据 is converting the DB: no run may start until it is released
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._due)
        self._probe = QTimer(self)
        self._probe.setInterval(probe_ms)
        self._probe.timeout.connect(self._probe_server)

    @property
    def policy(self) -> engine.RetryPolicy:
        """The retry policy, made on first use (the engine is imported then, not with the window)."""
        if self._policy is None:
            from villagedesk.sync import engine

            self._policy = engine.RetryPolicy()
        return self._policy

    @policy.setter
    def policy(self, policy: engine.RetryPolicy) -> None:
        self._policy = policy

    # --- public -----------------------------------------------------------------------------------

    def start(self) -> None:
        """Find out (off the GUI thread) whether this profile is enrolled; if so, sync right away."""
        self.runner.read(_state, self.desk, on_done=self._initial)

    def sync_now(self) -> bool:
        """Start a run now (the panel's button); False if one is already running or not enrolled."""
        if self.running or not self.enrolled or self._stopped or self._held:
            return False
        self._timer.stop()
        self.policy.wake()
        self.running = True
        self._again = False
        self._cancel = threading.Event()
        self.next_at = None
        self.scheduled.emit(-1.0)
        self.started.emit()
        from villagedesk.sync import engine

        self.runner.network(
            engine.run_once,
            self.desk,
            self.progress.emit,
            self._cancel,
            self.batch_bytes,
            on_done=self._done,
            on_error=self._crashed,
        )
        return True

    def cancel(self) -> None:
        """Stop after the batch in flight (its reply is applied in one transaction: nothing is lost)."""
        if self._cancel is not None:
            self._cancel.set()

    def local_write(self) -> None:
        """Something was saved locally: push it now rather than at the next scheduled try."""
        self.policy.wake()
        if self.running:
            self._again = True
        elif self.enrolled and self.auto:
            self._plan(0.0)

    def set_enrolled(self, enrolled: bool, server_url: str = "") -> None:
        if server_url:
            self.server_url = server_url
        if enrolled != self.enrolled:
            self.enrolled = enrolled
            self.enrolled_changed.emit(enrolled)
        if enrolled and self.auto and not self.running:
            self._plan(0.0)

    def enrolled_anew(self, server_url: str) -> None:
        """An enrollment just took (a first one, or again after the town revoked this PC): the last run's
        401 no longer holds, and whoever shows the enrollment hears of it even if it was on already."""
        self.last = None
        self.policy.wake()
        self.server_url = server_url
        self.enrolled = True
        self.enrolled_changed.emit(True)
        if self.auto and not self.running:
            self._plan(0.0)

    def hold(self) -> bool:
        """Keep every run from starting (a conversion replaces the DB file under the sync's feet); False,
        and nothing held, while a run is under way: the caller waits for it or says so."""
        if self.running:
            return False
        self._held = True
        self._timer.stop()
        self._probe.stop()
        self.next_at = None
        self.scheduled.emit(-1.0)
        return True

    def release(self) -> None:
        """Runs may start again (the conversion failed and the DB is still the one this window opened)."""
        self._held = False
        if self.enrolled and self.auto and not self._stopped:
            self._plan(0.0)

    def stop(self) -> None:
        """Window closing: cancel the run, plan nothing more."""
        self._stopped = True
        self.cancel()
        self._timer.stop()
        self._probe.stop()

    def seconds_to_next(self) -> float | None:
        return None if self.next_at is None else max(0.0, self.next_at - time.monotonic())

    # --- internals --------------------------------------------------------------------------------

    def _initial(self, state: tuple[bool, engine.SyncResult | None, str]) -> None:
        from villagedesk.ui import advice  # the engine is in by now: ``_state`` imported it off this thread

        enrolled, last, server_url = state
        last = advice.result_with_advice(last) if last is not None else None
        self.last = last
        if last is not None:
            self.finished.emit(last)  # the panel shows what really happened last time, not a guess
        self.set_enrolled(enrolled, server_url)

    def _plan(self, seconds: float) -> None:
        if self._stopped:
            return
        self.next_at = time.monotonic() + seconds
        self._timer.start(max(0, int(seconds * 1000)))
        self.scheduled.emit(seconds)

    def _due(self) -> None:
        self.next_at = None
        if self.auto:
            self.sync_now()

    def _done(self, result: engine.SyncResult) -> None:
        from villagedesk.ui import advice

        result = advice.result_with_advice(result)  # what to do, not the exception's class name
        self.running = False
        self._cancel = None
        self.last = result
        wait = self.policy.record(result)
        self.finished.emit(result)
        if self._stopped:
            return
        failing = not result.ok and not result.cancelled
        if failing and result.retryable:
            self._probe.start()
        else:
            self._probe.stop()
        if not self.auto:
            self.next_at = None
            self.scheduled.emit(-1.0)
        elif self._again and not failing:
            self._plan(0.0)
        elif result.cancelled:
            self._plan(self.periodic_s)
        else:
            self._plan(wait if failing else self.periodic_s)

    def _crashed(self, err: object) -> None:
        from villagedesk.sync import engine

        result = engine.SyncResult(error=f"同步出错: {type(err).__name__}", retryable=True)
        self._done(result)

    def _probe_server(self) -> None:
        if self.running or self._probing or self._stopped:
            return
        self._probing = True
        from villagedesk.sync import engine

        self.runner.network(engine.server_reachable, self.desk, on_done=self._probed, on_error=self._probed)

    def _probed(self, reachable: object) -> None:
        self._probing = False
        if reachable is True and not self.running and self.auto:
            self._probe.stop()
            self.policy.wake()
            self._plan(0.0)  # the server is back: do not wait out the backoff


def _state(desk: Desk) -> tuple[bool, engine.SyncResult | None, str]:
    """Enrolled or not, the last run, and the server's address ("" when not enrolled) for 设置."""
    from villagedesk.sync import engine  # on the worker thread: the first import of the sync client

    try:
        url = engine.server_config(desk).url
    except engine.NotEnrolled:
        return False, engine.last_result(desk), ""
    return True, engine.last_result(desk), url
