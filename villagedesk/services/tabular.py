"""Read a spreadsheet a person made (CSV or XLSX) into rows of text, refusing what is not one.

Village offices save CSV from Excel in UTF-8 (with or without BOM), in GBK/GB18030 (Excel's default
"CSV" on Chinese Windows) or as UTF-16 "Unicode text"; all are detected. Files that are too big, binary,
not really XLSX, or zip bombs are refused with a message a person can act on (``TableFileError``).
Every row keeps the number Excel shows for it, so problems can be reported where the user will look.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from villagedesk.domain.errors import DomainError

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_CELL_CHARS = 100_000  # the csv module's own limit is raised to this; fields check their own lengths
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls / .et of old Excel and WPS


class TableFileError(DomainError):
    """The file as a whole cannot be read as a table."""


@dataclass(frozen=True)
class Cell:
    """One cell as text, with what the reader noticed about it."""

    text: str
    formula: bool = False  # an XLSX formula cell (its formula text is in ``text``)
    numeric: bool = False  # an XLSX number cell (long numbers such as ID numbers lose digits there)


@dataclass
class Table:
    kind: str  # "csv" | "xlsx"
    encoding: str  # what the CSV was decoded as ("" for XLSX)
    rows: list[tuple[int, list[Cell]]]  # (row number as Excel shows it, cells); empty rows dropped
    sheet: str = ""  # the XLSX sheet read (the first)
    other_sheets: tuple[str, ...] = ()  # the XLSX sheets not read that have something in them


def read_table(path: Path, max_rows: int = MAX_ROWS, max_bytes: int = MAX_FILE_BYTES) -> Table:
    """Read ``path`` as CSV or XLSX, by its content first and its extension second."""
    if not path.exists():
        raise TableFileError(f"找不到文件 {path.name}")
    if not path.is_file():
        raise TableFileError(f"{path.name} 不是文件")
    size = path.stat().st_size
    if size == 0:
        raise TableFileError("文件是空的(0 字节)")
    if size > max_bytes:
        raise TableFileError(f"文件过大({size / 1048576:.1f} MB, 最多 {max_bytes // 1048576} MB), 请分批导入")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(OLE_MAGIC) or suffix in (".xls", ".et"):
        raise TableFileError("这是旧版 Excel(.xls)或 WPS 表格文件, 请在 Excel/WPS 中另存为 .xlsx 或 CSV 后再导入")
    if head.startswith(XLSX_MAGIC):
        return _read_xlsx(path, max_rows)
    if suffix in (".xlsx", ".xlsm"):
        raise TableFileError("文件扩展名是 .xlsx, 但内容不是 Excel 工作簿(可能已损坏或被改了扩展名)")
    return _read_csv(path.read_bytes(), max_rows)


# --- CSV ------------------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) for CSV bytes; raises TableFileError for binary or unknown encodings."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data:
            raise TableFileError("文件中含有 NUL 字节, 不是文本表格(可能是其他文件改了扩展名为 .csv)")
        encodings = ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise TableFileError("文件中含有 NUL 字符, 不是文本表格(可能是其他文件改了扩展名为 .csv)")
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if controls > max(8, len(text) // 100):
            raise TableFileError("文件中有大量不可见的控制字符, 不像是文本表格(可能是其他文件改了扩展名为 .csv)")
        return text, "gb18030" if encoding == "gb18030" else encoding
    raise TableFileError(
        "无法识别文件编码(既不是 UTF-8 也不是 GBK/GB18030): 请在 Excel 中「另存为 → CSV UTF-8(逗号分隔)」后再导入"
    )


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "，")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, max_rows: int) -> Table:
    text, encoding = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_CELL_CHARS))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[tuple[int, list[Cell]]] = []
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            if not any(field.strip() for field in record):
                continue
            if len(rows) > max_rows:  # header + max_rows data rows are allowed
                raise TableFileError(f"数据行超过 {max_rows} 行, 请拆分成几个文件分批导入")
            rows.append((number, [Cell(field) for field in record]))
    except csv.Error as err:
        limit = csv.field_size_limit()
        if "field larger than field limit" in str(err):
            where = _long_cell(text, delimiter, number + 1, limit)
            raise TableFileError(
                f"第 {number + 1} 行{where}的单元格太长(超过 {limit} 个字符, 每个单元格最多 {limit} 个字符): "
                "请检查该单元格是否粘贴了整段文字, 或前面的单元格少了一个引号"
            ) from None
        raise TableFileError(f"第 {number + 1} 行无法按 CSV 读取, 请检查引号是否成对") from None
    return Table("csv", encoding, rows)


def _long_cell(text: str, delimiter: str, record: int, limit: int) -> str:
    """Which column of CSV record ``record`` is longer than ``limit`` (「第 3 列」), read again without the
    limit; "" when it cannot be told."""
    old = csv.field_size_limit()
    try:
        csv.field_size_limit(len(text) + 1)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        for n, fields in enumerate(reader, start=1):
            if n == record:
                return next((f" 第 {i} 列" for i, cell in enumerate(fields, start=1) if len(cell) > limit), "")
    except csv.Error:
        return ""
    finally:
        csv.field_size_limit(old)
    return ""


# --- XLSX -----------------------------------------------------------------------------------------


def _read_xlsx(path: Path, max_rows: int) -> Table:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise TableFileError("文件不是有效的 Excel 工作簿(.xlsx 压缩结构已损坏)") from None
    if "xl/workbook.xml" not in names:
        raise TableFileError("这是压缩文件而不是 Excel 工作簿(.xlsx), 请选择正确的文件")
    if unpacked > MAX_UNZIPPED_BYTES:
        raise TableFileError("工作簿解压后过大, 已拒绝(可能是恶意文件); 请只保留需要导入的工作表")
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it ignores
            book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for broken parts
        raise TableFileError(f"无法打开 Excel 工作簿: {type(err).__name__}") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise TableFileError("工作簿中没有工作表")
        rows: list[tuple[int, list[Cell]]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, cells in enumerate(sheet.iter_rows(), start=1):
                converted = [_xlsx_cell(c) for c in cells]
                if not any(c.text.strip() for c in converted):
                    continue
                if len(rows) > max_rows:
                    raise TableFileError(f"数据行超过 {max_rows} 行, 请拆分成几个文件分批导入")
                rows.append((number, converted))
            others = tuple(s.title for s in book.worksheets[1:] if _has_content(s, max_rows))
    finally:
        book.close()
    return Table("xlsx", "", rows, sheet.title, others)


def _has_content(sheet, max_rows: int) -> bool:
    """Whether a sheet the reader does not read has any cell filled in (only its first rows are looked at)."""
    for n, values in enumerate(sheet.iter_rows(values_only=True)):
        if n > max_rows:
            return True
        if any(v is not None and str(v).strip() for v in values):
            return True
    return False


def _excel_number(value: float) -> str:
    """A number as Excel shows it in a "0"-formatted cell: 15 significant digits, no exponent, so an
    ID number Excel rounded reads 419001195001013000 (what the agent sees), not 4.19001195001013e+17."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if value.is_integer() and abs(value) < 1e21:
        return str(int(Decimal(format(value, ".15g"))))
    return repr(value)


def _xlsx_cell(cell) -> Cell:
    value = getattr(cell, "value", None)
    if value is None:
        return Cell("")
    if getattr(cell, "data_type", "") == "f":
        return Cell(str(value), formula=True)
    if isinstance(value, bool):
        return Cell("是" if value else "否")
    if isinstance(value, datetime):
        return Cell(value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" "))
    if isinstance(value, date):
        return Cell(value.isoformat())
    if isinstance(value, float):
        return Cell(_excel_number(value), numeric=True)
    if isinstance(value, int):
        return Cell(str(value), numeric=True)
    return Cell(str(value))
