"""Validator vectors: resident IDs, USCC, phones, names (· variants, rare characters), hostile input."""

from __future__ import annotations

from datetime import date

import pytest

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.validators import credit_code, free_text, mask_id, person_name, phone, resident_id

TODAY = date(2026, 11, 25)
GOOD = "419001198001010014"


def _refused(fn, value, *words: str) -> str:
    with pytest.raises(ValidationError) as err:
        fn(value)
    for w in words:
        assert w in err.value.message
    return err.value.message


def test_reference_id_is_valid_with_birth_sex_and_age() -> None:
    rid = resident_id(GOOD, today=TODAY)
    assert (rid.number, rid.birth_date, rid.sex) == (GOOD, date(1980, 1, 1), "男")
    assert rid.age_on(TODAY) == 46
    assert rid.age_on(date(2025, 12, 31)) == 45
    female = resident_id("419001199003070023", today=TODAY)
    assert female.sex == "女" and female.birth_date == date(1990, 3, 7)
    assert resident_id("41900119850612106X", today=TODAY).number.endswith("X")


@pytest.mark.parametrize("last", "0123456789X".replace("4", ""))
def test_every_wrong_check_digit_is_refused(last: str) -> None:
    _refused(lambda v: resident_id(v, today=TODAY), GOOD[:17] + last, "校验位")


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("419001198002300014", "0230"),  # 30 February
        ("419001198013010014", "1301"),  # month 13
        ("419001198000010014", "0001"),  # month 0
        ("419001203001010014", "不合理"),  # born in the future
        ("419001188001010014", "不合理"),  # 1880
    ],
)
def test_impossible_birth_dates(value: str, word: str) -> None:
    _refused(lambda v: resident_id(v, today=TODAY), value, word)


@pytest.mark.parametrize("value", ["41900119800101001", "4190011980010100144", "419001800101001", ""])
def test_wrong_lengths(value: str) -> None:
    msg = _refused(lambda v: resident_id(v, today=TODAY), value)
    assert "18位" in msg or "请填写" in msg


def test_lowercase_x_spaces_and_full_width_digits_are_normalised() -> None:
    assert resident_id("41900119850612106x", today=TODAY).number == "41900119850612106X"
    assert resident_id(" 419001 19800101 0014 ", today=TODAY).number == GOOD
    full = GOOD.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert resident_id(full, today=TODAY).number == GOOD  # typed in the IME's full-width mode
    assert resident_id("41900119850612106Ｘ", today=TODAY).number == "41900119850612106X"


@pytest.mark.parametrize(
    "value",
    [
        "41900119800101001²",  # a superscript digit: str.isdigit() but not a digit a person means
        "٤١٩٠٠١١٩٨٠٠١٠١٠٠١٤",  # Arabic-Indic digits
        "41900119800101001A",
        "419001198001010\x0014",
        "419001198001010014\u200b",
    ],
)
def test_other_characters_are_refused_clearly(value: str) -> None:
    with pytest.raises(ValidationError) as err:
        resident_id(value, today=TODAY)
    assert err.value.field == "id_number"


def test_very_long_input_is_refused_quickly() -> None:
    _refused(lambda v: resident_id(v, today=TODAY), "4" * 1_000_000, "18位")
    _refused(person_name, "张" * 100_000, "过长")
    _refused(lambda v: free_text(v, "note", 2000), "字" * 5000, "过长")


def test_mask() -> None:
    assert mask_id(GOOD) == "419001********0014"
    assert mask_id("41900119850612106X") == "419001********106X"
    assert mask_id("123") == "***"


def test_credit_code_valid_and_bad_checksum_only_warns() -> None:
    assert credit_code("91110000600037341L") == ("91110000600037341L", None)
    assert credit_code("91110000600037341l") == ("91110000600037341L", None)
    code, warning = credit_code("91110000600037341M")
    assert code == "91110000600037341M" and warning and "校验" in warning
    _refused(credit_code, "9111000060003734", "18位")
    _refused(credit_code, "", "请填写")


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("0391-6633123", "0391-6633123"),
        ("0391－6633123", "0391-6633123"),
        ("010-12345678", "010-12345678"),
        ("03916633123", "03916633123"),
        ("0391-6633123-801", "0391-6633123-801"),
    ],
)
def test_phones_accepted(value: str, clean: str) -> None:
    assert phone(value) == clean


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("12812345678", "第二位"),
        ("6633123", "区号"),
        ("1381234567", "格式"),
        ("abc", "格式"),
        ("", "请填写"),
        ("١٣٨١٢٣٤٥٦٧٨", "格式"),  # Arabic-Indic digits match \d but are no phone number here
    ],
)
def test_phones_refused(value: str, word: str) -> None:
    _refused(phone, value, word)


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("张三", "张三"),
        ("  欧阳娜娜 ", "欧阳娜娜"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提•艾力", "买买提·艾力"),
        ("买买提・艾力", "买买提·艾力"),
        ("买买提．艾力", "买买提·艾力"),
        ("买买提.艾力", "买买提·艾力"),
        ("买买提 · 艾力", "买买提·艾力"),
        ("王𠇔", "王𠇔"),
        ("𪚥", None),  # one character is not a Chinese name
        ("李𪚥𪚥", "李𪚥𪚥"),
        ("John Smith", "John Smith"),
    ],
)
def test_names(value: str, clean: str | None) -> None:
    if clean is None:
        _refused(person_name, value, "两个字")
    else:
        assert person_name(value) == clean


@pytest.mark.parametrize(
    ("value", "word"),
    [
        ("张\x00三", "控制字符"),
        ("张\u200b三", "控制字符"),
        ("张\u202e三", "控制字符"),
        ("·艾力", "中间"),
        ("买买提··艾力", "中间"),
        ("张3", "不能有"),
        ("张😀", "不能有"),
        ("=HYPERLINK()", "不能有"),
        ("", "请填写"),
    ],
)
def test_names_refused(value: str, word: str) -> None:
    _refused(person_name, value, word)


def test_free_text_drops_control_characters_but_keeps_lines_and_rare_characters() -> None:
    assert free_text("一组\x07 𠇔家\n门前", "address") == "一组 𠇔家\n门前"
    with pytest.raises(ValidationError):
        free_text("  ", "reason", required=True)
