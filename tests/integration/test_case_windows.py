"""Windows of the case list (``list_cases`` with offset and order) cut one total order: read one after
another they give every matching case once, in the order plain Python sorts the rows into."""

from __future__ import annotations

import pytest

from villagedesk.domain.errors import ValidationError
from villagedesk.services import demo, queries

WINDOW = 37  # not a divisor of the list: the last window is short


@pytest.fixture
def listed(desk):
    demo.generate(desk, cases=160, seed=5)
    return desk


def _windows(desk, f: queries.CaseFilter, order: queries.CaseOrder) -> list[queries.CaseRow]:
    head, total = queries.head_and_count(desk, f, WINDOW, order)
    rows = list(head)
    while len(rows) < total:
        rows += queries.list_cases(desk, f, WINDOW, len(rows), order)
    assert len(rows) == total == queries.count_cases(desk, f)
    return rows


def _python_key(column: str):
    if column == "due_on":
        return lambda r: (r.due_on is None, r.due_on or 0, r.case_no)
    return lambda r: (getattr(r, column), r.case_no)


@pytest.mark.parametrize("column", queries.SORTABLE)
@pytest.mark.parametrize("descending", [False, True])
def test_windows_follow_the_sql_order_of_every_sortable_column(listed, column: str, descending: bool) -> None:
    f = queries.CaseFilter(statuses=["registered", "submitted", "closed", "accepted"])
    order = queries.CaseOrder(column, descending)
    got = [r.case_no for r in _windows(listed, f, order)]
    everything = queries.rows_by_ids(listed, queries.case_ids(listed, f))
    expected = sorted(everything, key=_python_key(column), reverse=descending)
    if column == "due_on" and descending:  # no due date sorts last in both directions
        expected = [r for r in expected if r.due_on] + [r for r in expected if not r.due_on]
    assert got == [r.case_no for r in expected]


def test_default_order_windows_equal_the_id_list(listed) -> None:
    rows = _windows(listed, queries.CaseFilter(), queries.DEFAULT_ORDER)
    assert [r.id for r in rows] == queries.case_ids(listed)


def test_an_unknown_sort_column_is_a_clear_error(listed) -> None:
    with pytest.raises(ValidationError, match="不能按此列排序"):
        queries.list_cases(listed, order=queries.CaseOrder("view; DROP TABLE cases", False))
