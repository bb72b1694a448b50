"""Switching the UI language translates our strings and Qt's own dialog buttons."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tools import update_translations
from villagedesk.ui import i18n
from villagedesk.ui import printing as pr


@pytest.fixture
def restore_language(qapp):
    yield
    i18n.uninstall()
    i18n.install(i18n.DEFAULT)  # what the app starts with
    i18n.uninstall()


def _receipt() -> pr.Receipt:
    office = pr.Office("示范村便民服务站")
    return pr.Receipt(
        "100201-261125-ES001", "生育登记", (), "王芳", "", date(2026, 11, 25), None, "即办", "李娜", office
    )


def _cancel_text(box: QDialogButtonBox) -> str:
    return box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")


def test_english_then_chinese(qapp, qtbot, restore_language) -> None:
    assert i18n.install("en_US") == "en"
    assert pr.document_label(_receipt()) == "Acceptance receipt"
    assert pr.paper_label(pr.Paper.ROLL_80) == "80 mm receipt roll"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert _cancel_text(box) == "Cancel"

    assert i18n.install("zh-CN") == "zh_CN"
    assert i18n.current() == "zh_CN"
    assert pr.document_label(_receipt()) == "受理回执"
    fresh = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(fresh)
    assert _cancel_text(fresh) == "取消"
    qtbot.waitUntil(lambda: _cancel_text(box) == "取消")  # a live dialog retranslates on LanguageChange

    i18n.install("en")
    qtbot.waitUntil(lambda: _cancel_text(box) == "Cancel")


def test_unknown_language_falls_back_to_chinese(qapp, restore_language) -> None:
    assert i18n.install("klingon") == "zh_CN"
    assert i18n.normalise("") == "zh_CN" and i18n.normalise("EN") == "en" and i18n.normalise("zh_Hans") == "zh_CN"


def test_translation_files_are_complete_and_built() -> None:
    """Every string in villagedesk/ui has an English translation and the committed .qm is built from the .ts."""
    assert (i18n.qt_translations_dir() / "qtbase_zh_CN.qm").is_file()
    assert update_translations.check() == 0
