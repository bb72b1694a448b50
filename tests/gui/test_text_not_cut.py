"""At 1024×768 no text on the case page or the registration page is cut off (issue 14).

A label or a button narrower than its text shows the text cut; a combo box narrower than its current entry
shows it cut too (the case page's 附件 combo read 「(不对应具」): its size hint, computed while it was still
empty, says nothing, so the entry's own width in the combo's edit field is what is measured. Checked in
Chinese and in English, on a long item name with four materials."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QStyle, QStyleOptionComboBox, QWidget

from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_printing import register
from tests.gui.test_status_column import language  # noqa: F401 (the fixture: Chinese, then English)
from villagedesk.services import accounts, queries

SCREEN = (1024, 738)  # 1024×768 less a Windows taskbar
ITEM = "JY019"  # 城乡居民养老保险丧葬补助/个人账户余额继承: the longest item name, four materials


def cut_texts(page: QWidget) -> list[str]:
    """Every visible label, button and combo on ``page`` whose text is wider (or taller) than it is."""
    cut = []
    for w in page.findChildren(QLabel) + page.findChildren(QAbstractButton):
        if not w.isVisibleTo(page) or not w.text():
            continue
        if isinstance(w, QLabel) and w.wordWrap():
            if w.heightForWidth(w.width()) > w.height():
                cut.append(f"{w.text()!r}: {w.heightForWidth(w.width())} px tall in {w.height()}")
        elif w.sizeHint().width() > w.width():
            cut.append(f"{w.text()!r}: {w.sizeHint().width()} px wide in {w.width()}")
    for combo in page.findChildren(QComboBox):
        if not combo.isVisibleTo(page) or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        need = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if need > field.width():
            cut.append(f"combo {combo.currentText()!r}: {need} px wide in {field.width()}")
    return cut


def test_case_page_and_intake_show_their_texts_whole_at_1024(qtbot, gui_desk, language) -> None:  # noqa: F811
    account = accounts.authenticate(gui_desk, USERNAME, PASSWORD)
    with shown_window(qtbot, gui_desk, account) as window:
        window.resize(*SCREEN)
        case_no = register(window.desk, "吉祥·阿依古丽", 71, item=ITEM)
        window.open_case(queries.detail(window.desk, case_no).row.id)
        settle(qtbot, window)
        qtbot.wait(20)
        assert window.width() <= SCREEN[0]
        assert cut_texts(window.detail) == []
        window.go(window.intake)
        settle(qtbot, window)
        window.intake.select_item(ITEM)
        settle(qtbot, window)
        qtbot.wait(20)
        assert window.width() <= SCREEN[0]
        assert cut_texts(window.intake) == []
