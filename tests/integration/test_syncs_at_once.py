"""One device opening many sync connections at once (each pulling megabytes) made every other device's
sync take seconds. Past a few requests in flight a device is answered 429 ``busy`` before its body is
read, and our own client treats that as "try again shortly", not as a spent push quota. Real uvicorn."""

from __future__ import annotations

import http.client
import json
import threading
import time
from pathlib import Path

from tests.integration.server_harness import running_server
from tests.integration.test_sync_roundtrip import register
from villagedesk.server.app import ServerConfig
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto

VILLAGE_A = "419001100201"
VILLAGE_B = "419001100202"


def test_a_device_past_its_syncs_at_once_is_told_busy_and_others_still_sync(tmp_path: Path, make_desk) -> None:
    with running_server("sqlite", tmp_path, ServerConfig(syncs_at_once=1)) as srv:
        hostile, honest = make_desk("a"), make_desk("b")
        engine.enroll(hostile, srv.url, srv.code(VILLAGE_A, "agent", "a"))
        engine.enroll(honest, srv.url, srv.code(VILLAGE_B, "agent", "b"))
        token = engine.server_config(hostile).token
        register(hostile, "王𠮷", "419001198001010014")  # one event in the outbox: the busy answer comes to a push
        # one request of the hostile device held open: its body is announced but never finished
        held = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
        held.putrequest("POST", "/api/v1/sync")
        for k, v in {proto.PROTOCOL_HEADER: "1", "Authorization": f"Bearer {token}",
                     "Content-Type": "application/json", "Content-Length": "1000"}.items():  # fmt: skip
            held.putheader(k, v)
        held.endheaders(b'{"v":1,')
        try:
            statuses: list[tuple[int, dict]] = []

            def another() -> None:
                conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=20)
                body = json.dumps({"v": 1, "push": [], "cur": {}, "lim": 10}).encode()
                headers = {proto.PROTOCOL_HEADER: "1", "Authorization": f"Bearer {token}"}
                conn.request("POST", "/api/v1/sync", body=body, headers={**headers, "Content-Type": "application/json"})
                resp = conn.getresponse()
                statuses.append((resp.status, json.loads(resp.read()), resp.getheader("Retry-After")))
                conn.close()

            threads = [threading.Thread(target=another) for _ in range(5)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(20)
            assert [s for s, _, _ in statuses] == [429] * 5, statuses
            assert all(doc["error"] == "busy" and "同步正在进行" in doc["message"] and ra for _, doc, ra in statuses)
            eng = engine.SyncEngine(honest)  # another device is not affected
            try:
                assert eng.run().ok
            finally:
                eng.close()
            eng = engine.SyncEngine(hostile)  # our own client, told busy: retry shortly, no push hold
            try:
                r = eng.run()
            finally:
                eng.close()
            assert not r.ok and r.retryable and 1 <= r.retry_after <= 10, r
        finally:
            held.close()
        # the held request gone, the next sync pushes at once: "busy" left no push hold behind
        for _ in range(50):
            eng = engine.SyncEngine(hostile)
            try:
                r = eng.run()
            finally:
                eng.close()
            if r.ok:
                break
            time.sleep(0.1)
        assert r.ok and r.pushed == 1, r
