"""Bulk import from real CSV and XLSX files: good, bad and hostile input, and the reject file."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from stdnum.cn import ric

from tests.conftest import run_cli
from villagedesk.domain.errors import TransitionError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import importer, maintenance, queries
from villagedesk.services.desk import Desk
from villagedesk.services.tabular import TableFileError, read_table

HEADER = ["事项编码", "姓名", "身份证号", "联系电话", "村民小组", "住址", "委托书已签", "登记日期", "缺少材料", "备注"]


def rid(n: int, birth: str = "19800101", county: str = "419001") -> str:
    body = f"{county}{birth}{n % 1000:03d}"
    number = body + ric.calc_check_digit(body + "0")
    if number.endswith("000"):  # looks like Excel's damage (15 digits and 000): the importer refuses it
        return rid(n, birth, "419002")
    return number


def good_row(n: int, name: str = "张三", **over: str) -> list[str]:
    row = dict(
        zip(HEADER, ["JY006", name, rid(n), f"138{n:08d}", "一组", "东街1号", "是", "2026-11-20", "", ""], strict=True)
    )
    row.update(over)
    return [row[h] for h in HEADER]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def messages(report: importer.ImportReport) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in report.problems]


# --- good files -----------------------------------------------------------------------------------


def test_utf8_csv_imports_every_row_and_cases_are_searchable(desk, tmp_path: Path) -> None:
    rows = [
        HEADER,
        good_row(1, "张三"),
        good_row(2, "欧阳娜娜", 缺少材料="申请书；经营场所使用证明"),
        good_row(3, "王芳"),
    ]
    report = importer.import_file(desk, write_csv(tmp_path / "a.csv", rows))
    assert report.ok and not report.problems
    assert (report.kind, report.encoding, report.rows, len(report.imported)) == ("csv", "utf-8", 3, 3)
    found = queries.list_cases(desk, queries.CaseFilter(search="张三"))
    assert len(found) == 1 and found[0].id_masked == "419001********0014"
    ouyang = queries.list_cases(desk, queries.CaseFilter(search="oynn"))
    assert [r.applicant_name for r in ouyang] == ["欧阳娜娜"]
    assert ouyang[0].status == "awaiting_materials"  # listed missing materials → written notice
    assert found[0].status == "registered"
    assert str(found[0].registered_on) == "2026-11-20"
    assert maintenance.check(desk).ok


def test_utf8_bom_csv_with_english_headers(desk, tmp_path: Path) -> None:
    rows = [
        ["item_code", "name", "id_number", "phone", "mandate_signed"],
        ["JY006", "李四", rid(5), "0391-6633123", "yes"],
    ]
    path = write_csv(tmp_path / "b.csv", rows, encoding="utf-8-sig")
    report = importer.import_file(desk, path)
    assert report.ok and report.encoding == "utf-8-sig" and len(report.imported) == 1


def test_gb18030_csv_as_excel_in_china_saves_it(desk, tmp_path: Path) -> None:
    name = "王𠇔"  # outside GBK and outside the BMP: only GB18030 can carry it
    path = write_csv(tmp_path / "gbk.csv", [HEADER, good_row(1, name), good_row(2, "赵敏")], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    report = importer.import_file(desk, path)
    assert report.ok and report.encoding == "gb18030"
    assert {r.applicant_name for r in queries.list_cases(desk)} == {name, "赵敏"}


def test_utf16_tab_separated_unicode_text(desk, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "u16.txt", [HEADER, good_row(1)], encoding="utf-16", delimiter="\t")
    assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    report = importer.import_file(desk, path)
    assert report.ok and len(report.imported) == 1


def test_title_row_above_header_and_blank_rows_keep_excel_numbers(desk, tmp_path: Path) -> None:
    rows = [["2026年11月 代办登记表"], HEADER, good_row(1), [], good_row(2, 联系电话="123")]
    report = importer.import_file(desk, write_csv(tmp_path / "t.csv", rows))
    assert messages(report) == [(5, "联系电话", "电话号码格式不对: 手机11位, 固话需带区号")]
    assert report.imported == [] and queries.count_cases(desk) == 0


def test_xlsx_with_dates_and_numbers_as_excel_stores_them(desk, tmp_path: Path) -> None:
    from datetime import datetime

    rows = [HEADER, good_row(1), good_row(2, "刘洋")]
    rows[1][7] = datetime(2026, 11, 2)  # a real date cell
    rows[2][3] = 13900000002  # a phone typed as a number
    rows[2][6] = True
    report = importer.import_file(desk, write_xlsx(tmp_path / "a.xlsx", rows))
    assert report.ok and report.kind == "xlsx" and len(report.imported) == 2
    dates = sorted(str(r.registered_on) for r in queries.list_cases(desk))
    assert dates == ["2026-11-02", "2026-11-20"]


# --- bad rows -------------------------------------------------------------------------------------


def test_any_bad_row_imports_nothing_and_names_row_column_reason(desk, tmp_path: Path) -> None:
    bad_id = rid(2)[:-1] + ("0" if rid(2)[-1] != "0" else "1")
    rows = [
        HEADER,
        good_row(1),
        good_row(2, 身份证号=bad_id),
        good_row(3, 事项编码="NOPE"),
        good_row(4, 委托书已签="也许"),
        good_row(5, 登记日期="2030-01-01"),
        good_row(6, 缺少材料="户口簿"),
        good_row(7, 委托书已签="否"),
        good_row(8, 姓名="张"),
    ]
    report = importer.import_file(desk, write_csv(tmp_path / "bad.csv", rows))
    assert not report.ok and report.imported == [] and report.bad_rows == 7
    got = {(row, column): message for row, column, message in messages(report)}
    assert "校验位" in got[(3, "身份证号")]
    assert (4, "事项编码") in got
    assert got[(5, "委托书已签")] == "应填「是」或「否」"
    assert got[(6, "登记日期")] == "登记日期不能晚于今天"
    assert "户口簿" in got[(7, "缺少材料")]
    assert "委托书" in got[(8, "委托书已签")]
    assert "两个字" in got[(9, "姓名")]
    assert queries.count_cases(desk) == 0
    assert "未导入任何办件" in report.summary()


@pytest.mark.parametrize("payload", ["=1+1", "+SUM(A1)", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"])
def test_formula_like_cells_are_refused(desk, tmp_path: Path, payload: str) -> None:
    report = importer.import_file(desk, write_csv(tmp_path / "f.csv", [HEADER, good_row(1, 备注=payload)]))
    assert messages(report) == [(2, "备注", "以 = + - @ 开头, 可能是公式(CSV 注入), 已拒绝")]


def test_plus86_phone_is_not_a_formula(desk, tmp_path: Path) -> None:
    report = importer.import_file(
        desk, write_csv(tmp_path / "p.csv", [HEADER, good_row(1, 联系电话="+86 13812345678")])
    )
    assert report.ok


def test_control_characters_long_cells_and_zero_width(desk, tmp_path: Path) -> None:
    rows = [
        HEADER,
        good_row(1, 姓名="张\x07三"),
        good_row(2, 备注="很长" * 5000),
        good_row(3, 住址="x" * 100_000),
        good_row(4, 姓名="李\u200b娜"),  # pasted from a web page: zero-width space is dropped
    ]
    report = importer.import_file(desk, write_csv(tmp_path / "c.csv", rows))
    got = {(row, column): message for row, column, message in messages(report)}
    assert got[(2, "姓名")] == "含有不可见的控制字符, 请删除后重新输入"
    assert got[(3, "备注")] == "内容过长(10000字, 最多2000字)"
    assert got[(4, "住址")] == "内容过长(100000字, 最多200字)"
    assert not any(row == 5 for row, _ in got)


def test_xlsx_formula_cell_and_id_number_stored_as_number(desk, tmp_path: Path) -> None:
    rows = [HEADER, good_row(1), good_row(2, "刘洋")]
    rows[1][9] = '=HYPERLINK("http://127.0.0.1","x")'
    rows[2][2] = 419001198001010014
    report = importer.import_file(desk, write_xlsx(tmp_path / "f.xlsx", rows))
    got = {(row, column): message for row, column, message in messages(report)}
    assert "公式" in got[(2, "备注")]
    assert "存成了数字" in got[(3, "身份证号")] and "15 位有效数字" in got[(3, "身份证号")]


def test_duplicate_rows_are_skipped_and_reported_or_warned_when_allowed(desk, tmp_path: Path) -> None:
    rows = [HEADER, good_row(1), good_row(1), good_row(1, 联系电话="13900000000")]
    path = write_csv(tmp_path / "d.csv", rows)
    report = importer.import_file(desk, path)
    assert report.ok and len(report.imported) == 1
    assert [(d.row, d.message) for d in report.duplicates] == [
        (3, "与第2行是同一人办同一事项, 未重复登记"),
        (4, "与第2行是同一人办同一事项, 未重复登记"),
    ]
    assert "2 行重复未登记" in report.summary()
    allowed = importer.import_file(desk, path, allow_duplicates=True)
    assert allowed.ok and len(allowed.imported) == 3 and allowed.duplicates == []
    assert [(w.row, w.message[:6]) for w in allowed.warnings] == [(3, "与第2行完全")]
    assert len({r.applicant_name for r in queries.list_cases(desk)}) == 1


# --- skip invalid and the reject file -------------------------------------------------------------


def test_skip_invalid_csv_writes_bom_reject_file_that_can_be_fixed_and_reimported(desk, tmp_path: Path) -> None:
    rows = [HEADER, good_row(1), good_row(2, 联系电话="12"), good_row(3, 备注="=HYPERLINK(1)"), good_row(4, "王芳")]
    source = write_csv(tmp_path / "mixed.csv", rows)
    report = importer.import_file(desk, source, skip_invalid=True)
    assert report.ok and len(report.imported) == 2 and report.bad_rows == 2
    assert report.reject_file == tmp_path / "mixed.未导入.csv"
    raw = report.reject_file.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    rejected = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rejected[0] == [*HEADER, "原行号", "问题"]
    assert [r[-2] for r in rejected[1:]] == ["3", "4"]
    assert "联系电话" in rejected[1][-1]
    assert rejected[2][9] == "'=HYPERLINK(1)"  # never written back as a live formula
    # the agent fixes the rows in Excel and imports the reject file itself
    rejected[1][3] = "13700000003"
    rejected[2][9] = "已改正"
    fixed = write_csv(tmp_path / "fixed.csv", rejected, encoding="utf-8-sig")
    again = importer.import_file(desk, fixed)
    assert again.ok and len(again.imported) == 2
    assert queries.count_cases(desk) == 4


def test_skip_invalid_xlsx_writes_xlsx_rejects_as_text(desk, tmp_path: Path) -> None:
    rows = [HEADER, good_row(1), good_row(2, 备注="=1+1"), good_row(3, "王芳", 联系电话="12")]
    rows[2][9] = "=1+1"
    target = tmp_path / "out" / "rej.xlsx"
    report = importer.import_file(desk, write_xlsx(tmp_path / "m.xlsx", rows), skip_invalid=True, reject_file=target)
    assert report.reject_file == target and len(report.imported) == 1
    book = openpyxl.load_workbook(target)
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-2:] == ["原行号", "问题"]
    formula_cell = sheet.cell(row=2, column=10)
    assert formula_cell.value == "=1+1" and formula_cell.data_type == "s"
    assert values[2][1] == "王芳" and values[2][-2] == "4" and "联系电话" in values[2][-1]
    book.close()


def test_reject_file_may_not_overwrite_the_input(desk, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "x.csv", [HEADER, good_row(1, 联系电话="1")])
    with pytest.raises(Exception, match="不能与导入文件相同"):
        importer.import_file(desk, source, skip_invalid=True, reject_file=source)
    assert source.read_text(encoding="utf-8").count("\n") == 2


# --- hostile files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "文件是空的"),
        ("blank.csv", b"\r\n\r\n,,\r\n", "没有任何内容"),
        ("binary.csv", bytes(range(256)) * 40, "NUL"),
        ("latin.csv", "事项编码,姓名\n".encode() + b"\xff\xfe\xfd\x80\x81" * 3, "无法识别文件编码"),
        ("fake.xlsx", b"this is not a zip at all", "不是 Excel 工作簿"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "另存为 .xlsx"),
        ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 100, "压缩结构已损坏"),
    ],
)
def test_files_that_are_not_tables_get_clear_messages(
    desk, tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(TableFileError, match=expected):
        importer.import_file(desk, path)
    assert queries.count_cases(desk) == 0


def test_zip_that_is_not_a_workbook(desk, tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "hello")
    with pytest.raises(TableFileError, match="不是 Excel 工作簿"):
        importer.import_file(desk, path)


def test_header_only_and_missing_file(desk, tmp_path: Path) -> None:
    with pytest.raises(TableFileError, match="只有表头"):
        importer.import_file(desk, write_csv(tmp_path / "h.csv", [HEADER]))
    with pytest.raises(TableFileError, match="只有表头"):
        importer.import_file(desk, write_xlsx(tmp_path / "h.xlsx", [HEADER]))
    with pytest.raises(TableFileError, match="找不到文件"):
        importer.import_file(desk, tmp_path / "nope.csv")


def test_missing_duplicate_unknown_and_unnamed_columns(desk, tmp_path: Path) -> None:
    rows = [["事项编码", "姓名", "name", "电话号", "", "身份证号"], ["JY006", "张三", "张三", "1", "x", rid(1)]]
    report = importer.import_file(desk, write_csv(tmp_path / "cols.csv", rows))
    got = messages(report)
    assert (1, "name", "与「姓名」重复(都表示姓名)") in got
    assert report.ignored_columns == ["电话号"] and not any(c == "电话号" for _, c, _m in got)
    assert (1, "第5列", "该列有数据但没有列名") in got
    assert any(r == 1 and c == "联系电话" and msg.startswith("缺少必需的列") for r, c, msg in got)
    assert report.rows == 0 and queries.count_cases(desk) == 0


def test_no_header_at_all(desk, tmp_path: Path) -> None:
    report = importer.import_file(desk, write_csv(tmp_path / "n.csv", [["a", "b"], ["1", "2"]]))
    assert report.problems[0].message.startswith("找不到表头")


def test_row_and_size_limits(desk, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "many.csv", [HEADER] + [good_row(i) for i in range(6)])
    with pytest.raises(TableFileError, match="数据行超过 5 行"):
        importer.import_file(desk, path, max_rows=5)
    assert len(read_table(path, max_rows=6).rows) == 7
    with pytest.raises(TableFileError, match="文件过大"):
        read_table(path, max_bytes=100)


def test_clerk_profile_cannot_import(profile: Path, tmp_path: Path) -> None:
    with Desk.open(profile) as clerk:
        clerk.setup(Role.CLERK, "419001100000", "赵敏")
        with pytest.raises(TransitionError, match="村代办员"):
            importer.import_file(clerk, write_csv(tmp_path / "a.csv", [HEADER, good_row(1)]))


@pytest.mark.slow
def test_ten_thousand_rows_in_one_transaction(desk, tmp_path: Path) -> None:
    rows = [HEADER] + [good_row(i, "张伟", 身份证号=rid(i, f"19{50 + i // 1000}0101")) for i in range(10_000)]
    report = importer.import_file(desk, write_csv(tmp_path / "big.csv", rows))
    assert report.ok and len(report.imported) == 10_000
    assert queries.count_cases(desk) == 10_000
    assert len(set(report.imported)) == 10_000
    check = maintenance.check(desk)
    assert check.ok and check.events == 10_000


@pytest.mark.slow
def test_ten_thousand_rows_one_bad_imports_nothing(desk, tmp_path: Path) -> None:
    rows = [HEADER] + [good_row(i, 身份证号=rid(i, f"19{50 + i // 1000}0101")) for i in range(10_000)]
    rows[9_000][3] = "000"
    report = importer.import_file(desk, write_csv(tmp_path / "big.csv", rows))
    assert [(p.row, p.column) for p in report.problems] == [(9_001, "联系电话")]
    assert queries.count_cases(desk) == 0


# --- the command line -----------------------------------------------------------------------------


def test_cli_import_reports_and_skips(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    source = write_csv(tmp_path / "cli.csv", [HEADER, good_row(1), good_row(2, 联系电话="12")])
    result = run_cli("import", str(source), profile=profile)
    assert result.returncode == 1
    assert "问题: 第3行 [联系电话]" in result.stderr and "未导入任何办件" in result.stdout
    result = run_cli("import", str(source), "--skip-invalid", profile=profile)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli.未导入.csv").exists() and "已登记 1 件办件" in result.stdout
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\x00\x01\x02" * 100)
    result = run_cli("import", str(garbage), profile=profile)
    assert result.returncode == 1 and "NUL" in result.stderr and "Traceback" not in result.stderr
