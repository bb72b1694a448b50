"""The city's inbox and overview at city size: both read one covering index (``ix_cases_city``, migration
0011) instead of every city-level row or the whole cases table, and the inbox builds only its first page
while counting the rest. (Timings are in ``benchmarks/city.py``; here the plan SQLite chose.)"""

from __future__ import annotations

from datetime import date

from sqlalchemy import event

from tests.e2e.test_case_loop import register
from tests.gui.test_city_pages import _forwarded
from villagedesk.domain.lifecycle import Role
from villagedesk.services import city

CITY, T1 = "419001000000", "419001100000"


def _plans(desk, run) -> list[str]:
    """The query plans of the statements ``run`` sends on this profile's engine (as executed)."""
    seen: list[tuple[str, tuple]] = []

    def capture(_conn, _cursor, statement, params, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "cases" in statement:
            seen.append((statement, tuple(params)))

    event.listen(desk.store.engine, "before_cursor_execute", capture)
    try:
        run()
    finally:
        event.remove(desk.store.engine, "before_cursor_execute", capture)
    with desk.store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        return [" ".join(r[3] for r in raw.execute("EXPLAIN QUERY PLAN " + q, p)) for q, p in seen]


def test_the_inbox_and_overview_read_the_city_index_and_count_past_the_first_page(desk, monkeypatch) -> None:
    ids = [
        _forwarded(desk, "419001100201", T1, name, number, date(2026, 11, d))
        for name, number, d in (("王五", "419001197503030037", 2), ("周九", "419001199207070076", 9))
    ]
    ids.append(_forwarded(desk, "419001100202", T1, "赵六", "419001198808080056", date(2026, 11, 16)))
    desk.setup(Role.AGENT, "419001100202", "张敏")
    register(desk, "JY012", "李四", "419001199002020024")  # a town item: never the city's
    desk.setup(Role.CITY, CITY, "市民之家")

    plans = _plans(desk, lambda: (city.inbox_page(desk), city.overview(desk), city.overview(desk, T1)))
    rest = [p for p in plans if "(id=?)" not in p]  # the page's own rows are read by id
    assert len(rest) == 4 and all("COVERING INDEX ix_cases_city" in p for p in rest), plans  # count, page, 2 views

    monkeypatch.setattr(city, "INBOX_LIMIT", 2)
    page = city.inbox_page(desk)
    assert [r.row.id for r in page.rows] == ids[:2]  # the earliest due first, two built
    assert page.total == 3 and page.overdue == sum(1 for r in city.inbox(desk) if r.overdue)
    assert city.inbox_page(desk, city.InboxFilter(town=T1, state="city_accepted")).total == 0
