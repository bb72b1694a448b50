"""The server's start-up heap is frozen out of full collections while the app runs, and thawed after."""

from __future__ import annotations

import asyncio
import gc
from pathlib import Path

from villagedesk.server.app import create_app
from villagedesk.server.db import Database


def test_app_lifespan_freezes_the_startup_heap_and_thaws_it(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'server.db'}")
    app = create_app(db)
    seen: list[int] = []

    async def run() -> None:
        async with app.router.lifespan_context(app):
            seen.append(gc.get_freeze_count())

    try:
        gc.unfreeze()
        asyncio.run(run())
    finally:
        db.dispose()
    assert seen[0] > 10_000  # FastAPI, SQLAlchemy and the domain: every module object of the process
    assert gc.get_freeze_count() == 0
