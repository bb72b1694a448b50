"""Rules for rosters (花名册) as village offices make them in Excel or WPS: pure checks, no I/O.

An ID number typed into a cell Excel treats as a number keeps only 15 significant digits: the last
three become 000 (shown as 4.19001E+17). About one in ten such numbers still passes the checksum, so
the checksum cannot be trusted to catch it; the shape can.
"""

from __future__ import annotations

import re
import unicodedata

SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")
FOOTER_START = ("合计", "总计", "小计", "共计", "填表人", "制表人", "审核人", "负责人", "经办人", "说明")

EXCEL_NUMBER = (
    "身份证号被 Excel 存成了数字: Excel 只保留 15 位有效数字, 后 3 位已变成 000, 号码不可信, 即使校验位碰巧正确"
    "也不能导入。请把该列设为「文本」格式, 按身份证原件重新输入后再导入"
)
EXCEL_ZEROS = (
    "身份证号是 15 位有效数字后跟 000(或 4.19001E+17 这样的写法): 这是 Excel 把号码当成数字保存后的样子, "
    "后 3 位已丢失, 即使校验位碰巧正确也不能导入。请把该列设为「文本」, 按原件重新输入; "
    "若原件号码确实以 000 结尾, 请在「代办登记」页单独登记"
)


def excel_damage(text: str, numeric_cell: bool = False) -> str:
    """The explanation for an ID number that went through Excel as a number (a number-typed cell,
    scientific notation, or 15 significant digits followed by zeros), else ""."""
    if numeric_cell:
        return EXCEL_NUMBER
    number = normalize_id(text)
    if SCIENTIFIC.fullmatch(number) or (len(number) == 18 and number.isdigit() and number.endswith("000")):
        return EXCEL_ZEROS
    return ""


def normalize_id(text: str) -> str:
    """The ID number as stored: full-width digits to ASCII, spaces out, a lowercase x upper-cased."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).upper()


def sex_of(id_number: str) -> str | None:
    """男/女 from an 18-character ID number (17th digit odd: male), None when it has no such digit."""
    number = normalize_id(id_number)
    if len(number) != 18 or not number[16].isdigit():
        return None
    return "男" if int(number[16]) % 2 else "女"


def sex_mismatch(written: str, id_number: str) -> str:
    """A Chinese message when the 性别 cell contradicts the ID number, else ""."""
    text = "".join(unicodedata.normalize("NFKC", written or "").split())
    given = {"男": "男", "男性": "男", "m": "男", "女": "女", "女性": "女", "f": "女"}.get(text.lower())
    if not text:
        return ""
    if given is None:
        return f"性别应填「男」或「女」, 现为「{text}」"
    derived = sex_of(id_number)
    if derived is not None and derived != given:
        return f"性别填的是「{given}」, 但身份证号第17位表示「{derived}」: 请核对姓名、性别和号码是否同一人"
    return ""


def is_footer(texts: list[str]) -> bool:
    """A 合计 row or a signature line under the table, not a villager."""
    first = next((t.strip() for t in texts if t.strip()), "")
    squeezed = "".join(first.split())
    return squeezed.startswith(FOOTER_START)
