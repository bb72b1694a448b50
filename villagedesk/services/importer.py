"""批量导入: register many cases from a CSV or XLSX file, all rows checked before anything is saved.

Every row is validated with the same rules as the intake form (``intake.validate``). A problem is reported
with the row number Excel shows, the column header as written in the file and the reason. When any row
is bad nothing is imported, unless ``skip_invalid``: then the good rows are imported (one transaction)
and the bad ones are written, with their reasons, to a reject file the agent can fix and import again.
Cells that could run as spreadsheet formulas (``= + - @``) are refused, never written back as formulas.

Rosters (花名册) as offices make them are read as they are: a merged title row and a 填报单位 line above
the header, columns we do not import (序号, 性别 …) ignored and listed, a 合计 row and signature lines
below skipped; ``item_code``/``mandate_signed``/``registered_on`` may be given for the whole file. A
villager who already has an open case for the same item, or appears twice in the file for it, is
skipped and reported (``allow_duplicates`` registers them anyway).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.domain import roster
from villagedesk.domain.catalog import Plan
from villagedesk.domain.errors import DomainError, NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.validators import mask_id, person_name
from villagedesk.services import catalog, intake
from villagedesk.services.desk import Desk
from villagedesk.services.tabular import MAX_ROWS, Cell, TableFileError, read_table


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the Chinese header of our template
    aliases: tuple[str, ...]
    required: bool = False
    max_chars: int = 64


COLUMNS = [
    Column("item_code", "事项编码", ("item_code", "事项代码", "事项"), True, 32),
    Column("name", "姓名", ("name", "申请人", "申请人姓名"), True, 40),
    Column("id_number", "身份证号", ("id_number", "身份证号码", "公民身份号码", "身份证"), True, 32),
    Column("phone", "联系电话", ("phone", "电话", "手机", "手机号", "手机号码"), True, 32),
    Column("group", "村民小组", ("group", "小组", "组"), False, 64),
    Column("address", "住址", ("address", "地址", "家庭住址"), False, 200),
    Column("mandate_signed", "委托书已签", ("mandate_signed", "委托书", "已签委托书"), False, 8),
    Column("registered_on", "登记日期", ("registered_on", "日期", "受理日期"), False, 32),
    Column("missing", "缺少材料", ("missing", "缺件", "缺少的材料"), False, 1000),
    Column("note", "备注", ("note", "说明"), False, 2000),
    Column("sex", "性别", ("sex",), False, 8),  # not imported (the ID number says it): checked against it
]
CHECK_ONLY = {"sex"}
BY_KEY = {c.key: c for c in COLUMNS}
REJECT_COLUMNS = ("原行号", "问题")  # added to reject files; ignored when such a file is imported again
FIELD_COLUMN = {"materials": "missing", "credit_code": "note", "channel": "note", "id_type": "id_number"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MISSING_SEPARATORS = re.compile(r"[；;、，,\n]+")
YES = {"是", "已签", "y", "yes", "true", "1", "√", "✓", "✔", "有"}
NO = {"否", "未签", "n", "no", "false", "0", "×", "无", ""}
PHONE_PLUS = re.compile(r"\+86[\d\s-]{7,16}")
EARLIEST = date(2000, 1, 1)
HEADER_SCAN_ROWS = 10
MAX_PROBLEMS = 10_000


def _norm_header(text: str) -> str:
    """``委托书已签(是/否)*`` → ``委托书已签``: what a header means, whatever decorates it."""
    text = unicodedata.normalize("NFKC", text).replace("\ufeff", "")
    text = re.sub(r"[(\[（【].*?[)\]）】]", "", text)
    return "".join(text.split()).strip("*＊:：").lower()


ALIASES = {_norm_header(a): c.key for c in COLUMNS for a in (c.header, *c.aliases)}


@dataclass(frozen=True)
class Problem:
    row: int  # as Excel shows it (the header is row 1 in our template)
    column: str  # the header as written in the file ("" for the whole row)
    message: str


@dataclass
class ImportReport:
    path: Path
    kind: str = ""
    encoding: str = ""
    rows: int = 0  # data rows read
    imported: list[str] = field(default_factory=list)  # case numbers
    bad_rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unread_sheets: str = ""  # the sentence naming the workbook's other sheets with content (not read)
    skip_invalid: bool = False
    reject_file: Path | None = None
    ignored_columns: list[str] = field(default_factory=list)  # headers not imported, in file order
    skipped: list[Problem] = field(default_factory=list)  # 合计 and signature rows under the table
    duplicates: list[Problem] = field(default_factory=list)  # rows not registered: already open / twice

    def notes(self) -> list[str]:
        """Lines that tell what was read differently from a plain row-by-row import."""
        lines = [self.unread_sheets] if self.unread_sheets else []
        if self.ignored_columns:
            lines.append("已忽略的列: " + ", ".join(self.ignored_columns))
        if self.skipped:
            lines.append("已跳过表尾行: " + ", ".join(f"第{p.row}行" for p in self.skipped) + "(合计/签名行, 不是办件)")
        return lines

    @property
    def ok(self) -> bool:
        """Nothing was wrong, or the caller chose to skip bad rows and they were set aside."""
        return not self.problems or (self.skip_invalid and self.reject_file is not None)

    def summary(self) -> str:
        dup = f", {len(self.duplicates)} 行重复未登记" if self.duplicates else ""
        if self.rows == 0 and self.problems:
            return f"未导入任何办件: 表头有 {len(self.problems)} 个问题, 没有读取任何数据行。请改正表头后重新导入"
        if not self.problems:
            return f"导入完成: 共 {self.rows} 行, 已登记 {len(self.imported)} 件办件{dup}"
        if self.skip_invalid:
            where = f", 已写入 {self.reject_file}" if self.reject_file else ""
            return (
                f"已登记 {len(self.imported)} 件办件{dup}; {self.bad_rows} 行有问题未导入{where}"
                f"(共 {self.rows} 行, {len(self.problems)} 个问题)"
            )
        return (
            f"未导入任何办件: {self.rows} 行中有 {self.bad_rows} 行有问题(共 {len(self.problems)} 个)。"
            "请改正后重新导入, 或加 --skip-invalid 只导入正确的行"
        )


@dataclass
class _Row:
    number: int
    cells: list[Cell]
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    form: intake.IntakeForm | None = None


@dataclass(frozen=True)
class Defaults:
    """Values for the whole file, used where a row's own cell is empty (or the column is absent)."""

    item_code: str = ""
    mandate_signed: bool | None = None
    registered_on: date | None = None


@dataclass
class _Checked:
    """A file read and every row checked, nothing written yet."""

    kind: str
    header_row: int
    headers: list[str]
    mapping: dict[str, int]
    rows: list[_Row]


def _check(
    desk: Desk, path: Path, max_rows: int, defaults: Defaults, allow_duplicates: bool, skip_invalid: bool
) -> tuple[ImportReport, _Checked | None]:
    """Read ``path`` and check every row with the intake rules; None when the header itself is wrong."""
    if desk.identity.role is not Role.AGENT:
        office = {Role.CLERK: "镇中心", Role.CITY: "市级审批服务中心"}.get(desk.identity.role, "管理员")
        raise TransitionError(f"只有村代办员可以导入办件(本机是{office}账号)")
    if defaults.item_code:
        with desk.store.read() as s:
            try:
                catalog.plan_in(s, defaults.item_code, defaults.registered_on or desk.today())
            except (NotFoundError, ValueError):
                hint = "请在「事项清单」页查到编码后再导入"
                raise NotFoundError(f"事项编码 {defaults.item_code} 不在事项清单中, {hint}") from None
    table = read_table(path, max_rows=max_rows)
    report = ImportReport(path, table.kind, table.encoding, skip_invalid=skip_invalid)
    if not table.rows:
        raise TableFileError("文件中没有任何内容")
    header_at, mapping, header_problems = _header(table.rows, defaults)
    header_number, header_cells = table.rows[header_at]
    headers = [c.text.strip() for c in header_cells]
    report.ignored_columns = _ignored(headers, mapping)
    unread = _unread_sheets(table)
    if header_problems:
        report.problems = header_problems
        if unread:
            report.problems = [Problem(p.row, p.column, f"{p.message}; {unread}") for p in header_problems]
        return report, None  # columns are wrong: no row can be read reliably
    data = []
    for number, cells in table.rows[header_at + 1 :]:
        if roster.is_footer([c.text for c in cells]):
            report.skipped.append(Problem(number, "", "合计/签名行, 不是办件, 已跳过"))
        else:
            data.append((number, cells))
    if not data:
        raise TableFileError(f"文件只有表头(第 {header_number} 行), 没有数据行")
    report.rows = len(data)
    rows = [_row(number, cells, mapping, headers) for number, cells in data]
    _validate(desk, rows, mapping, headers, defaults)
    report.warnings = _duplicates(rows, headers, mapping)
    report.unread_sheets = unread
    if not allow_duplicates:
        report.duplicates = _already_open(desk, rows, headers, mapping)
    bad = [r for r in rows if r.problems]
    report.bad_rows = len(bad)
    report.problems = [p for r in bad for p in r.problems][:MAX_PROBLEMS]
    return report, _Checked(table.kind, header_number, headers, mapping, rows)


def import_file(
    desk: Desk,
    path: Path,
    skip_invalid: bool = False,
    reject_file: Path | str | None = None,
    max_rows: int = MAX_ROWS,
    defaults: Defaults | None = None,
    allow_duplicates: bool = False,
) -> ImportReport:
    """Validate every row of ``path``, then register all of them, or (``skip_invalid``) the good ones."""
    path = Path(path)
    report, checked = _check(desk, path, max_rows, defaults or Defaults(), allow_duplicates, skip_invalid)
    if checked is None:
        return report
    bad = [r for r in checked.rows if r.problems]
    if bad and not skip_invalid:
        return report
    if bad:
        report.reject_file = _write_rejects(path, reject_file, checked.kind, checked.headers, bad)
    skip = {p.row for p in report.duplicates}
    good = [r.form for r in checked.rows if not r.problems and r.form is not None and r.number not in skip]
    if good:
        results = intake.register_many(desk, good, refuse_other_name=True)
        report.imported = [r.case_no for r in results]
    return report


@dataclass(frozen=True)
class PreviewRow:
    number: int  # as Excel shows it
    cells: tuple[str, ...]  # as read, one per column of the header row
    problems: tuple[str, ...]  # beside the row: what stops it (or "重复: …" when it will be skipped)


@dataclass(frozen=True)
class Preview:
    """What an import would read, shown before anything is written (the GUI dialog's model)."""

    report: ImportReport  # counts, ignored columns, skipped rows, every problem
    header_row: int  # 0 when no header was found
    columns: tuple[tuple[str, str], ...]  # (header as written, what it is read as, or "已忽略")
    rows: tuple[PreviewRow, ...]


def preview(
    desk: Desk,
    path: Path,
    defaults: Defaults | None = None,
    allow_duplicates: bool = False,
    limit: int = 20,
    max_rows: int = MAX_ROWS,
) -> Preview:
    """The first ``limit`` rows as they will be read: header found, columns mapped, problems beside
    each row. Reads and checks the whole file (the counts are exact) and writes nothing."""
    report, checked = _check(desk, Path(path), max_rows, defaults or Defaults(), allow_duplicates, False)
    if checked is None:
        row = report.problems[0].row if report.problems else 0
        return Preview(report, row, (), ())
    meaning = {i: BY_KEY[k].header for k, i in checked.mapping.items() if k not in CHECK_ONLY}
    columns = tuple((h, meaning.get(i, "已忽略" if h else "")) for i, h in enumerate(checked.headers))
    dup = {p.row: p.message for p in report.duplicates}
    shown = []
    for r in checked.rows[:limit]:
        problems = [f"{p.column + ': ' if p.column else ''}{p.message}" for p in r.problems]
        if r.number in dup:
            problems.append(f"重复: {dup[r.number]}")
        cells = [r.cells[i].text if i < len(r.cells) else "" for i in range(len(checked.headers))]
        if "id_number" in checked.mapping:  # a preview is a list: ID numbers masked
            at = checked.mapping["id_number"]
            cells[at] = mask_id(cells[at]) if cells[at] else ""
        shown.append(PreviewRow(r.number, tuple(cells), tuple(problems)))
    return Preview(report, checked.header_row, columns, tuple(shown))


# --- header ---------------------------------------------------------------------------------------


def _header(rows: list[tuple[int, list[Cell]]], defaults: Defaults) -> tuple[int, dict[str, int], list[Problem]]:
    """Find the header row (title and 填报单位 rows above it are allowed) and map column keys to cell
    positions; columns we do not know are left out of the mapping (the report lists them)."""
    best, best_hits = 0, 0
    for index, (_, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        hits = sum(1 for c in cells if _norm_header(c.text) in ALIASES)
        if hits > best_hits:
            best, best_hits = index, hits
        if hits >= 2:
            break
    number, cells = rows[best]
    mapping: dict[str, int] = {}
    problems: list[Problem] = []
    expected = "、".join(c.header for c in COLUMNS)
    if best_hits == 0:
        return best, mapping, [Problem(number, "", f"找不到表头; 第一行应为列名, 如: {expected}")]
    data_width = max((len(c) for _, c in rows[best + 1 :]), default=0)
    for position, cell in enumerate(cells):
        title = cell.text.strip()
        norm = _norm_header(title)
        if not norm:
            if position < data_width and any(
                position < len(c) and c[position].text.strip() for _, c in rows[best + 1 :]
            ):
                problems.append(Problem(number, f"第{position + 1}列", "该列有数据但没有列名"))
            continue
        if title in REJECT_COLUMNS:
            continue
        key = ALIASES.get(norm)
        if key is None:
            continue  # 序号 and the like: ignored, listed in the report
        if key in mapping:
            first = cells[mapping[key]].text.strip()
            problems.append(Problem(number, title, f"与「{first}」重复(都表示{BY_KEY[key].header})"))
        else:
            mapping[key] = position
    for column in COLUMNS:
        if column.required and column.key not in mapping:
            if column.key == "item_code" and defaults.item_code:
                continue
            hint = "(或导入时用 --item 指定整个文件的事项)" if column.key == "item_code" else ""
            problems.append(Problem(number, column.header, f"缺少必需的列{hint}; 可用的列: {expected}"))
    return best, mapping, problems


def _ignored(headers: list[str], mapping: dict[str, int]) -> list[str]:
    """Headers whose column is not imported (unknown ones and the check-only 性别), in file order."""
    check_only = {i for k, i in mapping.items() if k in CHECK_ONLY}
    return [
        h
        for i, h in enumerate(headers)
        if h and h not in REJECT_COLUMNS and (i in check_only or _norm_header(h) not in ALIASES)
    ]


# --- rows -----------------------------------------------------------------------------------------


def _row(number: int, cells: list[Cell], mapping: dict[str, int], headers: list[str]) -> _Row:
    """Read one row's cells, refusing hostile content before any field rule sees it."""
    row = _Row(number, cells, {})
    for key, position in mapping.items():
        cell = cells[position] if position < len(cells) else Cell("")
        header = headers[position]
        text = cell.text.replace("\ufeff", "").replace("\u200b", "")
        if cell.formula:
            row.problems.append(Problem(number, header, "单元格是公式, 请复制后「选择性粘贴 → 数值」再导入"))
            continue
        stripped = text.strip()
        if stripped.startswith(FORMULA_START) and not (key == "phone" and PHONE_PLUS.fullmatch(stripped)):
            row.problems.append(Problem(number, header, "以 = + - @ 开头, 可能是公式(CSV 注入), 已拒绝"))
            continue
        allowed = "\n\t\r" if key in ("address", "note", "missing") else ""
        if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
            row.problems.append(Problem(number, header, "含有不可见的控制字符, 请删除后重新输入"))
            continue
        limit = BY_KEY[key].max_chars
        if len(stripped) > limit:
            row.problems.append(Problem(number, header, f"内容过长({len(stripped)}字, 最多{limit}字)"))
            continue
        damage = roster.excel_damage(stripped, cell.numeric) if key == "id_number" else ""
        if damage:
            row.problems.append(Problem(number, header, damage))
            continue
        row.values[key] = stripped
    return row


def _parse_bool(text: str) -> bool | None:
    low = text.strip().lower()
    if low in YES:
        return True
    if low in NO:
        return False
    return None


def _parse_date(text: str) -> date | None:
    text = text.strip()
    match = re.fullmatch(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?", text
    )
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _validate(desk: Desk, rows: list[_Row], mapping: dict[str, int], headers: list[str], defaults: Defaults) -> None:
    """Build each row's IntakeForm and check it with the intake rules, in one read transaction."""
    today = desk.today()

    def column(key: str) -> str:
        return headers[mapping[key]] if key in mapping else BY_KEY[key].header

    with desk.store.read() as s:
        plans: dict[tuple[str, date], Plan | None] = {}
        found: dict[tuple[str, date], Plan] = {}  # intake.validate's own cache

        def plan_for(code: str, on: date) -> Plan | None:
            if (code, on) not in plans:
                try:
                    plans[(code, on)] = catalog.plan_in(s, code, on)
                except (NotFoundError, ValueError):
                    plans[(code, on)] = None
            return plans[(code, on)]

        for row in rows:
            get: Callable[[str], str] = _getter(row.values)
            if not get("item_code") and defaults.item_code:
                row.values["item_code"] = defaults.item_code
            mandate = _parse_bool(get("mandate_signed"))
            if not get("mandate_signed") and defaults.mandate_signed is not None:
                mandate = defaults.mandate_signed
            if mandate is None:
                row.problems.append(Problem(row.number, column("mandate_signed"), "应填「是」或「否」"))
            on: date | None = None if get("registered_on") else defaults.registered_on
            if on is not None and on > today:
                row.problems.append(Problem(row.number, column("registered_on"), "登记日期不能晚于今天"))
                on = None
            if get("registered_on"):
                on = _parse_date(get("registered_on"))
                if on is None:
                    row.problems.append(
                        Problem(row.number, column("registered_on"), "日期格式应为 2026-11-25 或 2026/11/25")
                    )
                elif on > today:
                    row.problems.append(Problem(row.number, column("registered_on"), "登记日期不能晚于今天"))
                    on = None
                elif on < EARLIEST:
                    row.problems.append(Problem(row.number, column("registered_on"), "登记日期过早, 请核对"))
                    on = None
            materials: dict[str, intake.MaterialState] = {}
            plan = plan_for(get("item_code"), on or today) if get("item_code") else None
            missing = [x.strip() for x in MISSING_SEPARATORS.split(get("missing")) if x.strip()]
            if plan is not None:
                materials = {mat.name: intake.MaterialState("have") for mat in plan.materials}
            for name in missing:
                materials[name] = intake.MaterialState("missing")
            form = intake.IntakeForm(
                item_code=get("item_code"),
                name=get("name"),
                id_number=get("id_number"),
                phone=get("phone"),
                group=get("group"),
                address=get("address"),
                materials=materials,
                mandate_signed=bool(mandate),
                channel="import",
                note=get("note"),
                registered_on=on,
            )
            already = {p.column for p in row.problems}
            try:
                intake.validate(desk, s, form, found, refuse_other_name=True)
            except intake.FormErrors as err:
                for e in err.errors:
                    key = FIELD_COLUMN.get(e.field, e.field)
                    header = column(key) if key in BY_KEY else e.field
                    if header in already:
                        continue  # the cell itself was refused already; its field error would repeat it
                    if key == "mandate_signed" and mandate is None:
                        continue
                    hint = "(整份名单都已签的, 导入时加 --mandate-signed)" if key == "mandate_signed" else ""
                    row.problems.append(Problem(row.number, header, e.message + hint))
            except DomainError as err:
                row.problems.append(Problem(row.number, "", str(err)))
            if "sex" in mapping and "id_number" not in already:
                wrong = roster.sex_mismatch(get("sex"), get("id_number"))
                if wrong:
                    row.problems.append(Problem(row.number, column("sex"), wrong))
            if not row.problems:
                row.form = form


def _getter(values: dict[str, str]) -> Callable[[str], str]:
    return lambda key: values.get(key, "")


def _unread_sheets(table) -> str:
    """The sentence naming the XLSX sheets with content that an import does not read (only the first sheet
    is the roster), or "": a second sheet's villagers were dropped without a word."""
    if not table.other_sheets:
        return ""
    names = "、".join(f"「{n}」" for n in table.other_sheets)
    return (
        f"只读取了第一个工作表「{table.sheet}」; 工作簿中的工作表{names}也有内容, 未读取: "
        "如果那里也有名单, 请把它移到第一个工作表, 或另存为单独的文件再导入"
    )


def _name(text: str) -> str:
    """A row's name as the case would keep it (``person_name``: 「王 芳」 and 王芳 are one name)."""
    try:
        return person_name(text)
    except ValidationError:
        return text.strip()


def _duplicates(rows: list[_Row], headers: list[str], mapping: dict[str, int]) -> list[Problem]:
    """Warn about rows repeated whole, and refuse one ID number written for two different names (the
    same number typed differently, a lowercase x or full-width digits, is the same number): every row of
    that number, the first one too, is held back."""
    same: dict[tuple[str, ...], int] = {}
    by_number: dict[str, list[tuple[_Row, str]]] = {}
    warnings: list[Problem] = []
    id_header = headers[mapping["id_number"]] if "id_number" in mapping else "身份证号"
    for row in rows:
        whole = tuple(c.text.strip() for c in row.cells)
        if whole in same:
            warnings.append(Problem(row.number, "", f"与第{same[whole]}行完全相同, 请确认是否重复登记"))
        else:
            same[whole] = row.number
        number, name = roster.normalize_id(row.values.get("id_number", "")), _name(row.values.get("name", ""))
        if number and name:
            by_number.setdefault(number, []).append((row, name))
    for written in by_number.values():
        if len({name for _r, name in written}) < 2:
            continue
        # Every row of the number is held back: the office cannot know from the sheet which name is right.
        for row, name in written:
            other_row, other = next((r, n) for r, n in written if n != name)
            pair = (name, other) if row.number < other_row.number else (other, name)
            message = f"与第{other_row.number}行身份证号相同, 姓名却不同(「{pair[0]}」/「{pair[1]}」): 请核对号码"
            row.problems.append(Problem(row.number, id_header, message))
            row.form = None
    return warnings


def _already_open(desk: Desk, rows: list[_Row], headers: list[str], mapping: dict[str, int]) -> list[Problem]:
    """Rows not to register: the villager has an open case for the item already, or an earlier row
    of this file asks for the same item (the same normalised ID number)."""
    id_header = headers[mapping["id_number"]] if "id_number" in mapping else "身份证号"
    wanted = {roster.normalize_id(r.form.id_number) for r in rows if r.form is not None}
    open_cases: dict[tuple[str, str], str] = {}
    numbers = sorted(wanted)
    c, a = m.Case, m.Applicant
    with desk.store.read() as s:
        for i in range(0, len(numbers), 500):
            query = (
                select(a.id_number, c.item_code, c.case_no)
                .join(c, c.applicant_id == a.id)
                .where(a.id_number.in_(numbers[i : i + 500]), c.open.is_(True))
            )
            for number, item, case_no in s.execute(query):
                open_cases.setdefault((number, item.upper()), case_no)
    seen: dict[tuple[str, str], int] = {}
    out: list[Problem] = []
    for row in rows:
        if row.form is None or row.problems:
            continue
        key = (roster.normalize_id(row.form.id_number), row.form.item_code.strip().upper())
        if key in open_cases:
            out.append(Problem(row.number, id_header, f"已有在办的同一事项办件 {open_cases[key]}, 未重复登记"))
        elif key in seen:
            out.append(Problem(row.number, id_header, f"与第{seen[key]}行是同一人办同一事项, 未重复登记"))
        else:
            seen[key] = row.number
    return out


# --- reject file ----------------------------------------------------------------------------------


def _reject_path(source: Path, reject_file: Path | str | None, kind: str) -> Path:
    if reject_file:
        target = Path(reject_file)
    else:
        target = _new_name(source.with_name(f"{source.stem}.未导入{'.xlsx' if kind == 'xlsx' else '.csv'}"))
    if target.resolve() == source.resolve():
        raise DomainError("未导入行的文件不能与导入文件相同")
    return target


def _new_name(target: Path) -> Path:
    """``X.未导入.csv``, or the first of ``X.未导入(2).csv``, ``X.未导入(3).csv`` … not yet there: an earlier
    reject file (perhaps one the office has been correcting) is never overwritten."""
    n = 1
    candidate = target
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = target.with_name(f"{target.stem}({n}){target.suffix}")
    return candidate


def _safe_csv(text: str) -> str:
    """Cells written back for Excel must not run as formulas: prefix them with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _write_rejects(
    source: Path, reject_file: Path | str | None, kind: str, headers: list[str], bad: list[_Row]
) -> Path:
    target = _reject_path(source, reject_file, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    out_headers = [h for h in headers if h not in REJECT_COLUMNS]  # every column, ignored ones too
    keep = [i for i, h in enumerate(headers) if h not in REJECT_COLUMNS]
    records = []
    for row in bad:
        values = [row.cells[i].text if i < len(row.cells) else "" for i in keep]
        reasons = "; ".join(f"{p.column + ': ' if p.column else ''}{p.message}" for p in row.problems)
        records.append([*values, str(row.number), reasons])
    tmp = target.with_name(target.name + ".part")
    if target.suffix.lower() == ".xlsx":
        _write_xlsx(tmp, [*out_headers, *REJECT_COLUMNS], records)
    else:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel then reads UTF-8
            writer = csv.writer(fh)
            writer.writerow([*out_headers, *REJECT_COLUMNS])
            writer.writerows([[_safe_csv(v) for v in record] for record in records])
    tmp.replace(target)
    return target


def _write_xlsx(path: Path, headers: list[str], records: list[list[str]]) -> None:
    """Every cell as a text cell, so nothing in a rejected row can become a formula."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("未导入")

    def text_cell(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)  # the reason column says what was there
        cell.data_type = "s"
        return cell

    sheet.append([text_cell(h) for h in headers])
    for record in records:
        sheet.append([text_cell(v) for v in record])
    book.save(path)
