"""Rosters (花名册) for 集中代办 as village offices make them in Excel and WPS.

The fixtures are built the way those programs save them: an .xlsx with a merged title row, a 填报单位
line, the headers on row 3 (序号, 姓名, 性别, 身份证号码, 联系电话, 村民小组, 备注), a 合计 row and a
signature line, ID cells typed as numbers where Excel made them numbers; the same sheet saved as
"CSV" (GB18030, CRLF) and as "CSV UTF-8" (BOM).
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric

from tests.conftest import run_cli
from villagedesk.domain.errors import NotFoundError
from villagedesk.services import importer, queries
from villagedesk.services.importer import Defaults

HEADERS = ["序号", "姓名", "性别", "身份证号码", "联系电话", "村民小组", "备注"]
TITLE = "示范村2026年城乡居民基本养老保险参保登记花名册"
ROSTER = Defaults(item_code="JY017", mandate_signed=True)


def rid(body15: str, seq: str) -> str:
    body = body15 + seq
    return body + ric.calc_check_digit(body + "0")


PEOPLE = [  # name, sex, ID number (17th digit: odd male, even female), phone, group
    ("张伟", "男", rid("41900119700305", "013"), "13812340001", "一组"),
    ("李秀英", "女", rid("41900119681120", "024"), "13812340002", "二组"),
    ("王建国", "男", rid("41900119550716", "035"), "13812340003", "三组"),
]
# Excel keeps 15 significant digits: 419001195001013xyz is stored as 419001195001013000, and this one
# still passes the checksum (about one in eleven do)
EXCEL_ROUNDED = 419001195001013000


def roster_rows(people=PEOPLE) -> list[list]:
    rows = [[i, name, sex, number, phone, group, ""] for i, (name, sex, number, phone, group) in enumerate(people, 1)]
    return [*rows, ["合计", "", "", "", "", "", f"共 {len(people)} 人"], ["填表人: 李娜", "", "", "审核人: 王强"]]


def write_xlsx(path: Path, rows: list[list]) -> Path:
    """As Excel/WPS save a roster: merged title, 填报单位 line, headers on row 3."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(["填报单位: 示范村村民委员会", None, None, None, "填报日期: 2026年11月25日"])
    sheet.merge_cells("A2:D2")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str) -> Path:
    """As Excel saves "CSV" (gb18030 on Chinese Windows) or "CSV UTF-8" (utf-8-sig): CRLF, every row
    as wide as the sheet, the merged title in its first cell."""
    width = len(HEADERS)
    sheet = [[TITLE], ["填报单位: 示范村村民委员会", "", "", "", "填报日期: 2026年11月25日"], HEADERS, *rows]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in sheet:
        cells = ["" if v is None else str(v) for v in row]
        writer.writerow(cells + [""] * (width - len(cells)))
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def make(kind: str, path: Path, rows: list[list]) -> Path:
    if kind == "xlsx":
        return write_xlsx(path.with_suffix(".xlsx"), rows)
    return write_csv(path.with_suffix(".csv"), rows, "gb18030" if kind == "gb18030" else "utf-8-sig")


KINDS = ["xlsx", "gb18030", "utf-8-sig"]


@pytest.mark.parametrize("kind", KINDS)
def test_roster_imports_with_header_found_unknown_columns_listed_and_total_row_skipped(desk, tmp_path, kind) -> None:
    path = make(kind, tmp_path / "roster", roster_rows())
    report = importer.import_file(desk, path, defaults=ROSTER)
    assert report.problems == [] and len(report.imported) == 3, report.problems
    assert report.notes()[0] == "已忽略的列: 序号, 性别"
    assert [p.row for p in report.skipped] == [7, 8]  # 合计 and the signature line
    assert report.summary() == "导入完成: 共 3 行, 已登记 3 件办件"
    listed = {r.applicant_name: r for r in queries.list_cases(desk)}
    assert set(listed) == {"张伟", "李秀英", "王建国"} and all(r.title.startswith("城乡居民") for r in listed.values())
    assert listed["李秀英"].id_masked.endswith(PEOPLE[1][2][-4:]) and "*" in listed["李秀英"].id_masked


def test_roster_without_item_or_mandate_says_how_to_give_them(desk, tmp_path) -> None:
    report = importer.import_file(desk, make("xlsx", tmp_path / "r", roster_rows()))
    assert report.rows == 0 and report.imported == []
    (problem,) = report.problems
    assert problem.column == "事项编码" and "--item" in problem.message
    assert report.summary().startswith("未导入任何办件: 表头有 1 个问题")  # not "0 行中有 0 行有问题"
    no_mandate = importer.import_file(desk, make("xlsx", tmp_path / "r", roster_rows()), defaults=Defaults("JY002"))
    assert no_mandate.bad_rows == 3 and all("--mandate-signed" in p.message for p in no_mandate.problems)


def test_same_roster_twice_is_skipped_and_reported_unless_allowed(desk, tmp_path) -> None:
    path = make("gb18030", tmp_path / "r", roster_rows())
    first = importer.import_file(desk, path, defaults=ROSTER)
    again = importer.import_file(desk, path, defaults=ROSTER)
    assert again.ok and again.imported == []
    assert [d.row for d in again.duplicates] == [4, 5, 6]
    expected = [f"已有在办的同一事项办件 {no}, 未重复登记" for no in first.imported]
    assert [d.message for d in again.duplicates] == expected
    assert queries.count_cases(desk) == 3
    assert "3 行重复未登记" in again.summary()
    forced = importer.import_file(desk, path, defaults=ROSTER, allow_duplicates=True)
    assert len(forced.imported) == 3 and queries.count_cases(desk) == 6
    other_item = importer.import_file(desk, path, defaults=Defaults("JY016", True))  # another item: no duplicate
    assert other_item.duplicates == [] and len(other_item.imported) == 3


def test_one_id_written_differently_is_one_number(desk, tmp_path) -> None:
    base = PEOPLE[0][2]
    full_width = base.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    people = [
        ("张伟", "男", base, "13812340001", "一组"),
        ("张卫", "男", full_width, "13812340002", "一组"),  # same number, full-width digits, another name
        ("张伟", "男", " " + base[:9] + " " + base[9:], "13812340003", "一组"),  # same person, spaces
    ]
    x_id = next(n for n in (rid("41900119650101", f"{q:03d}") for q in range(1, 300)) if n.endswith("X"))
    x_sex = "男" if int(x_id[16]) % 2 else "女"
    people.append(("赵兰", x_sex, x_id.lower(), "13812340004", "二组"))
    report = importer.import_file(desk, make("utf-8-sig", tmp_path / "r", roster_rows(people)), defaults=ROSTER)
    got = {p.row: p.message for p in report.problems}
    assert "与第4行身份证号相同, 姓名却不同(「张伟」/「张卫」)" in got[5]
    assert "与第5行身份证号相同, 姓名却不同(「张伟」/「张卫」)" in got[4] and "与第5行" in got[6]  # all held back
    assert report.imported == []  # a bad row: nothing imported
    assert report.duplicates == []
    people.pop(1)
    ok = importer.import_file(desk, make("utf-8-sig", tmp_path / "r2", roster_rows(people)), defaults=ROSTER)
    assert len(ok.imported) == 2 and [d.row for d in ok.duplicates] == [5]
    upper = [("赵兰", x_sex, x_id, "13812340004", "二组")]
    again = importer.import_file(desk, make("xlsx", tmp_path / "r3", roster_rows(upper)), defaults=ROSTER)
    assert again.imported == [] and again.duplicates[0].message.startswith("已有在办的同一事项办件")


@pytest.mark.parametrize("kind", KINDS)
def test_excel_rounded_id_is_refused_with_the_excel_explanation(desk, tmp_path, kind) -> None:
    rounded = str(EXCEL_ROUNDED)
    assert ric.calc_check_digit(rounded[:17] + "0") == rounded[17]  # the checksum alone would let it through
    people = [*PEOPLE, ("刘芳", "男", EXCEL_ROUNDED, "13812340009", "四组")]
    rows = roster_rows(people)
    if kind != "xlsx":
        rows[3][3] = str(EXCEL_ROUNDED)
        rows[2][3] = "4.19001E+17"  # how "General" format shows it in a CSV
    report = importer.import_file(desk, make(kind, tmp_path / "r", rows), defaults=ROSTER)
    damaged = {p.row: p.message for p in report.problems}
    assert set(damaged) == ({7} if kind == "xlsx" else {6, 7})
    assert all("Excel" in msg and "15 位有效数字" in msg and "校验位" in msg for msg in damaged.values())
    assert not any("校验位错误" in msg for msg in damaged.values())
    assert report.imported == [] and queries.count_cases(desk) == 0


def test_sex_is_checked_against_the_id_number(desk, tmp_path) -> None:
    people = [
        PEOPLE[0],
        ("李秀英", "男", PEOPLE[1][2], "13812340002", "二组"),
        ("王建国", "未知", PEOPLE[2][2], "1", ""),
    ]
    report = importer.import_file(desk, make("xlsx", tmp_path / "r", roster_rows(people)), defaults=ROSTER)
    got = {(p.row, p.column): p.message for p in report.problems}
    assert got[(5, "性别")].startswith("性别填的是「男」, 但身份证号第17位表示「女」")
    assert got[(6, "性别")] == "性别应填「男」或「女」, 现为「未知」"


def test_reject_file_keeps_every_original_column(desk, tmp_path) -> None:
    people = [*PEOPLE, ("刘芳", "男", EXCEL_ROUNDED, "13812340009", "四组")]
    rows = roster_rows(people)
    rows[3][6] = "原件已核"
    source = make("xlsx", tmp_path / "r", rows)
    report = importer.import_file(desk, source, defaults=ROSTER, skip_invalid=True)
    assert len(report.imported) == 3 and report.reject_file == tmp_path / "r.未导入.xlsx"
    book = openpyxl.load_workbook(report.reject_file)
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    book.close()
    assert values[0] == [*HEADERS, "原行号", "问题"]  # 序号 and 性别, not imported, are kept
    assert values[1][:7] == ["4", "刘芳", "男", str(EXCEL_ROUNDED), "13812340009", "四组", "原件已核"]
    assert values[1][7] == "7" and "Excel" in values[1][8]


def test_cli_import_roster_options(desk, tmp_path) -> None:
    profile = desk.paths.root
    desk.close()
    path = make("gb18030", tmp_path / "r", roster_rows())
    args = ["import", str(path), "--item", "jy017", "--mandate-signed", "--registered-on", "2026-11-20"]
    out = run_cli(*args, profile=profile)
    assert out.returncode == 0, out.stderr
    assert "已忽略的列: 序号, 性别" in out.stdout and "导入完成: 共 3 行, 已登记 3 件办件" in out.stdout
    again = run_cli(*args, profile=profile)
    assert again.returncode == 0 and "3 行重复未登记" in again.stdout
    assert again.stderr.count("重复: 第") == 3 and "已有在办的同一事项办件" in again.stderr
    shown = run_cli("cases", "--json", profile=profile)
    assert '"registered_on": "2026-11-20"' in shown.stdout and "Traceback" not in shown.stderr


def test_bom_is_written_as_excel_writes_it(tmp_path) -> None:
    path = make("utf-8-sig", tmp_path / "r", roster_rows())
    assert path.read_bytes().startswith(codecs.BOM_UTF8) and b"\r\n" in path.read_bytes()


def test_unknown_item_for_the_whole_roster_is_refused_before_reading(desk, tmp_path) -> None:
    with pytest.raises(NotFoundError, match="事项编码 JY999 不在事项清单中"):
        importer.import_file(desk, make("xlsx", tmp_path / "r", roster_rows()), defaults=Defaults("JY999", True))
    assert queries.count_cases(desk) == 0


def test_preview_shows_the_rows_as_they_will_be_read_and_writes_nothing(desk, tmp_path) -> None:
    people = [*PEOPLE, ("刘芳", "男", EXCEL_ROUNDED, "13812340009", "四组")]
    importer.import_file(desk, make("xlsx", tmp_path / "first", roster_rows(PEOPLE[:1])), defaults=ROSTER)
    before = queries.count_cases(desk)
    shown = importer.preview(desk, make("xlsx", tmp_path / "r", roster_rows(people)), defaults=ROSTER, limit=3)
    assert queries.count_cases(desk) == before  # nothing written
    assert shown.header_row == 3
    assert shown.columns[:4] == (("序号", "已忽略"), ("姓名", "姓名"), ("性别", "已忽略"), ("身份证号码", "身份证号"))
    assert [r.number for r in shown.rows] == [4, 5, 6]  # the first 3 rows only, 合计 not among them
    assert shown.rows[0].cells[1] == "张伟" and "*" in shown.rows[0].cells[3]  # ID masked in the preview
    assert shown.rows[0].problems[0].startswith("重复: 已有在办的同一事项办件")
    assert shown.rows[1].problems == ()
    assert shown.report.rows == 4 and shown.report.bad_rows == 1  # counted over the whole file
    assert shown.report.notes()[0] == "已忽略的列: 序号, 性别"
