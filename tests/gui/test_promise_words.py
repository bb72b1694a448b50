"""The promise reads the same on the receipt, the case page and the villager's public page (issue 14,
item 10): while the materials are incomplete, "材料补齐之日起计算" everywhere; once the clock runs, the
same day everywhere. The receipt chose by its list of missing materials, the case page always showed a
date and the public page said "材料补齐之日起重新计算"."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.casebuilder import Builder
from tests.casebuilder import E as Ev
from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from tests.gui.test_printing import OFFICE, pdf_text
from villagedesk.db import store as st
from villagedesk.domain.projection import project
from villagedesk.domain.promise import NOT_STARTED
from villagedesk.domain.villager_view import villager_view
from villagedesk.services import queries
from villagedesk.services.desk import Desk
from villagedesk.ui import printing as pr
from villagedesk.ui.widgets.models import due_cell

D = date


def _public(desk: Desk, cid: str) -> str:
    with desk.store.read() as s:
        view = project(cid, st.case_events(s, cid))
    due = st.compute_due(desk.calendar, view, desk.today())
    page = villager_view(view, due, provisional=view.accepted_on is None)
    assert page is not None
    return page.promised


def _printed(receipt, target: Path) -> str:
    """The receipt's 承诺办结 as it comes out of the printer (its PDF, read back)."""
    pr.to_pdf(receipt, target)
    text = pdf_text(target)  # -layout: each label beside its value
    found = re.search(r"承诺办结\s+(\S.*)", text)
    assert found, text
    return "".join(found.group(1).split())


def _day_of(text: str) -> date:
    y, m, d = re.search(r"(\d{4})\D(\d{1,2})\D(\d{1,2})", text).groups()
    return date(int(y), int(m), int(d))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_receipt_case_page_and_public_page_say_the_same_promise(qtbot, desk, profile, tmp_path: Path) -> None:
    b = Builder(desk)
    waiting = b.register("JY012", D(2026, 11, 20), missing=("申请书",))  # clock not started
    running = b.register("JY012", D(2026, 11, 20))  # complete: a provisional day
    returned = b.register("JY012", D(2026, 11, 2))  # accepted, then sent back for a material
    b.act(returned, Ev.SUBMITTED, D(2026, 11, 2))
    b.act(returned, Ev.ACCEPTED, D(2026, 11, 3))
    b.act(returned, Ev.RETURNED, D(2026, 11, 10), {"missing": ["身份证"], "reason": "身份证复印件不清晰"})
    supplied = b.register("JY012", D(2026, 11, 16), missing=("申请书",))  # brought later: the clock runs
    b.act(supplied, Ev.MATERIALS_SUPPLIED, D(2026, 11, 18), {"received": ["申请书"]})
    accepted = b.register("JY012", D(2026, 11, 16))
    b.act(accepted, Ev.SUBMITTED, D(2026, 11, 16))
    b.act(accepted, Ev.ACCEPTED, D(2026, 11, 17))
    b.agent()
    pending = {waiting, returned}
    receipts = {cid: pr.receipt_from(queries.detail(desk, cid, record_view=False), OFFICE) for cid in
                (waiting, running, returned, supplied, accepted)}  # fmt: skip
    publics = {cid: _public(desk, cid) for cid in receipts}
    dues = {r.id: r.due_on for r in queries.rows_by_ids(desk, list(receipts))}
    desk.close()

    with shown_window(qtbot, Desk.open(profile, today=TODAY)) as win:
        for cid, receipt in receipts.items():
            win.open_case(cid)
            settle(qtbot, win)
            shown = win.detail.due_label.text()
            printed = _printed(receipt, tmp_path / f"{cid}.pdf")
            if cid in pending:
                assert printed == NOT_STARTED == publics[cid], cid
                assert NOT_STARTED in shown and not re.search(r"\d{4}-\d\d-\d\d", shown), shown
            else:
                assert NOT_STARTED not in printed + shown + publics[cid]
                assert _day_of(printed) == _day_of(shown) == _day_of(publics[cid]) == dues[cid], (printed, shown)
        # the lists' 到期日 cell (what the case list, the dashboard and the inboxes show) agrees, short
        for row in queries.rows_by_ids(win.desk, list(receipts)):
            waits = row.id in pending
            assert (due_cell(row, short=True) == "补齐后起算") == waits and (NOT_STARTED in due_cell(row)) == waits
