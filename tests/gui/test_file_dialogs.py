"""Every file chooser a cadre meets speaks the UI language: qtbase_zh_CN.qm left "Look in:" and
"Files of type:" in English. Each chooser is opened through the button's own slot and read as shown."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from tests.gui.conftest import settle
from tests.gui.test_printing import register
from villagedesk.services import queries
from villagedesk.ui import i18n

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def chinese(qapp):
    i18n.install("zh_CN", qapp)
    yield
    i18n.uninstall(qapp)


def _texts_of_next_dialog(qtbot) -> list[str]:
    """Read the file dialog that the next call opens (it blocks in exec), then cancel it."""
    seen: list[str] = []

    def read() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, read)
            return
        seen.extend(w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog))
        seen.extend(w.text() for w in dialog.findChildren(QPushButton) if w.isVisibleTo(dialog))
        seen.append("|".join(w.toolTip() for w in dialog.findChildren(QPushButton)))
        dialog.reject()

    QTimer.singleShot(0, read)
    return seen


def _opened(qtbot, window, name: str, serial: int):
    case_no = register(window.desk, name, serial)
    window.open_case(queries.detail(window.desk, case_no).row.id)
    settle(qtbot, window)
    return window.detail


def _attach(qtbot, window) -> None:
    _opened(qtbot, window, "郑小兰", 71)._choose_file()


def _save_pdf(qtbot, window) -> None:
    dialog = _opened(qtbot, window, "郑小兰", 72).print_current()
    chooser = dialog.ask_pdf()  # window-modal: read (and cancelled) by the timer once it shows
    qtbot.waitUntil(lambda: not chooser.isVisible())
    dialog.close()


def _roster(qtbot, window) -> None:
    dialog = window.cases.open_import()
    dialog._browse()
    dialog.close()


def _backup_folder(qtbot, window) -> None:
    window.go(window.settings)
    window.settings.backup_box._choose()


@pytest.mark.parametrize("open_chooser", [_attach, _save_pdf, _roster, _backup_folder])
def test_file_choosers_have_no_english_left(qtbot, window, chinese, open_chooser) -> None:
    seen = _texts_of_next_dialog(qtbot)
    open_chooser(qtbot, window)
    assert seen, "no file dialog was shown"
    english = [t for t in seen if LATIN_WORD.search(t.replace("PDF", "").replace("*.pdf", ""))]
    assert not english, english


def test_no_page_opens_a_file_dialog_of_its_own() -> None:
    """The choosers above are all there are: every page goes through ui/dialogs/file_dialogs.py."""
    from pathlib import Path

    ui = Path(i18n.__file__).parent
    own = [p.relative_to(ui).as_posix() for p in ui.rglob("*.py") if "QFileDialog" in p.read_text("utf-8")]
    assert own == ["dialogs/file_dialogs.py"]
