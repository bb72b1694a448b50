"""Cadre test, finding 1: in English mode 代办登记 showed its field errors in Chinese (「姓名中不能有数字或
符号…」, 「出生日期 78901234 不存在」, 「电话号码格式不对…」, 「代办事项须由办事人签署委托书」) while 预约
showed the same phone error in English. With a material still 未核对 the form collected every field's error
without saving and showed the domain's sentences as they came; every path now words them in the UI's
language."""

from __future__ import annotations

import pytest

from tests.gui.conftest import settle
from tests.gui.test_english_pages import CJK, english  # noqa: F401 (the fixture)
from tests.gui.test_intake import _choose, _open_intake, check_all

BAD = {"name": "Wang Fang1", "id_number": "123456789012345678", "phone": "abc", "group": "x" * 300}


def _errors(page) -> dict[str, str]:
    shown = {k: label.text() for k, label in page.applicant.errors.items()}
    shown.update(item=page.item_error.text(), materials=page.materials_error.text())
    shown.update(mandate=page.mandate_error.text(), note=page.note_error.text())
    return {k: v for k, v in shown.items() if v}


def _cjk_beyond(text: str, own: tuple[str, ...]) -> bool:
    for words in own:  # the user's own input and the item's material names, echoed
        text = text.replace(words, "")
    return bool(CJK.search(text))


@pytest.mark.parametrize("materials_set", [False, True], ids=["material-unchecked", "materials-set"])
def test_every_intake_field_error_is_english(qtbot, english, window, materials_set) -> None:  # noqa: F811
    page = _open_intake(qtbot, window)
    _choose(qtbot, window, page, "JY010", "JY010")
    for key, text in BAD.items():
        edit = getattr(page.applicant, key)
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    if materials_set:
        check_all(page)
    page.save_button.click()
    settle(qtbot, window)
    shown = _errors(page)
    assert {"name", "id_number", "phone", "mandate"} <= set(shown), shown
    names = tuple(r.name for r in page.material_rows())
    chinese = {k: v for k, v in shown.items() if _cjk_beyond(v, names + tuple(BAD.values()))}
    assert not chinese, chinese
