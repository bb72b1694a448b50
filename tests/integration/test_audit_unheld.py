"""An event entry a device made up about its own PC links and verifies (the device computes the hashes),
but names an event the town does not hold: the clerk's ``villagedesk audit`` marks it 未采信 instead of
showing it like a genuine one, and a genuine event entry stays 已核验 (no mark)."""

from __future__ import annotations

import uuid

from tests.integration.test_audit_entries import TOWN, VILLAGE, _audit_cli, _case_no
from tests.integration.test_audit_tamper import _register, _sync
from villagedesk.db import audit_chain
from villagedesk.domain import audit_chain as ac
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto
from villagedesk.sync.audit_view import NOT_HELD
from villagedesk.sync.transport import Transport


def test_an_entry_naming_no_event_of_the_town_is_not_believed(enrolled, server, capsys) -> None:
    village = enrolled("village", VILLAGE)
    clerk = enrolled("clerk", TOWN, "clerk")
    case_no = _case_no(village, _register(village, "张三", "419001198001010014"))
    _sync(village)
    with village.store.read() as s:
        seq, head = audit_chain.last_entry(s)
    at, ref, content = "2026-12-01T08:00:00", str(uuid.uuid4()), "ab" * 32
    forged = ac.entry_hash(head, at, ac.KIND_EVENT, ref, content)  # consistent: it links and verifies
    cfg = engine.server_config(village)
    transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    try:
        aud = {"s": seq + 1, "h": forged, "ks": seq, "kh": head,
               "e": {"f": seq + 1, "p": head, "r": [[at, ac.KIND_EVENT, ref, content, forged]]}}  # fmt: skip
        reply = transport.post("/api/v1/sync", {"v": proto.PROTOCOL_VERSION, "cur": {VILLAGE: 0}, "aud": aud})
        assert reply.data["aud"]["es"] == seq + 1  # stored: the town cannot tell it from a genuine entry
    finally:
        transport.close()
    code, out, err = _audit_cli(clerk, capsys, "--device", "village")
    assert code == 0, err
    lines = out.splitlines()
    made_up = next(line for line in lines if f"village#{seq + 1} " in line)
    assert f"[未采信: {NOT_HELD}]" in made_up, made_up
    genuine = next(line for line in lines if "事件 代办登记" in line)
    assert case_no in genuine and "未采信" not in genuine, genuine
