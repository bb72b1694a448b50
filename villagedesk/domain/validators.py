"""Validators for what a villager tells the agent. Each failure is a ValidationError naming the field.

Resident IDs use python-stdnum's GB 11643 checksum and birth date, but not its address-code table:
old or newly created address codes (济源 419001 among them) are valid IDs all the same.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from villagedesk.domain.errors import ValidationError

MIDDLE_DOT = "·"
# Dots people type for the name separator, all normalised to U+00B7.
DOT_VARIANTS = "·•∙⋅・･．.｡"
_NAME_MAX = 40
NAME_MAX = _NAME_MAX  # what a name box may take


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    sex: str  # "男" or "女"

    def age_on(self, today: date) -> int:
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))


# Full-width digits and letters (an IME left in full-width mode) mean their ASCII twins.
_FULL_WIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"Ｘ": "X", "ｘ": "x", "－": "-", "＋": "+"})
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")


def _clean(text: str | None) -> str:
    return "".join((text or "").translate(_FULL_WIDTH).split())


def resident_id(value: str | None, field: str = "id_number", today: date | None = None) -> ResidentId:
    """Validate an 18-character resident ID and read birth date and sex from it."""
    from stdnum import exceptions as stdnum_errors  # imported on first use: not needed at start-up
    from stdnum.cn import ric

    number = _clean(value).upper()
    if not number:
        raise ValidationError(field, "请填写身份证号码")
    if len(number) != 18:
        raise ValidationError(field, f"身份证号码应为18位, 现为{len(number)}位")
    if not _RESIDENT_ID.fullmatch(number):
        raise ValidationError(field, "身份证号码只能是17位数字加数字或X")
    try:
        birth = ric.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ValidationError(field, f"出生日期 {number[6:14]} 不存在") from None
    if birth > (today or date.today()) or birth.year < 1890:
        raise ValidationError(field, f"出生日期 {birth.isoformat()} 不合理")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(field, "身份证号码校验位错误, 请逐位核对")
    sex = "男" if int(number[16]) % 2 else "女"
    return ResidentId(number, birth, sex)


def mask_id(number: str | None) -> str:
    """``419001********0014``: what lists, exports and logs may show of an ID number."""
    number = _clean(number)
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(number: str | None) -> str:
    """``138****5678``: what lists show of a villager's phone (the full number where one booking is opened)."""
    number = _clean(number)
    return number[:3] + "****" + number[-4:] if len(number) >= 8 else "****" if number else ""


def credit_code(value: str | None, field: str = "uscc") -> tuple[str, str | None]:
    """统一社会信用代码: returns (code, warning). Early pilot codes fail the checksum, so only warn."""
    from stdnum import exceptions as stdnum_errors
    from stdnum.cn import uscc

    code = _clean(value).upper()
    if not code:
        raise ValidationError(field, "请填写统一社会信用代码")
    if len(code) != 18 or not code.isalnum():
        raise ValidationError(field, "统一社会信用代码应为18位字母或数字")
    try:
        uscc.validate(code)
    except stdnum_errors.ValidationError:
        return code, "统一社会信用代码校验未通过, 请核对营业执照(早期试点代码可能如此)"
    return code, None


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_LANDLINE = re.compile(r"0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?")


def phone(value: str | None, field: str = "phone") -> str:
    """An 11-digit mobile number (1[3-9]…) or a landline with area code (0391-1234567)."""
    text = (value or "").translate(_FULL_WIDTH).strip().replace(" ", "").replace("－", "-").replace("—", "-")
    if text.startswith("+86"):
        text = text[3:].lstrip("-")
    if not text:
        raise ValidationError(field, "请填写联系电话")
    digits = text.replace("-", "")
    if digits.isdigit() and len(digits) == 11 and digits.startswith("1") and _MOBILE.fullmatch(digits):
        return digits
    if _LANDLINE.fullmatch(text):
        return text
    if digits.isdigit() and len(digits) == 11 and digits.startswith("1"):
        raise ValidationError(field, "手机号码第二位应为3-9")
    if digits.isdigit() and len(digits) in (7, 8):
        raise ValidationError(field, "固定电话请加区号, 如 0391-6633123")
    raise ValidationError(field, "电话号码格式不对: 手机11位, 固话需带区号")


DEVICE_NAME_MAX = 64  # the ``devices.name`` column


def device_name(value: object, field: str = "name") -> str:
    """The name ``villagedesk-server enroll --name`` gives a device (a PC, e.g. 城关村委会电脑): one rule for
    the server's CLI, the server (``auth.create_code``) and the desk that receives it at enrollment.
    Unicode NFC, trimmed, every run of whitespace one space (so "  " is no name and "村委会　电脑" is
    "村委会 电脑" everywhere); no control or invisible format character (a zero-width space is not a
    name); 1..64 characters in any script: a device's name is a label, so one character (王, A) names a
    device alike. It is not a person's name: where the desk would take it for one (the placeholder of a
    profile nobody set up), ``person_name`` decides, as for ``villagedesk setup --name``."""
    if value is not None and type(value) is not str:
        raise ValidationError(field, "名称应为文字")
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value or "").strip())
    if not text:
        raise ValidationError(field, "请填写设备名称")
    if len(text) > DEVICE_NAME_MAX:
        raise ValidationError(field, f"设备名称过长(最多{DEVICE_NAME_MAX}字)")
    for n, ch in enumerate(text, start=1):
        if unicodedata.category(ch).startswith("C"):
            raise ValidationError(field, f"设备名称中含有不可见的控制字符(第 {n} 个字符)")
    return text


def _cjk(ch: str) -> bool:
    """A Chinese character (a wide letter: Han of any plane, 〇), the kind a roster pads with spaces."""
    return unicodedata.category(ch) in ("Lo", "Nl") and unicodedata.east_asian_width(ch) in ("W", "F")


def _unpad(text: str) -> str:
    """Spaces between two Chinese characters are a roster's padding (「王 芳」, 「张　伟」 with a full-width
    space, 「刘  洋」 to line up with three-character names), not part of the name: dropped. A space of a
    Latin-script name (Maria Rossi) stays."""
    if " " not in text:
        return text
    parts = text.split(" ")
    out = parts[0]
    for part in parts[1:]:
        out += part if (out and part and _cjk(out[-1]) and _cjk(part[0])) else " " + part
    return out


def person_name(value: str | None, field: str = "name") -> str:
    """A person's name: Chinese (any plane, rare characters included), `·` for minority names, or Latin.
    Whitespace is trimmed and collapsed; between two Chinese characters it is padding and dropped (``_unpad``:
    「王 芳」 is 王芳)."""
    text = unicodedata.normalize("NFC", (value or "").strip())
    text = "".join(MIDDLE_DOT if ch in DOT_VARIANTS else ch for ch in text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(rf"\s*{MIDDLE_DOT}\s*", MIDDLE_DOT, text)
    text = _unpad(text)
    if not text:
        raise ValidationError(field, "请填写姓名")
    if len(text) > _NAME_MAX:
        raise ValidationError(field, f"姓名过长(最多{_NAME_MAX}字)")
    if text.startswith(MIDDLE_DOT) or text.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in text:
        raise ValidationError(field, "间隔号「·」只能在名字中间")
    for n, ch in enumerate(text, start=1):
        if ch in (MIDDLE_DOT, " "):
            continue
        category = unicodedata.category(ch)
        if category.startswith("C"):
            raise ValidationError(field, "姓名中含有不可见的控制字符")
        if not category.startswith("L") and category != "Mn":  # the position, not the character (it may be hostile)
            raise ValidationError(field, f"姓名中不能有数字或符号(第 {n} 个字符; 只能用文字和间隔号「·」)")
    if len(text.replace(MIDDLE_DOT, "").replace(" ", "")) < 2 and not text.isascii():
        raise ValidationError(field, "姓名至少两个字")
    return text


def same_name(name: str, names: list[str]) -> bool:
    """Whether ``name`` is one of ``names`` once both are put through ``person_name`` (a name stored before
    padding was dropped, 「王 芳」, is 王芳)."""
    try:
        wanted = person_name(name)
    except ValidationError:
        return False
    for other in names:
        try:
            if person_name(other) == wanted:
                return True
        except ValidationError:
            continue
    return False


def free_text(value: str | None, field: str, max_len: int = 2000, required: bool = False) -> str:
    """Free text (addresses, notes, reasons): control characters removed, length bounded. Only text (or
    None) is text: a number, a list or an object in a text field is refused, never printed as its repr."""
    if value is not None and type(value) is not str:
        raise ValidationError(field, "应为文字")
    text = value or ""
    if not text.isprintable():  # (isprintable is C: most text has nothing to remove)
        text = "".join(ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
    text = text.strip()
    if required and not text:
        raise ValidationError(field, "此项不能为空")
    if len(text) > max_len:
        raise ValidationError(field, f"内容过长(最多{max_len}字)")
    return text


def name_list(
    items: object, field: str, most: int, required: bool, empty: str = "请列出全部缺少的材料(一次性告知)"
) -> list[str]:
    """A list of names (missing or received materials): each item a non-empty text of at most 200
    characters, so nothing but a name is ever listed on a 一次性告知单; duplicates dropped. ``empty``:
    the refusal of a required list that names nothing."""
    if items is None and not required:
        return []
    if type(items) is not list or (required and not items):
        raise ValidationError(field, empty if required else "材料应为名称的列表")
    if len(items) > most:
        raise ValidationError(field, f"材料最多列 {most} 项")
    if any(type(x) is not str for x in items):
        raise ValidationError(field, "每项材料都应为文字名称")
    return list(dict.fromkeys(free_text(x, field, 200, True) for x in items))
