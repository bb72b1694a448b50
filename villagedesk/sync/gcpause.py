"""The cyclic garbage collector held off while one pulled page is applied.

Applying a page of up to 5,000 events allocates tens of thousands of short-lived containers (events,
payload dicts, rows, projections) that are freed by reference counting; almost none form cycles. Each
700 allocations still start a young collection, and the survivors promote into the old generations, so a
page triggered several full collections that walked the whole heap (SQLAlchemy, the catalog, under the
GUI also Qt's wrappers). The pause is bounded by one page and one transaction; what it leaves is
collected as soon as it ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses open in any thread: the collector is process-wide
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the collector off for the block (nested and concurrent pauses share one)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
