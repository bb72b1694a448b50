"""English everywhere (issue 14): every page of the navigation, as a village agent, a town clerk and a
city user, on real data, says nothing in Chinese once switched to English. The only Chinese a page may
show is data, and it is taken out by its source, not by skipping widgets: villagers' names (the cases),
the catalog's items (names, materials, departments, special procedures: the town publishes them),
region names (villages, towns, the city), people's names (accounts, the desk's user), the town's imported
考评细则 (its name and items) and each language's own name in the language choice (中文).

The walk reads every cell of every table and list it meets too (text and tooltip), not only the headers:
state names, a review's level, an appointment's state and the lights are the desk's own words; names,
addresses, items and free text the user typed are data."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QTabWidget,
    QWidget,
)
from sqlalchemy import select

from tests.conftest import TODAY
from tests.gui.conftest import PASSWORD, USERNAME, settle, shown_window
from tests.gui.test_city_pages import city_window  # noqa: F401  (fixture)
from tests.gui.test_english_pages import english  # noqa: F401  (fixture)
from tests.gui.test_town_pages import CLERK, clerk_template  # noqa: F401  (fixture)
from tests.gui.test_town_pages import PASSWORD as CLERK_PASSWORD
from villagedesk.db import models as m
from villagedesk.services import accounts, appointments, catalog, preferences, star_rating
from villagedesk.services.desk import Desk

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def data_words(desk: Desk) -> list[str]:
    """Chinese that is data, from where it comes: longest first (a village name inside a station name)."""
    words: set[str] = set()
    with desk.store.read() as s:
        words |= set(s.scalars(select(m.Case.applicant_name)))
        words |= set(s.scalars(select(m.Applicant.name)))
        words |= set(s.scalars(select(m.Case.title)))
        words |= set(s.scalars(select(m.Account.display_name)))
        words |= set(s.scalars(select(m.Region.name)))
        words |= set(s.scalars(select(m.ServiceItem.name)))
        words |= set(s.scalars(select(m.ServiceItem.department)))
        words |= set(s.scalars(select(m.MaterialRequirement.name)))
    if desk.identity.role.value in ("agent", "clerk"):  # appointments: the name and note the agent typed
        words |= {x for a in appointments.upcoming(desk, include_past=True) for x in (a.name, a.note)}
    for item in catalog.items(desk):
        words |= {item.name, item.department, *item.special_procedures, *(x.name for x in item.materials)}
    rubric = star_rating.active_rubric(desk)  # the town's imported 考评细则: its name and its items' labels
    words |= {rubric.name, *(getattr(c, "label", "") for c in (*rubric.metric, *rubric.manual))}
    words |= set(preferences.LANGUAGES.values())  # each language named in itself (中文) in 设置
    words.add(desk.identity.user)
    return sorted((w for w in words if w and CJK.search(w)), key=len, reverse=True)


def texts_of(w: QWidget) -> list[str]:
    out = [w.toolTip()]
    if isinstance(w, QLabel | QAbstractButton):
        out.append(w.text())
    if isinstance(w, QLineEdit):
        out.append(w.placeholderText())
    if isinstance(w, QGroupBox):
        out.append(w.title())
    if isinstance(w, QComboBox):  # an entry cut short (…) is read whole, from its tooltip
        tip = Qt.ItemDataRole.ToolTipRole
        out += [str(w.itemData(i, tip) or w.itemText(i)) for i in range(w.count())]
    if isinstance(w, QTabWidget):
        out += [w.tabText(i) for i in range(w.count())]
    if isinstance(w, QAbstractItemView) and not isinstance(w, QListView) and w.model() is not None:
        model = w.model()
        out += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    return out


CELL_ROWS = 200  # the first rows of a long list hold every kind of cell the page words


def cells_of(w: QWidget) -> list[str]:
    """Every cell's text and tooltip of a table or list (a header view is the table's, read above)."""
    if not isinstance(w, QAbstractItemView) or type(w).__name__ == "QHeaderView" or w.model() is None:
        return []
    model = w.model()
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    out = []
    for r in range(min(model.rowCount(), CELL_ROWS)):
        for c in range(columns):
            index = model.index(r, c)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                out.append(str(index.data(role) or ""))
    return out


def rows_of(page: QWidget) -> int:
    """How many cells the walk read on ``page`` (a walk over empty tables proves nothing)."""
    return sum(len(cells_of(w)) for w in page.findChildren(QAbstractItemView) if w.isVisibleTo(page))


def chinese_on(page: QWidget, data: list[str]) -> list[str]:
    found = []
    for w in [page, *page.findChildren(QWidget)]:
        if w is not page and not w.isVisibleTo(page):
            continue
        for text in [*texts_of(w), *cells_of(w)]:
            rest = text
            for word in data:
                if word in rest:
                    rest = rest.replace(word, "")
            if CJK.search(rest):
                found.append(f"{type(w).__name__} {w.objectName()}: {text[:120]}")
    return found


def walk(qtbot, win, cells: dict[str, int] | None = None) -> dict[str, list[str]]:
    """Chinese found on each page of the navigation (opened as a click opens it); ``cells`` gets the
    number of cells read on each page."""
    data = data_words(win.desk)
    seen: dict[str, list[str]] = {}
    title = win.windowTitle()
    for word in data:
        title = title.replace(word, "")
    assert not CJK.search(title), win.windowTitle()
    for row in range(win.nav.count()):
        assert not CJK.search(win.nav.item(row).text()), win.nav.item(row).text()
        win.nav.setCurrentRow(row)  # as a click: the inbox loads on its navigation entry
        settle(qtbot, win)
        page = win.stack.currentWidget()
        if cells is not None:
            cells[type(page).__name__] = rows_of(page)
        found = chinese_on(page, data)
        if found:
            seen[win.nav.item(row).text()] = sorted(set(found))
    assert win.nav.count() >= 4
    return seen


def report(seen: dict[str, list[str]]) -> None:
    assert not seen, "\n" + "\n".join(f"{page}: {line}" for page, lines in seen.items() for line in lines)


def rest_day(desk: Desk, after: int = 0):
    """The first weekend or holiday ``after`` days from today (an appointment's day)."""
    day = desk.today() + timedelta(days=after)
    while desk.calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def test_every_agent_page_in_english(qtbot, english, demo_template: Path, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(demo_template, tmp_path / "agent")
    desk = Desk.open(tmp_path / "agent", today=TODAY)
    booked = appointments.book(desk, "孙丽", "13800138000", "JY001", rest_day(desk), "09:30", "带户口本")
    appointments.cancel(desk, appointments.book(desk, "赵六", "13900001111", "JY006", rest_day(desk, 7)).id, "改期")
    assert booked.status == "booked"
    with shown_window(qtbot, desk, accounts.authenticate(desk, USERNAME, PASSWORD)) as win:
        win.ask_before_close = False
        cells: dict[str, int] = {}
        seen = walk(qtbot, win, cells)
        # the walk read real rows: the case list, the dashboard, the appointments and the bad reviews
        assert all(cells[p] > 0 for p in ("CasesPage", "DashboardPage", "AppointmentsPage", "FollowUpsPage")), cells
        report(seen)


def test_every_clerk_page_in_english(qtbot, english, clerk_template: Path, tmp_path: Path) -> None:  # noqa: F811
    shutil.copytree(clerk_template, tmp_path / "clerk")
    desk = Desk.open(tmp_path / "clerk", today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, CLERK, CLERK_PASSWORD)) as win:
        win.ask_before_close = False
        cells: dict[str, int] = {}
        seen = walk(qtbot, win, cells)
        assert all(cells[p] > 0 for p in ("TownInboxPage", "CasesPage", "StatsPage", "FollowUpsPage")), cells
        report(seen)


def test_every_city_page_in_english(qtbot, english, city_window) -> None:  # noqa: F811
    win = city_window[0]
    win.ask_before_close = False
    report(walk(qtbot, win))


def test_the_catalogs_cells_and_the_intakes_channel_in_english(qtbot, english, demo_template, tmp_path) -> None:  # noqa: F811
    """The cells the catalog page words itself (category, level, limit, the village's part; a material's
    need and form) and the intake's 受理渠道 were Chinese in English mode."""
    shutil.copytree(demo_template, tmp_path / "agent")
    desk = Desk.open(tmp_path / "agent", today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, USERNAME, PASSWORD)) as win:
        win.ask_before_close = False
        win.go(win.lazy.placeholders["catalog"])
        settle(qtbot, win)
        page = win.lazy.built["catalog"]
        data = data_words(desk)
        found = []
        for row in range(page.items.rowCount()):
            page.table.selectRow(row)
            for model in (page.items, page.materials):
                cells = [model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())]
                for text in cells:
                    rest = str(text or "")
                    for word in data:
                        rest = rest.replace(word, "")
                    if CJK.search(rest):
                        found.append(str(text))
            rest = page.detail.text()
            for word in data:
                rest = rest.replace(word, "")
            if CJK.search(rest):
                found.append(page.detail.text())
        assert not sorted(set(found)), sorted(set(found))[:20]
        win.go(win.intake)
        settle(qtbot, win)
        channels = [win.intake.channel.itemText(i) for i in range(win.intake.channel.count())]
        assert channels == ["At the desk", "Home visit", "By phone", "By appointment"], channels


def test_the_translatable_metric_definitions_are_the_table() -> None:
    """The "?" tooltips and the 指标说明 panel word METRIC_DEFINITIONS in the UI's language: the literals
    lupdate offers are that table, one for one (a changed definition must be changed there too)."""
    from villagedesk.domain.metrics import METRIC_DEFINITIONS
    from villagedesk.ui import metric_words

    assert metric_words.DEFINITIONS == METRIC_DEFINITIONS


def test_the_pages_the_walk_found_empty_in_english(qtbot, english, demo_template: Path, tmp_path: Path) -> None:  # noqa: F811
    """工作进展报送, 服务台账 and 设置 were walked empty (no report, no consultation, no backup listed): filled
    here — a month's report drafted and submitted, a consultation recorded, a backup made — and walked
    again with their rows read."""
    from datetime import date

    from villagedesk.services import maintenance, progress_reports, servicelog

    shutil.copytree(demo_template, tmp_path / "agent")
    desk = Desk.open(tmp_path / "agent", today=TODAY)
    progress_reports.draft(desk, 2026, 10, on=date(2026, 11, 2))
    progress_reports.submit(desk, 2026, 10, "十月情况说明", on=date(2026, 11, 3))
    person = servicelog.Person(name="孙丽", id_number="", phone="13800138000")
    servicelog.record_consultation(desk, servicelog.Consultation(person, "低保怎么申请", "先到村委会登记"))
    maintenance.backup(desk)
    with shown_window(qtbot, desk, accounts.authenticate(desk, USERNAME, PASSWORD)) as win:
        win.ask_before_close = False
        cells: dict[str, int] = {}
        seen = walk(qtbot, win, cells)
        assert all(cells[p] > 0 for p in ("ReportsPage", "SettingsPage")), cells
        report(seen)


def test_the_town_report_pages_filled_in_english(qtbot, english, tmp_path: Path) -> None:  # noqa: F811
    """The clerk's 进展报告审核 (a village's report submitted) and 乡镇进展报告 (the town's own drafted) were
    walked empty: the month and the state of a report were 2026年10月 and 报告已报送 in English."""
    from datetime import date

    from tests.gui.conftest import DEMO_CASES
    from villagedesk.domain.lifecycle import Role
    from villagedesk.domain.metrics import Period
    from villagedesk.services import demo, metrics, progress_reports, town_reports

    desk = Desk.open(tmp_path / "town", today=TODAY)
    demo.generate(desk, cases=DEMO_CASES, seed=11, role="clerk")
    town = desk.identity.region_code
    village = min(code for code in metrics.town(desk, town, Period.month(2026, 10)).villages)
    desk.setup(Role.AGENT, village, "李娜", user_id="agent-report")  # as the village would, then synced
    progress_reports.draft(desk, 2026, 10, on=date(2026, 11, 2))
    progress_reports.submit(desk, 2026, 10, "十月情况说明", on=date(2026, 11, 3))
    desk.setup(Role.CLERK, town, "赵敏", user_id="clerk-town")
    town_reports.draft(desk, 2026, 10, on=date(2026, 11, 4))
    with shown_window(qtbot, desk) as win:
        win.ask_before_close = False
        cells: dict[str, int] = {}
        seen = walk(qtbot, win, cells)
        assert all(cells[p] > 0 for p in ("ReportsPage", "TownReportsPage")), cells
        report(seen)
