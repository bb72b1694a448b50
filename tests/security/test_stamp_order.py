"""An event stamped before its case's registration, or before an event it names, is refused (``clock``).

A ``note_added`` stamped 3 h before the registration of an honest case (no ``r``) was accepted, and every
PC then showed the case as 冲突, for good. An honest desk stamps each event after every event of its case
(tests/integration/test_stamp_order.py), so only a forged stamp is refused. Real server, raw HTTP, an honest
village PC driven through ``villagedesk``.
"""

from __future__ import annotations

import time
import uuid

from tests.security.harness import VA, Server, event, hlc
from tests.security.test_poison_payloads import token
from tests.security.test_registration_shapes import _base, _honest_agent, _push, _show

HOUR = 3_600_000


def test_events_stamped_before_their_case_or_what_they_name_are_refused(fresh_server: Server, tmp_path) -> None:
    atk = token(fresh_server, VA, "agent", "other-vendor")
    profile = _honest_agent(fresh_server, tmp_path)
    now = int(time.time() * 1000)
    reg = event(str(uuid.uuid4()), "case_registered", _base(), atk.user, atk.node, h=hlc(atk.node, now))

    def note(text: str, at: int | str, prev: list[str] | None = None) -> dict:
        stamp = at if isinstance(at, str) else hlc(atk.node, at)
        extra = {"r": prev} if prev else {}
        return event(reg["c"], "note_added", {"text": text}, atk.user, atk.node, h=stamp, **extra)

    first = note("正常备注", now + 2000, [reg["i"]])
    v = _push(fresh_server, atk, [reg, first])
    assert v.accepted(0) and v.accepted(1), v.rej
    forged = [
        note("早于登记三小时", now - 3 * HOUR),  # no ``r``: judged against the case as it stands
        note("早于登记", now - 1, [reg["i"]]),
        note("与登记同一时刻", reg["h"], [reg["i"]]),
        note("早于前序", now + 1000, [first["i"]]),
    ]
    after = note("之后", now + 3000, [first["i"]])
    v = _push(fresh_server, atk, [*forged, after])
    for i in range(len(forged)):
        assert v.rejected(i) and v.rej[i][0] == "clock", (i, v.rej.get(i))
    assert v.accepted(len(forged)), v.rej
    out = _show(profile, reg["p"]["case_no"]) if _sync(profile) else None
    assert out is not None and out[0] == 0, out
    assert "冲突" not in out[1], out[1]


def _sync(profile) -> bool:
    from tests.security.harness import cli

    done = cli(profile, "sync", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    return True
