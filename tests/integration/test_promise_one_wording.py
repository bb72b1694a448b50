"""Issue 18: the promise reads the same wherever people read it (domain.promise.promised_text).

``villagedesk show`` printed a 待补正 case's computed day ("2026-12-02") where the receipt says
材料补齐之日起计算, and a provisional day as "预计 2027-01-28" where the receipt says "预计 2027年1月28日";
the 交接单 printed the bare ISO day with no 预计 at all. Real profile, the real CLI in-process, the sheet
as the handover builds it."""

from __future__ import annotations

from datetime import date

from tests.flows import VALID_PAYLOAD, register
from tests.integration.test_people_fixes import run
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.promise import NOT_STARTED
from villagedesk.services import accounts, actions, handover, queries
from villagedesk.services.desk import Desk
from villagedesk.ui.printing import documents
from villagedesk.ui.printing.handover_pdf import document

D = date
NOTE = "以镇中心公布的节假日安排为准"


def _shown(capsys, monkeypatch, desk: Desk, case_no: str) -> str:
    code, out, err = run(capsys, monkeypatch, desk.paths.root, "show", case_no)
    assert code == 0, err
    return next(line for line in out.splitlines() if line.startswith("状态 ")).split("到期 ", 1)[1].strip()


def _receipt(desk: Desk, case_id: str) -> str:
    detail = queries.detail(desk, case_id, record_view=False)
    return documents.promise_line(documents.receipt_from(detail, documents.Office("示范村便民服务站", "")))


def test_show_the_receipt_and_the_handover_sheet_say_the_same_promise(profile, capsys, monkeypatch) -> None:
    desk = Desk.open(profile, today=D(2026, 12, 25))  # a due day in 2027, whose holidays are not known yet
    try:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
        accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, desk.identity.region_code)
        accounts.authenticate(desk, "lina", "secret-1")
        guess = register(desk, "JY009", registered_on=D(2026, 12, 25))  # due 2027-01-28, a provisional day
        waiting = register(desk, "JY012", registered_on=D(2026, 12, 21), id_number="419001198502020026")
        actions.perform(desk, waiting.case_id, EventType.MATERIALS_MISSING, VALID_PAYLOAD[EventType.MATERIALS_MISSING])
        assert queries.detail(desk, waiting.case_id).row.status == "awaiting_materials"  # 待补正
        # not yet accepted by the town, its day in a year whose holidays are known: `cases` said a bare day
        soon = register(desk, "JY009", registered_on=D(2026, 11, 20), id_number="41900119900303003X")

        promised = {c.case_id: _receipt(desk, c.case_id) for c in (guess, waiting)}
        assert promised[guess.case_id] == f"预计 2027年1月28日，镇中心受理后按受理日重新计算，{NOTE}"
        assert promised[waiting.case_id] == NOT_STARTED
        for c in (guess, waiting):  # show: was "预计 2027-01-28，…" and the 退回补正 case's date
            assert _shown(capsys, monkeypatch, desk, c.case_no) == promised[c.case_id], c.case_no

        sheet = handover.prepare(desk, "lina", "wangqiang")
        on_sheet = {row[0]: row[4] for row in sheet.cases}
        for c in (guess, waiting):  # the 交接单: was the bare "2027-01-28", no 预计
            assert on_sheet[c.case_no] == promised[c.case_id], c.case_no
        table = next(body for title, body in document(sheet).sections if title.startswith("一、"))
        assert table.header[4] == "承诺办结" and [r[4] for r in table.rows] == list(on_sheet.values())

        code, out, err = run(capsys, monkeypatch, desk.paths.root, "cases")
        assert code == 0, err
        listed = next(line for line in out.splitlines() if line.startswith(soon.case_no))
        day = queries.detail(desk, soon.case_id).row.due_on
        assert day is not None and day.year == 2026 and f"到期 预计 {day.isoformat()}" in listed, listed
        assert "镇中心受理后按受理日重新计算" in out and NOTE in out, out
    finally:
        desk.close()
