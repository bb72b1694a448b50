"""从表格导入: a real roster previewed in the dialog (header found, columns mapped, problems beside the
row) and nothing written until 导入; then the cases are in the list."""

from __future__ import annotations

from pathlib import Path

from tests.gui.conftest import settle
from tests.integration.test_rosters import EXCEL_ROUNDED, PEOPLE, make, roster_rows
from villagedesk.services import queries


def test_import_dialog_previews_then_imports(qtbot, window, tmp_path: Path) -> None:
    window.go(window.cases)
    before = queries.count_cases(window.desk)
    bad = make("xlsx", tmp_path / "bad", roster_rows([*PEOPLE, ("刘芳", "男", EXCEL_ROUNDED, "13812340009", "四组")]))
    dialog = window.cases.open_import()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(bad))
    dialog.item.setText("jy017")
    dialog.mandate.setChecked(True)
    dialog.load_preview()
    settle(qtbot, window)
    assert "表头在第 3 行" in dialog.summary.text() and "已忽略的列: 序号, 性别" in dialog.summary.text()
    assert dialog.table.horizontalHeaderItem(4).text() == "身份证号码\n(身份证号)"
    assert dialog.table.rowCount() == 4 and dialog.table.item(3, 0).text() == "7"
    assert "Excel" in dialog.table.item(3, dialog.table.columnCount() - 1).text()
    assert not dialog.ok.isEnabled()  # a bad row: nothing can be imported
    assert queries.count_cases(window.desk) == before

    dialog.path.setText(str(make("gb18030", tmp_path / "good", roster_rows())))
    dialog.load_preview()
    settle(qtbot, window)
    assert dialog.ok.isEnabled() and "共 3 行: 0 行有问题" in dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.ok.click()
    settle(qtbot, window)
    assert queries.count_cases(window.desk) == before + 3
    assert "已登记 3 件办件" in dialog.summary.text()


def test_import_dialog_says_why_a_file_cannot_be_read(qtbot, window, tmp_path: Path) -> None:
    garbage = tmp_path / "x.csv"
    garbage.write_bytes(b"\x00\x01" * 50)
    dialog = window.cases.open_import()
    qtbot.addWidget(dialog)
    dialog.load_preview()
    assert dialog.error.text() == "请选择要导入的文件"
    dialog.path.setText(str(garbage))
    dialog.load_preview()
    settle(qtbot, window)
    assert "NUL" in dialog.error.text() and not dialog.ok.isEnabled()


def test_the_import_dialog_shows_every_problem_beside_the_row(qtbot, window, tmp_path: Path) -> None:
    """Issue 18: a row's problems all at once beside it (it already worked; this keeps it so)."""
    from tests.integration.test_import import HEADER, write_xlsx
    from tests.integration.test_import_every_problem import PROBLEMS, _bad_row

    source = write_xlsx(tmp_path / "roster.xlsx", [HEADER, _bad_row()])
    before = queries.count_cases(window.desk)
    dialog = window.cases.open_import()
    qtbot.addWidget(dialog)
    dialog.path.setText(str(source))
    dialog.load_preview()
    settle(qtbot, window)
    cell = dialog.table.item(0, dialog.table.columnCount() - 1).text()
    assert cell.count("; ") == len(PROBLEMS) - 1, cell
    for column, words in PROBLEMS.items():
        assert column in cell and words in cell, (column, cell)
    assert "1 行有问题" in dialog.summary.text() and not dialog.ok.isEnabled()
    assert queries.count_cases(window.desk) == before
