"""Issue 14, findings 2 and 10 on 代办登记: an error stayed after its cause was fixed (「代办事项须由办事人
签署委托书」 after ticking the box; 「请逐项核对材料…」 still naming every material once all were set), and
a search that found no item left the previous item's materials and time limit under 「没有找到该事项」."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import settle
from tests.gui.test_intake import _choose, _open_intake

ID_A = "419001198503120010"


def test_each_error_goes_when_its_cause_is_fixed(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    page.save_button.click()  # nothing chosen, nothing filled
    settle(qtbot, window)
    assert page.item_error.text() and page.applicant.errors["phone"].text()
    _choose(qtbot, window, page, "生育", "JY001")
    assert not page.item_error.text()  # an item is chosen now
    page.save_button.click()
    settle(qtbot, window)
    names = [r.name for r in page.material_rows()]
    assert all(n in page.materials_error.text() for n in names)
    assert page.mandate_error.text() == "代办事项须由办事人签署委托书"
    assert page.applicant.errors["phone"].text()
    qtbot.keyClicks(page.applicant.phone, "13800138000")
    assert not page.applicant.errors["phone"].text()
    page.mandate.setChecked(True)
    assert not page.mandate_error.isVisibleTo(page) and not page.mandate_error.text()
    first, *rest = page.material_rows()
    first.status.setCurrentIndex(first.status.findData("have"))
    assert first.name not in page.materials_error.text() and all(r.name in page.materials_error.text() for r in rest)
    for row in rest:
        row.status.setCurrentIndex(row.status.findData("have"))
    assert not page.materials_error.text() and not page.materials_error.isVisibleTo(page)


def test_a_search_that_finds_nothing_clears_the_chosen_item(qtbot, window) -> None:
    page = _open_intake(qtbot, window)
    _choose(qtbot, window, page, "生育", "JY001")
    assert page.material_rows() and page.plan_info.text()
    page.item_search.setFocus()
    page.item_search.setText("没有这个事项zzz")
    settle(qtbot, window)
    qtbot.keyClick(page.item_search, Qt.Key.Key_Return)
    assert page.item_error.text().startswith("没有找到该事项")
    assert page.items.count() == 0 and page.selected_code() == ""
    assert page.plan is None and not page.plan_info.text() and page.material_rows() == []
    page.item_search.setText("生育")
    settle(qtbot, window)
    assert page.selected_code() == "JY001" and page.material_rows() and page.plan_info.text()


def test_errors_never_squash_the_fields_at_1024x768(qtbot, window) -> None:
    """Finding 3: with every error of 最低生活保障 (JY010) shown, the ID number box was squeezed to ~10 px
    at the window's smallest height on a 1024×768 screen. The form scrolls instead; 保存登记 stays in view."""
    page = _open_intake(qtbot, window)
    _choose(qtbot, window, page, "最低", "JY010")
    page.applicant.id_number.setText(ID_A[:-1] + "9")  # a wrong check digit: its error and the others
    page.save_button.click()
    settle(qtbot, window)
    assert page.applicant.errors["id_number"].text() and page.materials_error.text() and page.mandate_error.text()
    for height in (738, 700, 640):
        window.resize(1024, height)
        qtbot.wait(20)
        assert window.height() <= 738
        for edit in (page.applicant.name, page.applicant.id_number, page.applicant.phone):
            assert edit.height() >= edit.sizeHint().height(), (height, edit.height())
        corner = page.save_button.mapTo(window, page.save_button.rect().bottomRight())
        assert window.rect().contains(corner) and page.save_button.isVisible()
