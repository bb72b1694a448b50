"""预约: weekend and holiday (公休日) appointments; the visitor's arrival opens a prefilled intake."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.lifecycle import Role
from villagedesk.services import appointments, catalog
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors
from villagedesk.ui.error_words import field_texts, refusal_text
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.common import EnterMovesOn, ErrorLabel
from villagedesk.ui.widgets.date_field import DateField, refused
from villagedesk.ui.widgets.field_errors import on_change
from villagedesk.ui.widgets.models import appointment_model


class AppointmentsPage(QWidget):
    arrived = Signal(object)  # AppointmentInfo: the main window opens the intake page for it

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self._enter = EnterMovesOn(self)
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.item = QComboBox()
        # an item's full name can be longer than the screen is wide: the list shows it, the box elides
        self.item.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item.setMinimumContentsLength(16)
        self.day = DateField()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        today = desk.today()
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        self.day.setDate(QDate(saturday.year, saturday.month, saturday.day))
        self.slot = QLineEdit()
        self.slot.setPlaceholderText("09:30")
        self.note = QLineEdit()
        self.errors = {k: ErrorLabel() for k in ("name", "phone", "item_code", "day", "slot", "note")}
        self.book_button = QPushButton(self.tr("登记预约"))
        form = QFormLayout()
        for key, label, w in (
            ("name", self.tr("姓名"), self.name),
            ("phone", self.tr("电话"), self.phone),
            ("item_code", self.tr("事项"), self.item),
            ("day", self.tr("日期"), self.day),
            ("slot", self.tr("时间"), self.slot),
            ("note", self.tr("备注"), self.note),
        ):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(w)
            box.addWidget(self.errors[key])
            form.addRow(label, box)
        form.addRow(self.book_button)
        booking = QGroupBox(self.tr("新预约(周末、法定节假日)"))
        booking.setLayout(form)

        self.model = appointment_model(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()  # every column whole; the item name takes the rest
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.arrive_button = QPushButton(self.tr("到访登记"))
        self.cancel_button = QPushButton(self.tr("取消预约"))
        self.no_show_button = QPushButton(self.tr("登记爽约"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.arrive_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.no_show_button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.addWidget(booking, 2)
        layout.addLayout(right, 3)
        for edit in (self.name, self.phone, self.slot, self.note):
            edit.installEventFilter(self._enter)
        self.day.problemChanged.connect(self.errors["day"].show_error)  # 「日期不存在」 as typed; gone once fixed
        for key, widget in (("name", self.name), ("phone", self.phone), ("item_code", self.item),
                            ("slot", self.slot), ("note", self.note)):  # fmt: skip
            on_change(widget, lambda key=key: self.errors[key].show_error(""))  # a stale error misleads
        on_change(self.day, lambda: self.errors["day"].show_error(self.day.problem()))
        self.book_button.clicked.connect(self.book)
        self.arrive_button.clicked.connect(self._arrive)
        self.cancel_button.clicked.connect(self._cancel)
        self.no_show_button.clicked.connect(self._no_show)
        if desk.identity.role is not Role.AGENT:  # the town sees its villages' bookings, synced; books none
            for w in (booking, self.arrive_button, self.cancel_button, self.no_show_button):
                w.setEnabled(False)
            self.message.setText(self.tr("本镇各村的公休日预约随同步显示在这里; 预约由各村登记"))

    def refresh(self) -> None:
        if not self.item.count():
            self.runner.read(catalog.items, self.desk, on_done=self._set_items)
        self.runner.read(appointments.upcoming, self.desk, on_done=self.model.set_rows)

    def _set_items(self, items: list) -> None:
        for it in items:
            self.item.addItem(f"{it.name} ({it.code})", it.code)

    def book(self) -> None:
        wrong = refused(self.day)
        if wrong:  # never the other date Qt kept of what was typed
            self.errors["day"].show_error(wrong)
            return
        self.runner.write(
            appointments.book,
            self.desk,
            self.name.text(),
            self.phone.text(),
            self.item.currentData() or "",
            self.day.date().toPython(),
            self.slot.text(),
            self.note.text(),
            on_done=self._booked,
            on_error=self._failed,
        )

    def _failed(self, err: object) -> None:
        fields = field_texts(err, "name")
        for key, label in self.errors.items():
            label.show_error(fields.get(key, ""))

    def _booked(self, appt: appointments.AppointmentInfo) -> None:
        self._failed(FormErrors([]))
        for edit in (self.name, self.phone, self.slot, self.note):
            edit.clear()
        self.message.setText(self.tr("已预约: %1 %2").replace("%1", appt.day.isoformat()).replace("%2", appt.name))
        self.refresh()

    def selected(self) -> appointments.AppointmentInfo | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def _arrive(self) -> None:
        appt = self.selected()
        if appt is None or appt.status != "booked":
            self.message.setText(self.tr("请先选择一条未到访的预约"))
            return
        self.arrived.emit(appt)

    def _no_show(self) -> None:
        self._close(appointments.no_show)

    def _cancel(self) -> None:
        self._close(appointments.cancel)

    def _close(self, fn) -> None:
        appt = self.selected()
        if appt is None:
            self.message.setText(self.tr("请先选择一条预约"))
            return
        self.runner.write(
            fn,
            self.desk,
            appt.id,
            on_done=lambda _r: self.refresh(),
            on_error=lambda e: self.message.setText(refusal_text(e)),
        )
