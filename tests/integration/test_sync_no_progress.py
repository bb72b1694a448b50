"""No server answer makes a sync run loop (issue #13, office findings: the old PC's sync after its backup
was restored on a new PC ran ~11 requests a second for ever, ``MAX_ROUNDS`` being 100,000).

A 'server' on loopback answers every round the same: a page that says ``more`` but moves nothing, or
counts this PC can never reach. The run ends after a few rounds with one Chinese sentence. (It answers
normally after 50 rounds, so the old code ends too, and fails the assertions, instead of hanging.)"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tests.integration.test_sync_roundtrip import VILLAGE_A
from villagedesk.sync import engine
from villagedesk.sync.transport import Transport

ENOUGH = 50

STUCK_REPLIES = {
    "more that moves nothing": {"more": True, "cur": {VILLAGE_A: 7}},
    "counts never met": {"cur": {VILLAGE_A: 7}, "cnt": {VILLAGE_A: 999}},
}


class _Stuck(BaseHTTPRequestHandler):
    reply: ClassVar[dict] = {}
    rounds: ClassVar[list] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.rounds.append(1)
        body = self.reply if len(self.rounds) <= ENOUGH else {"cur": {VILLAGE_A: 7}}
        raw = json.dumps({**body, "now": int(time.time() * 1000)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("name", list(STUCK_REPLIES))
def test_rounds_without_progress_end_the_sync_with_a_chinese_sentence(name: str, make_desk) -> None:
    desk = make_desk("village")
    handler = type("H", (_Stuck,), {"reply": STUCK_REPLIES[name], "rounds": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    transport = Transport(f"http://127.0.0.1:{httpd.server_address[1]}", "vd1.x")
    eng = engine.SyncEngine(desk, transport=transport, attachments=False)
    try:
        result = eng.run()
    finally:
        eng.close()
        transport.close()
        httpd.shutdown()
        httpd.server_close()
    assert not result.ok
    assert result.error == engine.NO_PROGRESS
    assert not result.retryable
    assert len(handler.rounds) <= 2 * engine.IDLE_ROUNDS  # (a round sent ahead included); 50+ before
    assert "同步没有进展" in result.summary()
