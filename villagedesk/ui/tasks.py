"""The task runner: database work off the GUI thread, results back on it by signal.

Writes go to one dedicated thread (SQLite has one writer; serialising them here keeps the UI from ever
waiting on a lock), reads to a small pool, and network work (sync, enrollment) to its own one-thread pool
so a slow link never takes a reader or the writer away from the GUI. Each call opens its own Session
inside the service (the Desk's engine uses NullPool: one connection per session), so no Session ever
crosses threads.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from villagedesk.domain.errors import DomainError
from villagedesk.services import failures
from villagedesk.ui.error_words import refusal_text

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


def expected(err: BaseException) -> bool:
    """A refusal a person meets in ordinary use (a rule of the domain, a server that says no or is not
    there, an address typed wrong, a bundle refused), said to them in a sentence: no traceback in the log."""
    from villagedesk.sync import bundle, engine, transport

    user_errors = (DomainError, engine.NotEnrolled, transport.TransportError, transport.ServerRefused)
    return isinstance(err, (*user_errors, transport.AddressRefused, engine.BadCode, bundle.BundleError))


class _Relay(QObject):
    """Lives on the GUI thread; workers emit through it, Qt queues the call to the GUI thread."""

    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[..., Any], args: tuple, kwargs: dict, relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._fn, self._args, self._kwargs, self._relay = job_id, fn, args, kwargs, relay

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except Exception as err:  # handed to the GUI thread, which shows it
            name = getattr(self._fn, "__name__", "?")
            if expected(err):  # a refusal the person is told: its type, never its values nor a traceback
                log.info("background task %s refused: %s", name, type(err).__name__)
            elif isinstance(err, OSError):  # the disk or a folder: told in a sentence (failures.file_error)
                log.warning("background task %s: %s (errno %s)", name, type(err).__name__, err.errno)
            else:  # a fault of ours: the frames and types, without the messages (they hold values)
                log.error("background task %s failed:\n%s", name, failures.scrubbed_traceback(err))
            self._relay.failed.emit(self._id, err)
            return
        self._relay.finished.emit(self._id, result)


class TaskRunner(QObject):
    """``read(fn, ...)`` and ``write(fn, ...)`` run ``fn`` off the GUI thread and call back on it."""

    error = Signal(str)  # a failure nobody handled: the main window shows it
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, read_threads: int = 3) -> None:
        super().__init__(parent)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(read_threads)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # the one writer thread
        self._writes.setExpiryTimeout(-1)
        self._network = QThreadPool(self)
        self._network.setMaxThreadCount(1)  # one sync or enrollment at a time
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callback | None, Callback | None]] = {}

    def read(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        **kwargs: Any,
    ) -> int:
        return self._submit(self._reads, fn, args, kwargs, on_done, on_error)

    def write(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        **kwargs: Any,
    ) -> int:
        return self._submit(self._writes, fn, args, kwargs, on_done, on_error)

    def network(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callback | None = None,
        on_error: Callback | None = None,
        **kwargs: Any,
    ) -> int:
        """Talk to the town server off the GUI thread (the engine opens its own DB sessions there)."""
        return self._submit(self._network, fn, args, kwargs, on_done, on_error)

    def _submit(self, pool: QThreadPool, fn, args, kwargs, on_done, on_error) -> int:
        job_id = next(self._ids)
        was_idle = not self._pending
        self._pending[job_id] = (on_done, on_error)
        pool.start(_Job(job_id, fn, args, kwargs, self._relay))
        if was_idle:
            self.busy_changed.emit(True)
        return job_id

    def _finish(self, job_id: int) -> tuple[Callback | None, Callback | None]:
        callbacks = self._pending.pop(job_id, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        return callbacks

    def _on_finished(self, job_id: int, result: object) -> None:
        on_done, _ = self._finish(job_id)
        if on_done is not None:
            on_done(result)

    def _on_failed(self, job_id: int, err: object) -> None:
        _, on_error = self._finish(job_id)
        if on_error is not None:
            on_error(err)
        elif isinstance(err, DomainError):
            self.error.emit(refusal_text(err))
        else:
            self.error.emit(self.tr("操作失败, 详情已写入日志"))

    def idle(self) -> bool:
        return not self._pending

    def shutdown(self) -> None:
        """Let running jobs finish (a write is never cut off half-way)."""
        self._network.waitForDone()
        self._writes.waitForDone()
        self._reads.waitForDone()
