"""Issue 18 (one wording for the promised date): before the town accepts a case its promised day is an
estimate (registration plus the 3-working-day 报送 window, ``domain.promise.promised_due``). The public
page said "预计 …前（以镇中心受理后计算为准）" while the receipt printed the same day plain, as if certain.
Both now word it with ``domain.promise.promised_text``: the receipt as it comes out of the printer (its
PDF read back) and the page over real HTTP from a real server say the same, 预计 while it is a guess and
the plain day once the town has accepted."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.flows import VALID_PAYLOAD
from tests.gui.test_printing import OFFICE, pdf_text
from tests.integration.public_world import TOWN, VILLAGE, register, sync
from tests.integration.server_harness import running_server
from tests.integration.test_public_page import get
from tests.support.events import use_tag
from villagedesk.domain import check_code as cc
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.promise import ESTIMATE_NOTE
from villagedesk.services import actions, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.ui import printing as pr


def _printed(desk: Desk, case_id: str, target: Path) -> str:
    receipt = pr.receipt_from(queries.detail(desk, case_id, record_view=False), OFFICE)
    pr.to_pdf(receipt, target)
    text = pdf_text(target)  # -layout: each label beside its value, a long value wrapped below it
    found = re.search(r"承诺办结\s+(\S.*?)(?:\n\s*\n|\n\s*经办|\n\s*代办员|$)", text, re.S)
    assert found, text
    return "".join(found.group(1).split())


def _on_page(server, case) -> str:
    page = get(server, case.case_no, cc.check_code(case.case_id))
    assert page.status_code == 200
    found = re.search(r"<dt>承诺办结</dt><dd>(.*?)</dd>", page.text)
    assert found, page.text
    return "".join(html.unescape(found.group(1)).split())


def _enrolled(server, template: Path, tmp: Path, name: str, region: str, role: str) -> Desk:
    target = tmp / f"profile-{name}"
    shutil.copytree(template, target)
    desk = Desk.open(target, today=TODAY)
    engine.enroll(desk, server.url, server.code(region, role, name))
    use_tag(desk.identity.device_id, desk.identity.device_tag)
    return desk


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_receipt_and_page_mark_the_same_estimate(qtbot, template_profile: Path, tmp_path: Path) -> None:
    with running_server("sqlite", tmp_path) as server:
        agent = _enrolled(server, template_profile, tmp_path, "agent", VILLAGE, "agent")
        clerk = _enrolled(server, template_profile, tmp_path, "clerk", TOWN, "clerk")
        try:
            case = register(agent, 1)  # a town item, registered today: its day counts from registration
            sync(agent)
            printed = _printed(agent, case.case_id, tmp_path / "receipt.pdf")
            assert printed.startswith("预计") and ESTIMATE_NOTE in printed, printed  # was the bare day
            assert _on_page(server, case) == printed  # was "预计 …前（以镇中心受理后计算为准）"

            actions.perform(agent, case.case_id, EventType.SUBMITTED, VALID_PAYLOAD[EventType.SUBMITTED])
            sync(agent)
            sync(clerk)
            actions.perform(clerk, case.case_id, EventType.ACCEPTED, VALID_PAYLOAD[EventType.ACCEPTED])
            sync(clerk)
            sync(agent)
            accepted = _printed(agent, case.case_id, tmp_path / "receipt-accepted.pdf")
            assert "预计" not in accepted and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", accepted), accepted
            assert _on_page(server, case) == accepted  # was "…日 前"
        finally:
            agent.close()
            clerk.close()
