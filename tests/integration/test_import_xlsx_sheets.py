"""Office test: an XLSX roster's second sheet was dropped without a word (Sheet1 with one row, Sheet2 with
乙二 → 「导入完成: 共 1 行」), and with instructions on sheet 1 and the data on sheet 2 the import said
「找不到表头」 without naming the other sheet. The roster is the first sheet; every other sheet with content
is named, with what to do (real openpyxl workbooks, the real CLI)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row


def _book(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_second_sheet_with_villagers_is_named(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    source = _book(
        tmp_path / "r.xlsx", {"Sheet1": [HEADER, good_row(1, "甲一")], "Sheet2": [HEADER, good_row(2, "乙二")]}
    )
    result = run_cli("import", str(source), profile=profile)
    assert result.returncode == 0, result.stderr
    assert "「Sheet2」也有内容, 未读取" in result.stdout and "只读取了第一个工作表「Sheet1」" in result.stdout


def test_instructions_on_the_first_sheet_name_the_sheet_with_the_data(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    notes = [["填表说明: 每人一行, 身份证号请设为文本格式"]]
    source = _book(tmp_path / "r.xlsx", {"说明": notes, "名单": [HEADER, good_row(1, "甲一")]})
    result = run_cli("import", str(source), profile=profile)
    assert result.returncode == 1
    said = result.stdout + result.stderr
    assert "找不到表头" in said and "「名单」也有内容" in said, said
    assert "已登记" not in result.stdout
