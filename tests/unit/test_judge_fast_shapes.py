"""The judge's one-pass field checks (issues 12/19) decide exactly as the table walks they replaced.

``judge._texts_ok`` (a registration's materials and items, its applicant) now runs over the keys an
object holds instead of over the table of fields, and ``_text_says`` looks for one character before a
word. Both are only cheaper: Hypothesis throws objects of any shape at them and at the table walk they
replaced (kept here as the reference), and every verdict and every refusal's words must agree.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from villagedesk.domain import judge as dj

_ABSENT = object()


def _texts_ok_by_table(obj, fields, required) -> bool:
    """The check as it was written before: the table's fields, each looked up in the object."""
    if type(obj) is not dict:
        return False
    for key, most in fields.items():
        value = obj.get(key, _ABSENT)
        if value is _ABSENT:
            if key in required:
                return False
            continue
        if type(value) is not str or len(value) > most or (key in required and not value.strip()):
            return False
    return True


def _applicant_by_table(partition: str, applicant) -> str | None:
    """The applicant's refusal as the table walk worded it (None: accepted)."""
    if applicant is None:
        return "登记事件缺少申请人信息"
    if type(applicant) is not dict:
        return "申请人信息格式错误"
    for key, most in dj.APPLICANT_TEXT.items():
        value = applicant.get(key, _ABSENT)
        if value is _ABSENT and key not in dj.APPLICANT_REQUIRED:
            continue
        if type(value) is not str or len(value) > most:
            return f"申请人的 {key} 应为至多 {most} 字的文字"
        if key in dj.APPLICANT_REQUIRED and not value.strip():
            return f"登记事件缺少申请人的 {key}"
    if applicant.get("village_code", partition) != partition:
        return "申请人所在村与登记村不符"
    return None


def _texts(most: int):
    """Texts around a field's limit: empty, blank, at the limit and one past it, and short words."""
    return st.one_of(
        st.sampled_from(["", " ", "\t", "身份证", "x" * most, "x" * (most + 1), "字" * most, "字" * (most + 1)]),
        st.text(max_size=8),
    )


_ODD = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.lists(st.text(max_size=2), max_size=2))


def _objects(fields: dict[str, int]):
    """Objects with any subset of the table's fields (texts or odd values) and keys it does not know."""
    value_of = {key: st.one_of(_texts(most), _ODD) for key, most in fields.items()}
    known = st.fixed_dictionaries({}, optional=value_of)
    extra = st.dictionaries(st.sampled_from(["custody", "zz", "note", "版本"]), st.one_of(_ODD, st.text(max_size=4)))
    return st.one_of(st.builds(lambda a, b: {**b, **a}, known, extra), _ODD, st.text(max_size=3))


@settings(max_examples=600, deadline=None)
@given(_objects(dj.MATERIAL_TEXT))
def test_material_check_agrees_with_the_table_walk(obj) -> None:
    assert dj._texts_ok(obj, dj.MATERIAL_TEXT, ("name",)) == _texts_ok_by_table(obj, dj.MATERIAL_TEXT, ("name",))


@settings(max_examples=600, deadline=None)
@given(_objects(dj.ITEM_TEXT))
def test_item_check_agrees_with_the_table_walk(obj) -> None:
    assert dj._texts_ok(obj, dj.ITEM_TEXT, ("code",)) == _texts_ok_by_table(obj, dj.ITEM_TEXT, ("code",))


PARTITION = "419001100200"


@settings(max_examples=800, deadline=None)
@given(st.one_of(_objects({**dj.APPLICANT_TEXT, "village_code": 12}), st.just({"name": "王𠮷", "village_code": "x"})))
def test_applicant_refusals_are_worded_as_before(applicant) -> None:
    try:
        dj._check_applicant(PARTITION, applicant)
        words = None
    except dj.Refusal as exc:
        words = exc.message
    assert words == _applicant_by_table(PARTITION, applicant)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet='NaIfinty{}[]\\"u0:, 字', max_size=40))
def test_text_check_finds_every_nan_and_infinity(text: str) -> None:
    says = dj._text_says(text)
    if "NaN" in text or "Infinity" in text:
        assert says is True or isinstance(says, str)  # the walk decides, or a problem found before
