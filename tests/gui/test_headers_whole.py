"""No case list's column header is cut inside a word, and 到期日 is as wide as its longest entry (issue 14).

At 1024×768 in English the clerk's 工作台 showed its 事项 header as 「tem」 (Qt's headers centre the text
and cut both ends) and 到期日's 「Expected 2027-01-28」 as 「Expected 2027-01-2」: its width came from a
Chinese sample (预计 …). A header now fits its section or ends in an ellipsis; 到期日 (in 办件 and the
town's 收件箱) fits every form of its entry in the UI's language."""

from __future__ import annotations

import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyle

from tests.conftest import TODAY
from tests.gui.conftest import settle, shown_window
from tests.gui.test_status_column import language  # noqa: F401 (the fixture: Chinese, then English)
from tests.gui.test_town_pages import CLERK, PASSWORD, clerk_template  # noqa: F401 (fixture)
from villagedesk.services import accounts
from villagedesk.services.desk import Desk
from villagedesk.ui.pages.cases_page import CaseTable
from villagedesk.ui.widgets.models import NOT_STARTED_SHORT, PROVISIONAL_SHORT

SCREEN = (1024, 738)


def cut_headers(table: CaseTable) -> list[str]:
    """The headers of ``table`` drawn cut without an ellipsis (wider than their section, not elided)."""
    header, model = table.horizontalHeader(), table.model()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cut = []
    for col in range(model.columnCount()):
        if header.isSectionHidden(col):
            continue
        label = str(model.headerData(col, Qt.Orientation.Horizontal))
        need = header.fontMetrics().horizontalAdvance(label) + 2 * margin
        if need > header.sectionSize(col) and header.textElideMode() == Qt.TextElideMode.ElideNone:
            cut.append(f"{label!r}: {need} px in {header.sectionSize(col)}")
    return cut


def test_case_list_headers_are_whole_or_elided_and_due_dates_fit(qtbot, clerk_template, tmp_path, language) -> None:  # noqa: F811
    shutil.copytree(clerk_template, tmp_path / "clerk")
    desk = Desk.open(tmp_path / "clerk", today=TODAY)
    with shown_window(qtbot, desk, accounts.authenticate(desk, CLERK, PASSWORD)) as window:
        window.resize(*SCREEN)
        settle(qtbot, window)
        for page in (window.dashboard, window.cases, window.town_inbox):
            window.go(page)
            settle(qtbot, window)
            qtbot.wait(20)
            tables = [t for t in page.findChildren(CaseTable) if t.isVisibleTo(page)]
            assert tables
            for table in tables:
                assert cut_headers(table) == [], type(page).__name__
        for table in (window.cases.table, window.town_inbox.table):
            model = table.model()
            col = [key for key, _l in model.COLUMNS].index("due_on")
            texts = {str(model.index(r, col).data()) for r in range(min(model.rowCount(), 200))}
            width = table.horizontalHeader().sectionSize(col)
            metrics = table.fontMetrics()
            for form in (
                table.model().headerData(col, Qt.Orientation.Horizontal),
                i18n_text(PROVISIONAL_SHORT).replace("%1", "2027-01-28"),
                i18n_text(NOT_STARTED_SHORT),
                *texts,
            ):
                assert metrics.horizontalAdvance(str(form)) < width, f"到期日 {form!r} in {width} px"


def i18n_text(source: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Models", source)
