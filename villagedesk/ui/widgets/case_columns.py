"""The column policy of every case table (办件, 收件箱, 市级收件箱): each column as wide as its widest
content in the font in use, 事项 taking what is left, so a 1024-pixel screen shows every column whole.

Kept by column key (``model.COLUMNS``), not by position: the inboxes insert 村 after 办件编号, and a list
of widths by position gave the inbox's columns the case list's widths one place off, 1280 pixels in all.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from villagedesk.domain.lifecycle import CASE_STATES
from villagedesk.domain.text_width import display_width
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.models import NOT_STARTED_SHORT, PROVISIONAL_SHORT

CONFLICT_MARK = " ⚠"  # after a state's name when the case is in conflict (``models._cell``)
# The widest content of each column, measured in the table's font (事项 stretches instead); 状态 and
# 到期日 are measured over their entries in the UI's language instead (``status_sample``, ``due_sample``).
SAMPLES = {
    "light": "报送超期",
    "case_no": "888888-888888-WW888",  # two letters of the device tag, then the number
    "applicant_name": "吉祥·阿依古丽",  # a 6-character name and its ·, whole (𠮷祥·阿依古丽 was cut at 4)
    "id_masked": "419001********001X",
    "registered_on": "2026-11-25",
    "sync": "被拒收",
    "village": "888888888888",  # a code, until the page names its villages (``fit_village``)
}
INBOX_NAME = "司马小燕"  # 申请人 in a table that also has 村 (the inboxes)
STRETCH = "title"
TITLE_WIDTH = 200  # its width before the stretch shares out what is left
TITLE_KEEP = 120  # what 事项 keeps before an inbox's 申请人 widens for a long name (``fit_names``)
HEADER_PADDING = 30  # a header label's margins and its sort arrow
ICON_WIDTH = 22  # the light's colour square
# The narrowest a column gets: 事项 (cut short, whole in its tooltip) is what gives way on the town's
# 1024-pixel inbox once 状态 holds 市级已受理 ⚠ whole.
MIN_SECTION = 32
LONGEST_VILLAGE = 16  # display columns (8 汉字) a 村 cell shows whole; a longer name is cut, whole in its tooltip
# Display columns of a villager's name an inbox's 申请人 shows whole when the list holds one (吉祥·阿依古丽:
# six 汉字 and the ·); a longer one (阿卜杜热合曼·买买提艾力) is cut short, whole in its tooltip.
LONGEST_NAME = 13


def _keys(table: QTableView) -> list[str]:
    return [key for key, _label in table.model().COLUMNS]


def cell_padding(table: QTableView) -> int:
    """What a cell adds to its text, as Qt's delegate measures it (focus frame margins, the grid line),
    and a pixel to spare: the style's own figure, so no column is wider than it has to be."""
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    return 2 * (margin + 1) + (1 if table.showGrid() else 0) + 1


def _width(table: QTableView, col: int, sample: str) -> int:
    label = str(table.model().headerData(col, Qt.Orientation.Horizontal) or "")
    text = table.fontMetrics().horizontalAdvance(sample) + cell_padding(table)
    head = table.horizontalHeader().fontMetrics().horizontalAdvance(label) + HEADER_PADDING
    return max(text, head)


def status_sample(table: QTableView) -> str:
    """The widest case state name in ``table``'s font and the UI's language, with the conflict mark: a
    four-character sample left 市级已受理 cut to 市级已…, and English names are longer still."""
    metrics = table.fontMetrics()
    names = [state_name(s) + CONFLICT_MARK for s in CASE_STATES]
    return max(names, key=metrics.horizontalAdvance)


def due_sample(table: QTableView) -> str:
    """The widest form of a 到期日 entry in ``table``'s font and the UI's language: a fixed Chinese sample
    (预计 2027-01-28) left English 「Expected 2027-01-28」 cut to 「Expected 2027-01-2」."""
    forms = [
        QCoreApplication.translate("Models", PROVISIONAL_SHORT).replace("%1", "2027-01-28"),
        QCoreApplication.translate("Models", NOT_STARTED_SHORT),
        "2027-01-28",
    ]
    return max(forms, key=table.fontMetrics().horizontalAdvance)


def _sample(table: QTableView, key: str) -> str:
    if key == "applicant_name" and "village" in _keys(table):
        return INBOX_NAME  # the inboxes' 村 column takes the room a 1024-pixel screen has for more
    if key == "due_on":
        return due_sample(table)
    return status_sample(table) if key == "status" else SAMPLES.get(key, "")


def column_widths(table: QTableView) -> list[int]:
    """The width of each column of ``table``'s case model (事项: its width before it stretches)."""
    out = []
    for col, key in enumerate(_keys(table)):
        if key == STRETCH:
            out.append(TITLE_WIDTH)
        else:
            out.append(_width(table, col, _sample(table, key)) + (ICON_WIDTH if key == "light" else 0))
    return out


def fit_columns(table: QTableView) -> None:
    """Apply the policy: widths from the samples, resizable by hand, 事项 stretching."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(MIN_SECTION)
    for col, width in enumerate(column_widths(table)):
        header.resizeSection(col, width)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(_keys(table).index(STRETCH), QHeaderView.ResizeMode.Stretch)


def widen_to_fit(table: QTableView) -> None:
    """A column's width kept from an earlier start (``window_state``) is kept only as far as it shows the
    content whole: widths saved in Chinese left English 「Awaiting …」 and 「Expected …」 cut at 1024×768."""
    header = table.horizontalHeader()
    for col, (key, width) in enumerate(zip(_keys(table), column_widths(table), strict=True)):
        if key != STRETCH and header.sectionSize(col) < width:
            header.resizeSection(col, width)


def fit_village(table: QTableView, names: list[str]) -> None:
    """Give 村 the width of the longest of ``names`` the cell shows whole (the rest is in the tooltip)."""
    keys = _keys(table)
    if "village" not in keys:
        return
    metrics = table.fontMetrics()
    fitting = [n for n in names if display_width(n) <= LONGEST_VILLAGE]
    longest = max(fitting, key=metrics.horizontalAdvance, default="")
    col = keys.index("village")
    sample = longest if longest else SAMPLES["village"]
    table.horizontalHeader().resizeSection(col, _width(table, col, sample))


def fit_names(table: QTableView, names: list[str]) -> None:
    """Give an inbox's 申请人 the width of the widest of the listed ``names`` up to ``LONGEST_NAME``
    display columns, as far as the room allows: 事项 (stretching) keeps ``TITLE_KEEP`` pixels first, and
    the column is never narrower than ``INBOX_NAME``. A six-character Uyghur or compound name was cut at
    four characters on a wide screen; a name that does not fit is cut short by the cell, whole in its
    tooltip (``models.ELIDED``). Call it once the table is laid out (a page's rows arriving)."""
    keys = _keys(table)
    if "village" not in keys or "applicant_name" not in keys:
        return
    metrics = table.fontMetrics()
    col = keys.index("applicant_name")
    header = table.horizontalHeader()
    base = _width(table, col, INBOX_NAME)
    fitting = [n for n in names if display_width(n) <= LONGEST_NAME] + [INBOX_NAME]
    want = _width(table, col, max(fitting, key=metrics.horizontalAdvance))
    others = sum(header.sectionSize(c) for c, key in enumerate(keys) if key not in (STRETCH, "applicant_name"))
    spare = table.viewport().width() - others - base - TITLE_KEEP
    header.resizeSection(col, base + max(0, min(want - base, spare)))
