"""The case page acts on, prints and attaches to the case shown now (one current-case holder)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.gui.test_printing import register, rid
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import attachments, queries

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _case(window, name: str, serial: int) -> tuple[str, str]:
    case_no = register(window.desk, name, serial)
    return queries.detail(window.desk, case_no).row.id, case_no


def test_print_after_opening_a_second_case_prints_the_second(qtbot, window, tmp_path) -> None:
    id_a, no_a = _case(window, "赵大山", 41)
    id_b, no_b = _case(window, "钱小溪", 42)
    window.open_case(id_a)
    settle(qtbot, window)
    window.detail._print_button.click()  # the first print on case A builds whatever the page caches
    first = [w for w in window.findChildren(object) if type(w).__name__ == "PrintDialog"]
    assert first and no_a in first[-1].windowTitle()
    first[-1].close()

    window.open_case(id_b)
    settle(qtbot, window)
    window.detail._print_button.click()
    dialogs = [w for w in window.findChildren(object) if type(w).__name__ == "PrintDialog" and w.isVisible()]
    assert len(dialogs) == 1, "exactly one print dialog open, for the case on screen"
    dialog = dialogs[0]
    assert no_b in dialog.windowTitle()
    dialog.select("mandate")
    assert dialog.save_pdf(tmp_path / "mandate.pdf")
    text = _pdf_text(tmp_path / "mandate.pdf")
    assert "钱小溪" in text and rid(42) in text
    assert "赵大山" not in text and rid(41) not in text
    dialog.close()


def test_ctrl_p_and_actions_and_attachments_follow_the_shown_case(qtbot, window, tmp_path) -> None:
    id_a, _no_a = _case(window, "孙一", 43)
    id_b, no_b = _case(window, "李二", 44)
    for case_id in (id_a, id_b):
        window.open_case(case_id)
        settle(qtbot, window)
    page = window.detail
    assert page.case_id == id_b and page.detail.row.id == id_b
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert page.print_dialog is not None and no_b in page.print_dialog.windowTitle()
    page.print_dialog.close()
    dialog = page.start_action(EventType.NOTE_ADDED)
    assert dialog.case_id == id_b
    dialog.reject()
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 512)
    page.add_attachment(scan, "")
    settle(qtbot, window)
    assert [a.filename for a in attachments.list_for_case(window.desk, id_b)] == ["scan.png"]
    assert attachments.list_for_case(window.desk, id_a) == []


def test_nothing_acts_while_the_next_case_loads(qtbot, window) -> None:
    id_a, _ = _case(window, "周三", 45)
    id_b, _ = _case(window, "吴四", 46)
    window.open_case(id_a)
    settle(qtbot, window)
    page = window.detail
    assert page._print_button.isEnabled()
    window.open_case(id_b)  # not settled: B is still being read
    assert page.detail is None and not page._print_button.isEnabled()
    assert not any(b.isEnabled() for b in page.action_buttons.values())
    assert page.start_action(EventType.NOTE_ADDED) is None
    settle(qtbot, window)
    assert page.detail.row.id == id_b and page._print_button.isEnabled()
