"""The server process's start-up heap kept out of the garbage collector's full collections.

A server imports FastAPI, Starlette, SQLAlchemy, Alembic and the domain: several hundred thousand
objects that live as long as the process. Every full collection walked all of them, and a pushed batch
of a couple of thousand events (each a dict, an Event, a ledger entry) triggered several: on the push
benchmark the collector took about a third of the server's CPU per event. Frozen once the app has
started, they are no longer walked; what a request allocates is collected as before.
"""

from __future__ import annotations

import gc


def freeze_startup() -> None:
    """Collect what start-up left as garbage, then move every surviving object to the permanent
    generation (``gc.freeze``): full collections skip it."""
    gc.collect()
    gc.freeze()


def thaw() -> None:
    """Back to normal collection when the app stops (an in-process test server leaves nothing frozen)."""
    gc.unfreeze()
