"""Every table model passes pytest-qt's model tester, with real data from a demo profile."""

from __future__ import annotations

from tests.gui.conftest import settle
from villagedesk.services import catalog, queries
from villagedesk.ui.models import CaseListModel


def test_lazy_case_model_fetches_in_chunks_and_passes_tester(qtbot, qtmodeltester, window) -> None:
    model = window.cases.model
    total = queries.count_cases(window.desk)
    assert model.rowCount() == total > model.CHUNK
    last = model.index(total - 1, 1)
    assert model.data(last) == "…"  # not loaded yet: placeholder, fetch started
    settle(qtbot, window)
    assert model.data(last) not in ("…", None)
    assert model.index(total - 1, 0).data(0x0100) == model.ids()[-1]  # UserRole: the case id
    qtmodeltester.check(model)
    settle(qtbot, window)
    assert model.loaded_rows() <= model.CHUNK * model.MAX_CHUNKS


def test_lazy_case_model_cache_is_bounded(qtbot, window) -> None:
    model = window.cases.model
    model.MAX_CHUNKS = 1
    model.set_ids(model.ids())
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
    """A search reads ids and first rows in one job: the first row shows with no second fetch."""
    model = window.cases.model
    ids, head = queries.ids_and_head(window.desk, queries.CaseFilter(), model.CHUNK)
    assert len(ids) > model.CHUNK and [r.id for r in head] == ids[: model.CHUNK]
    model.set_ids(ids, head)
    assert model.index(0, 1).data() == head[0].case_no  # cached: no "…" placeholder, no fetch
    stale = list(reversed(head))  # rows that do not match the ids' order are not trusted
    model.set_ids(ids, stale)
    assert model.index(0, 1).data() == "…"
    settle(qtbot, window)
    assert model.index(0, 1).data() == head[0].case_no
