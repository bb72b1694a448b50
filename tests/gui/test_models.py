"""Every table model passes pytest-qt's model tester, with real data from a demo profile."""

from __future__ import annotations

from tests.gui.conftest import settle
from villagedesk.services import catalog, queries
from villagedesk.ui.widgets.models import CaseListModel


def test_lazy_case_model_fetches_in_chunks_and_passes_tester(qtbot, qtmodeltester, window) -> None:
    model = window.cases.model
    total = queries.count_cases(window.desk)
    assert model.rowCount() == total > model.CHUNK
    last = model.index(total - 1, 1)
    assert model.data(last) == "…"  # not loaded yet: placeholder, fetch started
    settle(qtbot, window)
    assert model.data(last) not in ("…", None)
    last_id = queries.case_ids(window.desk)[-1]
    assert model.index(total - 1, 0).data(0x0100) == last_id  # UserRole: the case id
    qtmodeltester.check(model)
    settle(qtbot, window)
    assert model.loaded_rows() <= model.CHUNK * model.MAX_CHUNKS


def test_lazy_case_model_cache_is_bounded(qtbot, window) -> None:
    model = window.cases.model
    model.MAX_CHUNKS = 1
    model.reset(model.rowCount(), [])
    for row in (0, model.CHUNK, 0):
        model.row_at(row)
        settle(qtbot, window)
    assert model.loaded_rows() <= model.CHUNK


def test_small_models_pass_tester(qtbot, qtmodeltester, window) -> None:
    listed = CaseListModel()
    listed.set_rows(queries.list_cases(window.desk, limit=20))
    qtmodeltester.check(listed)
    qtmodeltester.check(window.catalog.items)
    window.catalog.materials.set_rows(list(catalog.item(window.desk, "JY001").materials))
    qtmodeltester.check(window.catalog.materials)
    qtmodeltester.check(window.appointments.model)
    for model in window.dashboard.models.values():
        qtmodeltester.check(model)


def test_search_result_arrives_with_its_first_screen(qtbot, window) -> None:
    """The count and the first window come in one job: the first row shows with no second fetch."""
    model = window.cases.model
    head, total = queries.head_and_count(window.desk, queries.CaseFilter(), model.CHUNK)
    assert total > model.CHUNK == len(head)
    model.reset(total, head)
    assert model.index(0, 1).data() == head[0].case_no  # cached: no "…" placeholder, no fetch
    assert model.requested_rows == 0
