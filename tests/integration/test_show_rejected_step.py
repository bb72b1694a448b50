"""A step the server refused is shown as refused, with the server's reason, never as 「待同步」.

Found in the city walk: the city's 退回补正 was rejected at sync (a material off the checklist), and
``villagedesk show`` still printed 「待同步」 beside it on the city's PC, for good: nothing said the town and
the village would never see it (the case page's timeline said 「(待同步)」 too). The refusal is recorded as
the sync engine records it (``pushpath.write_acks``, the push reply's path). Fails on the old code: the
step said 待同步 and the reason was nowhere in ``show``.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_case_loop import register
from tests.integration.test_case_actions_cli import run
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import queries
from villagedesk.sync.pushpath import write_acks

REASON = "材料「收入证明」不在该事项的材料清单中 [payload]"


def test_show_names_the_refusal_and_keeps_waiting_for_the_rest(desk, profile: Path, capsys) -> None:
    cid = register(desk, "JY010", "王五", "419001197503030037")
    case_no = queries.rows_by_ids(desk, [cid])[0].case_no
    assert run(capsys, profile, "act", case_no, "submitted")[0] == 0
    with desk.store.write() as s:
        submitted = next(e for e in st.case_events(s, cid) if e.type is EventType.SUBMITTED)
        write_acks(s, [], [(REASON, submitted.id)])

    steps = {t.type: t for t in queries.detail(desk, case_no).timeline}
    assert steps["submitted"].rejected == REASON and not steps["submitted"].synced
    assert steps["case_registered"].rejected == ""  # still only waiting

    code, out, _ = run(capsys, profile, "show", case_no)
    lines = {line.split("]")[1].split()[0]: line for line in out.splitlines() if "] " in line}
    assert code == 0 and "被服务器拒收: " + REASON in lines["报送镇中心"], out
    assert "待同步" not in lines["报送镇中心"]
    assert "待同步" in lines["代办登记"]
