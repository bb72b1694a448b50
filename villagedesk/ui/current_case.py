"""The one case the detail page shows now.

Every action, print and attachment of the case page reads this holder, never a case id captured when a
button was made: the 打印 button once kept the first case opened since start and printed it for every
later case. While a newly opened case is still loading, ``detail`` is None and nothing may act on it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from villagedesk.services import queries


class CurrentCase(QObject):
    """Holds the id of the case on screen and, once loaded, its detail (both always for the same case)."""

    changed = Signal()  # a new case was opened or the shown one was reloaded

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._case_id: str | None = None
        self._detail: queries.CaseDetail | None = None

    @property
    def case_id(self) -> str | None:
        return self._case_id

    @property
    def detail(self) -> queries.CaseDetail | None:
        """The loaded detail of ``case_id``; None while it is loading."""
        return self._detail

    def ready(self) -> bool:
        return self._detail is not None

    def open(self, case_id: str) -> None:
        """Start showing ``case_id``; the previous case's detail is dropped at once."""
        if case_id != self._case_id:
            self._detail = None
        self._case_id = case_id
        self.changed.emit()

    def loaded(self, detail: queries.CaseDetail) -> bool:
        """Accept a loaded detail only if it is of the case shown now (late answers are dropped)."""
        if detail.row.id != self._case_id:
            return False
        self._detail = detail
        self.changed.emit()
        return True
