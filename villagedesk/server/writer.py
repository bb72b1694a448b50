"""Group commit: one writer thread stores the pushes of many devices in one transaction.

When a fleet of devices syncs at once, each push on its own would take the feed lock, run its handful
of statements and commit, one after another, while its thread competes for the interpreter with every
other request (the lock holder gets a fraction of the CPU, so the queue behind it grows). The writer
instead takes every push that is waiting, stores them all under one feed lock with one executemany
and commits once. Sequence numbers are still handed out under the feed lock in commit order
(docs/architecture.md, sync guarantee 4), and no device gets its acks before the commit that holds its events.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from concurrent.futures import Future, InvalidStateError

from villagedesk.server import feed
from villagedesk.server.db import Database

log = logging.getLogger(__name__)

MAX_GROUP_EVENTS = 20_000  # one transaction stays short enough that a big upload does not stall others


class GroupWriter:
    """Stores judged pushes; ``submit`` from any thread, ``push`` from the event loop."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._queue: queue.SimpleQueue[tuple[feed.Judged, Future] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.groups = 0  # transactions committed (for tests and the curious)

    def _ensure_started(self) -> None:
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="villagedesk-writer", daemon=True)
                    self._thread.start()

    def submit(self, batch: feed.Judged) -> Future:
        self._ensure_started()
        fut: Future = Future()
        self._queue.put((batch, fut))
        return fut

    async def push(self, batch: feed.Judged) -> feed.PushResult:
        """Store ``batch`` with whatever else is waiting; the result once it is committed."""
        if not batch.needs_write:
            return batch.result
        await asyncio.wrap_future(self.submit(batch))
        return batch.result

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)
            self._thread = None

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            events = len(first[0].good)
            stop = False
            while events < MAX_GROUP_EVENTS:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    stop = True
                    break
                group.append(job)
                events += len(job[0].good)
            try:
                self._commit(group)
            except Exception as exc:  # never let the writer die: every later push would wait forever
                log.exception("group commit failed")
                for _, fut in group:
                    _settle(fut, exc)
            if stop:
                return

    def _commit(self, group: list[tuple[feed.Judged, Future]]) -> None:
        try:
            with self.db.write() as s:
                feed.store(s, [b for b, _ in group])
        except Exception:
            if len(group) == 1:
                batch, fut = group[0]
                log.exception("push of %d events failed", len(batch.good))
                _reset(batch)
                _settle(fut, _failed())
                return
            # one bad push must not sink the others: store each on its own (fresh results)
            for job in group:
                _reset(job[0])
                self._commit([job])
            return
        self.groups += 1
        for batch, fut in group:
            batch.result.rej.sort()
            _settle(fut)


def _settle(fut: Future, exc: BaseException | None = None) -> None:
    """Complete a push's future; one whose request went away (the client hung up, the handler was
    cancelled) is cancelled already, and its events are stored all the same: a retry is a duplicate."""
    try:
        if exc is None:
            fut.set_result(None)
        else:
            fut.set_exception(exc)
    except InvalidStateError:
        pass


def _reset(batch: feed.Judged) -> None:
    """Undo what a rolled-back ``store`` wrote into the results (acks, duplicates, conflicts)."""
    r = batch.result
    r.ack = [0] * len(r.ack)
    r.dup.clear()
    r.accepted = 0
    del r.rej[batch.judged_rej :]  # what ``store`` added (conflicts, the judge's case verdicts)
    del batch.dead[batch.judged_dead :]
    for _, row in batch.good:
        row.pop("seq", None)


def _failed() -> RuntimeError:
    return RuntimeError("push could not be stored")
