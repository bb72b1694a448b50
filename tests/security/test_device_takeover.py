"""Issue 12, hostile tester's item 1: an enrollment naming another device's id (``dev``) takes its place
only when that device is revoked, of the code's own village and role, and not replaced already."""

from __future__ import annotations

import re

from tests.security.harness import VA, VB, Raw, Resp, Server, server_cli

CJK = re.compile(r"[\u4e00-\u9fff]")


def _enroll(server: Server, code: str, dev: str | None = None, source: str = "127.0.0.1") -> Resp:
    body: dict = {"v": 1, "code": code}
    if dev is not None:
        body["dev"] = dev
    return Raw(server.url, source=source).post_json("/api/v1/enroll", body, gz=False)


def _refused(resp: Resp) -> None:
    assert resp.status == 403, (resp.status, resp.body[:300])
    body = resp.json()
    assert body["error"] == "device_taken", body
    assert CJK.search(body["message"]), body


def test_an_enrollment_takes_a_device_id_only_from_a_revoked_pc_of_its_village_once(fresh_server: Server) -> None:
    honest = _enroll(fresh_server, fresh_server.code(VA, "agent", "李娜")).json()
    foreign = _enroll(fresh_server, fresh_server.code(VB, "agent", "刘洋")).json()

    # a live PC's id, and another village's: refused, and the code is not spent by the refusal
    code = fresh_server.code(VA, "agent", "other-vendor")
    _refused(_enroll(fresh_server, code, honest["dev"], source="127.0.0.2"))
    other = fresh_server.code(VA, "agent", "other-vendor")
    _refused(_enroll(fresh_server, other, foreign["dev"], source="127.0.0.3"))
    upper = honest["dev"].upper().replace("-", "")  # any spelling of the id names the same device
    _refused(_enroll(fresh_server, other, upper, source="127.0.0.4"))

    # a revoked PC of another role is not this code's either
    clerk = _enroll(fresh_server, fresh_server.code("419001100000", "clerk", "王镇")).json()
    assert server_cli(fresh_server.data, fresh_server.db, "revoke", clerk["dev"]).returncode == 0
    _refused(_enroll(fresh_server, other, clerk["dev"], source="127.0.0.5"))

    # once the town revokes the honest PC, the PC enrolled again in its place is its successor: once
    assert server_cli(fresh_server.data, fresh_server.db, "revoke", honest["dev"]).returncode == 0
    again = _enroll(fresh_server, fresh_server.code(VA, "agent", "李娜"), honest["dev"], source="127.0.0.6")
    assert again.status == 200, again.body[:300]
    assert again.json()["dev"] != honest["dev"]
    _refused(_enroll(fresh_server, other, honest["dev"], source="127.0.0.7"))

    # the refused code still enrolls a device of its own
    fresh = _enroll(fresh_server, code, source="127.0.0.8")
    assert fresh.status == 200, fresh.body[:300]
