"""The case page's 办理过程 marks a step the server refused as 「(被服务器拒收)」, not 「(待同步)」.

Found in the city walk (a rejected 退回补正 looked as if it would still reach the town). The refusal is
recorded as the sync engine records a push reply's rejection (``pushpath.write_acks``). Fails on the old
code: the refused step's label ended in 「(待同步)」.
"""

from __future__ import annotations

from tests.gui.conftest import settle
from tests.gui.test_case_actions import _act, _new_case, _open
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.sync.pushpath import write_acks


def test_a_refused_step_says_so_on_the_case_page(qtbot, window) -> None:
    case_id = _new_case(window)
    assert _act(qtbot, window, case_id, EventType.NOTE_ADDED, {"text": "群众下午再来"}) == "awaiting_materials"
    with window.desk.store.write() as s:
        note = next(e for e in st.case_events(s, case_id) if e.type is EventType.NOTE_ADDED)
        write_acks(s, [], [("内容不合规 [payload]", note.id)])
    window.open_case(case_id)  # read the case again, as a sync's refresh does
    settle(qtbot, window)
    page = _open(qtbot, window, case_id)
    labels = [page.timeline.item(r, 1).text() for r in range(page.timeline.rowCount())]
    note_label = next(x for x in labels if x.startswith("备注"))
    assert "(被服务器拒收)" in note_label and "(待同步)" not in note_label
    assert "(待同步)" in labels[0]  # the registration is only waiting
    assert "被服务器拒收" in page.sync_label.text()
