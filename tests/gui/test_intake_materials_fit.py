"""Cadre test, finding 4 on 代办登记 in English at 1024×768: the materials checklist scrolled sideways and
its 原件保管 combo read 「The villag…」. The checklist fits the column's width: each material's name wraps,
the three choices are whole and in view."""

from __future__ import annotations

from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_status_column import language  # noqa: F401 (the fixture: Chinese, then English)
from tests.gui.test_text_not_cut import SCREEN, cut_texts
from villagedesk.services import accounts


def test_the_checklist_fits_without_scrolling_sideways(qtbot, gui_desk, language) -> None:  # noqa: F811
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    with shown_window(qtbot, gui_desk, account) as window:
        window.resize(*SCREEN)
        window.go(window.intake)
        settle(qtbot, window)
        for code in ("JY010", "JY019"):
            assert window.intake.select_item(code)
            settle(qtbot, window)
            qtbot.wait(20)
            box = window.intake.materials_box
            scroll = box.parentWidget().parentWidget()
            assert box.width() <= scroll.viewport().width(), (box.width(), scroll.viewport().width())
            assert not scroll.horizontalScrollBar().isVisible()
            assert cut_texts(box) == []
