"""A pulled page stops at 512 KB of JSON (``MAX_PAGE_BYTES``, what a 2G link's page budget rests on), but
the server counted characters: a page of Chinese notes came to 1.4 MB. It now counts UTF-8 bytes.
Real uvicorn on loopback, a real PC pushing, a second PC of the village pulling."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.server_harness import running_server
from tests.integration.test_sync_roundtrip import register
from villagedesk.domain.lifecycle import EventType
from villagedesk.server.app import ServerConfig
from villagedesk.server.quota import QuotaConfig
from villagedesk.services import actions
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto

VILLAGE = "419001100201"
NOTE = "群众反映村道𠮷损" * 250  # 2,000 characters, ~6,000 bytes of UTF-8


def test_a_page_of_chinese_notes_stays_within_its_bytes(tmp_path: Path, make_desk) -> None:
    with running_server("sqlite", tmp_path, ServerConfig(push_quota=QuotaConfig(False))) as srv:
        writer, reader = make_desk("a"), make_desk("b")
        engine.enroll(writer, srv.url, srv.code(VILLAGE, "agent", "a"))
        engine.enroll(reader, srv.url, srv.code(VILLAGE, "agent", "b"))
        case_id = register(writer, "王𠮷", "419001198001010014")
        for _ in range(120):  # ~720 KB of UTF-8, ~240 K characters: one page by characters, two by bytes
            actions.perform(writer, case_id, EventType.NOTE_ADDED, {"text": NOTE})
        eng = engine.SyncEngine(writer)
        try:
            assert eng.run().ok
        finally:
            eng.close()
        sizes: list[int] = []
        eng = engine.SyncEngine(reader)
        try:
            body: dict = {"v": 1, "push": [], "cur": {}, "lim": 5000}
            for _ in range(10):
                page = eng.transport.post("/api/v1/sync", body).data
                sizes.append(len(json.dumps(page.get("pull", []), ensure_ascii=False).encode()))
                if not page.get("more"):
                    break
                body["cur"] = page["cur"]
        finally:
            eng.close()
        assert len(sizes) >= 2, sizes  # the notes did not fit one page
        assert max(sizes) <= proto.MAX_PAGE_BYTES + 64 * 1024, sizes
