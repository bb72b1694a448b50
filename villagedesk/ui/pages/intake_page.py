"""代办登记: find the item, fill in the applicant, tick the materials, sign the mandate, save.

Every field is reachable by Tab, Enter moves on, each error appears beside its field, and the case is
written in one transaction by the writer thread (nothing is saved half-way).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain import validators as v
from villagedesk.domain.catalog import CATEGORIES, FORM_LABELS, Plan
from villagedesk.domain.custody import HOLDER_LABELS
from villagedesk.domain.errors import ValidationError
from villagedesk.services import appointments, catalog, intake
from villagedesk.services.desk import Desk
from villagedesk.ui import case_words
from villagedesk.ui.dialogs import confirm
from villagedesk.ui.error_words import error_text, field_messages, field_texts
from villagedesk.ui.printing import print_hook
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import holder_name
from villagedesk.ui.widgets import text_limit
from villagedesk.ui.widgets.common import EnterMovesOn, ErrorLabel, bounded_combo, title_label
from villagedesk.ui.widgets.field_errors import on_change

# A material's 收取情况, worded by case_words (``self.tr`` of a variable is no string lupdate can offer:
# these stayed Chinese in English mode). Every material starts 未核对: an untouched checklist must not
# register as complete.
STATUS_CHOICES = ("have", "missing", "later")
FOCUS_STYLE = (  # a visible focus on every control, for the keyboard (the default one is a faint dotted line)
    "QLineEdit:focus, QComboBox:focus, QPlainTextEdit:focus, QListWidget:focus"
    " { border: 2px solid #1565c0; }"
    " QCheckBox:focus, QPushButton:focus { border: 2px solid #1565c0; padding: 2px; }"
)
UNSET_STYLE = "QComboBox { border: 2px solid #c62828; }"
CUSTODY_CHOICES = tuple(HOLDER_LABELS)  # applicant, village, town: named by ui.vocabulary.holder_name
CHANNEL_CHOICES = ("window", "home_visit", "phone", "appointment")  # worded by case_words.channel_word


@dataclass
class _MaterialRow:
    name: str
    necessity: str
    status: QComboBox
    form: QComboBox
    custody: QComboBox


class ApplicantFields(QWidget):
    """Name, ID number (validated live, birth date and sex read from it), phone, group, address."""

    def __init__(self, desk: Desk, parent: QWidget | None = None, full: bool = True) -> None:
        super().__init__(parent)
        self.desk = desk
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.id_info = QLabel()
        self.phone = QLineEdit()
        self.group = QLineEdit()
        self.address = QLineEdit()
        self.errors = {k: ErrorLabel() for k in ("name", "id_number", "phone", "group", "address")}
        for key in ("name", "id_number", "group", "address"):  # no more than the form keeps (TEXT_LIMITS)
            text_limit.limit(getattr(self, key), intake.TEXT_LIMITS[key])
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        rows = [("name", self.tr("姓名"), self.name), ("id_number", self.tr("身份证号"), self.id_number)]
        rows.append(("phone", self.tr("联系电话"), self.phone))
        if full:
            rows += [("group", self.tr("村民小组"), self.group), ("address", self.tr("住址"), self.address)]
        for key, label, edit in rows:
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(edit)
            if key == "id_number":
                box.addWidget(self.id_info)
            box.addWidget(self.errors[key])
            form.addRow(label, box)
        self.id_number.textChanged.connect(self._check_id)

    def _check_id(self, text: str) -> None:
        clean = "".join(text.split())
        self.id_info.setText("")
        if len(clean) < 18:
            self.errors["id_number"].show_error("")
            return
        try:
            rid = v.resident_id(clean, "id_number", today=self.desk.today())
        except ValidationError as err:
            self.errors["id_number"].show_error(error_text(err.message))
            return
        self.errors["id_number"].show_error("")
        self.id_info.setText(
            self.tr("出生日期 %1  性别 %2").replace("%1", rid.birth_date.isoformat()).replace("%2", rid.sex)
        )

    def show_errors(self, by_field: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_error(by_field.get(key, ""))

    def clear(self) -> None:
        for edit in (self.name, self.id_number, self.phone, self.group, self.address):
            edit.clear()
        self.show_errors({})


class IntakePage(QWidget):
    saved = Signal(object)  # IntakeResult

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.plan: Plan | None = None
        self.appointment_id: str | None = None
        self._rows: list[_MaterialRow] = []
        self._flagged = False  # 保存登记 was refused for materials left 未核对: those are outlined red
        self._enter = EnterMovesOn(self)

        self.item_search = QLineEdit()
        self.item_search.setPlaceholderText(self.tr("输入事项名称或编码查找"))
        self.category = QComboBox()
        self.category.addItem(self.tr("全部类别"), "")
        for cat in CATEGORIES:
            self.category.addItem(case_words.category_word(cat), cat)
        bounded_combo(self.category, 8)
        self.items = QListWidget()
        self.items.setMinimumWidth(300)
        self.item_error = ErrorLabel()
        self.plan_info = QLabel()
        self.plan_info.setWordWrap(True)

        self.applicant = ApplicantFields(desk)
        self.materials_box = QWidget()
        self.materials_grid = QGridLayout(self.materials_box)
        self.materials_error = ErrorLabel()
        self.mandate = QCheckBox(self.tr("办事人已签署委托书"))
        self.mandate_error = ErrorLabel()
        self.channel = QComboBox()
        for value in CHANNEL_CHOICES:  # self.tr(label) of a variable was never offered for translation
            self.channel.addItem(case_words.channel_word(value), value)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        text_limit.limit(self.note, intake.TEXT_LIMITS["note"])
        self.note_error = ErrorLabel()
        self.save_button = QPushButton(self.tr("保存登记"))
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("保存这次登记 (Ctrl+S)"))
        self.clear_button = QPushButton(self.tr("清空"))
        self.clear_button.setToolTip(self.tr("清空整张登记表 (会先询问)"))
        self.setStyleSheet(FOCUS_STYLE)
        self.banner = QLabel()

        left = QVBoxLayout()
        left.addWidget(title_label(self.tr("选择事项")))
        left.addWidget(self.item_search)
        left.addWidget(self.category)
        left.addWidget(self.items, 1)
        left.addWidget(self.item_error)
        left.addWidget(self.plan_info)

        right = QVBoxLayout()
        right.addWidget(self.banner)
        who = QGroupBox(self.tr("办事人"))
        QVBoxLayout(who).addWidget(self.applicant)
        right.addWidget(who)
        mats = QGroupBox(self.tr("材料清单"))
        mats_layout = QVBoxLayout(mats)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.materials_box)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # it scrolled sideways
        scroll.setMinimumHeight(140)
        mats_layout.addWidget(scroll)
        mats_layout.addWidget(self.materials_error)
        right.addWidget(mats, 1)
        other = QFormLayout()
        mandate_box = QVBoxLayout()
        mandate_box.addWidget(self.mandate)
        mandate_box.addWidget(self.mandate_error)
        other.addRow(self.tr("委托书"), mandate_box)
        other.addRow(self.tr("受理渠道"), self.channel)
        note_box = QVBoxLayout()
        note_box.addWidget(self.note)
        note_box.addWidget(self.note_error)
        other.addRow(self.tr("备注"), note_box)
        right.addLayout(other)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_button)  # far from 保存登记: one slip must not wipe the form
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(_scrolled_column(right, buttons), 3)

        for edit in (
            self.applicant.name,
            self.applicant.id_number,
            self.applicant.phone,
            self.applicant.group,
            self.applicant.address,
        ):
            edit.installEventFilter(self._enter)
        self.item_search.textChanged.connect(lambda _t: (self.item_error.show_error(""), self.load_items()))
        self.category.currentIndexChanged.connect(lambda _i: self.load_items())
        self.items.currentItemChanged.connect(self._item_chosen)
        self.items.itemActivated.connect(lambda _i: self.applicant.name.setFocus())
        self.item_search.installEventFilter(self)  # Enter picks the item, Up/Down move in the list
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.ask_clear)
        self.clear_confirmation: confirm.Confirmation | None = None
        self._clear_errors_when_fixed()
        self._set_tab_order()
        self._all_items: list[tuple[str, str, str]] = []
        self._select_when_loaded = ""  # an item asked for before the catalog finished loading

    def _clear_errors_when_fixed(self) -> None:
        """An error goes when its field is changed (a stale one misleads): typing in a field, ticking
        委托书, choosing another item; the 未核对 list shrinks as each material is set."""
        a = self.applicant
        for key, edit in (("name", a.name), ("phone", a.phone), ("group", a.group), ("address", a.address)):
            on_change(edit, lambda key=key: a.errors[key].show_error(""))
        on_change(self.mandate, lambda: self.mandate_error.show_error(""))
        for widget in (self.note, self.channel):
            on_change(widget, lambda: self.note_error.show_error(""))
        self.items.currentItemChanged.connect(lambda *_: self.item_error.show_error(""))

    def _material_set(self) -> None:
        """A material's 收取情况 changed: the 请逐项核对 error names only those still 未核对 (none: it goes)."""
        if not self.materials_error.text():
            return
        unchecked = self.unchecked_materials()
        self.materials_error.show_error(self._unchecked_message(unchecked) if unchecked else "")

    def _unchecked_message(self, unchecked: list[str]) -> str:
        return self.tr("请逐项核对材料, 以下尚未选择「已收 / 缺少」: %1").replace("%1", "、".join(unchecked))

    def showEvent(self, event) -> None:
        """On arrival the cursor is in the item search, ready to type."""
        super().showEvent(event)
        if self.applicant.name.text() == "" and not self.appointment_id:
            self.item_search.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.item_search and event.type() == event.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.items.count():
                row = self.items.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.items.setCurrentRow(max(0, min(self.items.count() - 1, row)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.items.currentItem() is None and self.items.count():
                    self.items.setCurrentRow(0)
                if self.items.currentItem() is not None:
                    self.applicant.name.setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    self.item_error.show_error(self.tr("没有找到该事项, 请换个关键词"))
                return True
        return super().eventFilter(watched, event)

    def _set_tab_order(self) -> None:
        """Search, item list, applicant, each material's choices, mandate, channel, note, then 保存登记."""
        a = self.applicant
        chain: list[QWidget] = [self.item_search, self.category, self.items, a.name, a.id_number, a.phone]
        chain += [a.group, a.address]
        for row in self._rows:
            chain += [row.status, row.form, row.custody]
        chain += [self.mandate, self.channel, self.note, self.save_button, self.clear_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- items ------------------------------------------------------------------------------------

    def load_items(self) -> None:
        if not self._all_items:
            self.runner.read(_item_choices, self.desk, on_done=self._set_item_choices)
            return
        text = self.item_search.text().strip().upper()
        cat = self.category.currentData()
        current = self.selected_code()
        self.items.blockSignals(True)
        self.items.clear()
        for code, name, category in self._all_items:
            if (cat and category != cat) or (text and text not in name.upper() and text not in code.upper()):
                continue
            entry = QListWidgetItem(f"{name}  ({code})")
            entry.setData(Qt.ItemDataRole.UserRole, code)
            self.items.addItem(entry)
            if code == current:
                self.items.setCurrentItem(entry)
        self.items.blockSignals(False)
        if self.items.count() and self.items.currentItem() is None and text:
            self.items.setCurrentRow(0)
        if self.items.currentItem() is None:
            self._clear_plan()

    def _clear_plan(self) -> None:
        """No item chosen (the search found none): no materials or time limit of an item no longer shown."""
        if self.plan is None:
            return
        self.plan = None
        self.plan_info.setText("")
        self.mandate.setEnabled(True)
        self._remove_materials()
        self._set_tab_order()

    def _set_item_choices(self, choices: list[tuple[str, str, str]]) -> None:
        self._all_items = choices
        self.load_items()
        if self._select_when_loaded:
            self.select_item(self._select_when_loaded)

    def selected_code(self) -> str:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    def select_item(self, code: str) -> bool:
        if not self._all_items:  # still loading (the page is built on first visit): select it on arrival
            self._select_when_loaded = code
            return False
        self._select_when_loaded = ""
        for row in range(self.items.count()):
            if self.items.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.items.setCurrentRow(row)
                return True
        return False

    def _item_chosen(self, current: QListWidgetItem | None, _previous=None) -> None:
        if current is None:
            return
        code = current.data(Qt.ItemDataRole.UserRole)
        self.runner.read(catalog.plan, self.desk, code, on_done=self._set_plan)

    def _set_plan(self, plan: Plan) -> None:
        if plan.items[0].code != self.selected_code() and (not plan.bundle or plan.bundle.code != self.selected_code()):
            return  # another item was chosen meanwhile
        self.plan = plan
        unit = self.tr("个工作日") if plan.limit_unit.value == "working_days" else self.tr("个自然日")
        limit = self.tr("即办") if plan.promised_days == 0 else f"{plan.promised_days}{unit}"
        level = self.tr("村级直办") if plan.village_direct else self.tr("代办至镇中心")
        self.plan_info.setText(self.tr("承诺时限: %1; %2").replace("%1", limit).replace("%2", level))
        self.mandate.setEnabled(not plan.village_direct)
        self._build_materials(plan)

    def _remove_materials(self) -> None:
        while self.materials_grid.count():
            w = self.materials_grid.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self._rows = []

    def _build_materials(self, plan: Plan) -> None:
        self._remove_materials()
        self._flagged = False  # a fresh checklist: no red before a save was tried
        if not plan.materials:
            self.materials_grid.addWidget(QLabel(self.tr("该事项无需提交材料")), 0, 0)
            return
        for col, head in enumerate((self.tr("材料"), self.tr("收取情况"), self.tr("形式"), self.tr("原件保管"))):
            self.materials_grid.addWidget(QLabel(f"<b>{head}</b>"), 0, col)
        for row, mat in enumerate(plan.materials, start=1):
            need = case_words.necessity_word(mat.necessity)
            label = QLabel(self.tr("%1（%2）").replace("%1", mat.name).replace("%2", need))
            label.setWordWrap(True)  # the name wraps, the three choices stay whole (English at 1024×768)
            status, form, custody = QComboBox(), QComboBox(), QComboBox()
            status.addItem(case_words.unchecked_word(), None)  # red only once 保存登记 found it unset
            status.currentIndexChanged.connect(
                lambda _i, box=status: box.setStyleSheet("" if box.currentData() or not self._flagged else UNSET_STYLE)
            )
            status.currentIndexChanged.connect(lambda _i: self._material_set())
            for value in STATUS_CHOICES:
                if value == "later" and mat.necessity == "required":
                    continue
                status.addItem(case_words.material_state(value), value)
            for value in FORM_LABELS:
                form.addItem(case_words.form_word(value), value)
            form.setCurrentIndex(form.findData(mat.form))
            for value in CUSTODY_CHOICES:
                custody.addItem(holder_name(value), value)
            for col, w in enumerate((label, status, form, custody)):
                self.materials_grid.addWidget(w, row, col)
            self._rows.append(_MaterialRow(mat.name, mat.necessity, status, form, custody))
        self.materials_grid.setColumnStretch(0, 1)  # the name takes what the choices leave
        for row in range(self.materials_grid.rowCount()):
            self.materials_grid.setRowStretch(row, 0)
        self.materials_grid.setRowStretch(len(plan.materials) + 1, 1)
        self._set_tab_order()

    def material_rows(self) -> list[_MaterialRow]:
        return self._rows

    # --- save -------------------------------------------------------------------------------------

    def form(self) -> intake.IntakeForm:
        a = self.applicant
        return intake.IntakeForm(
            item_code=self.selected_code(),
            name=a.name.text(),
            id_number=a.id_number.text(),
            phone=a.phone.text(),
            group=a.group.text(),
            address=a.address.text(),
            materials={
                r.name: intake.MaterialState(r.status.currentData(), r.form.currentData(), r.custody.currentData())
                for r in self._rows
                if r.status.currentData()  # save() refuses while any is 未核对
            },
            mandate_signed=self.mandate.isChecked(),
            channel="appointment" if self.appointment_id else self.channel.currentData(),
            note=self.note.toPlainText(),
        )

    def unchecked_materials(self) -> list[str]:
        """Materials whose 收取情况 the agent has not set yet (still 未核对)."""
        return [r.name for r in self._rows if not r.status.currentData()]

    def has_input(self) -> bool:
        """Anything typed or chosen that a reset or closing the window would lose."""
        a = self.applicant
        typed = any(e.text().strip() for e in (a.name, a.id_number, a.phone, a.group, a.address))
        chosen = any(r.status.currentData() for r in self._rows)
        return typed or chosen or self.mandate.isChecked() or bool(self.note.toPlainText().strip())

    def save(self) -> None:
        self.save_button.setEnabled(False)
        unchecked = self.unchecked_materials()
        if unchecked:  # each must be set: nothing is assumed 已收; the other fields are checked too
            message = self._unchecked_message(unchecked)
            self._flagged = True
            for r in self._rows:
                r.status.setStyleSheet("" if r.status.currentData() else UNSET_STYLE)
            self.runner.read(
                _field_errors,
                self.desk,
                self.form(),
                on_done=lambda found: self._failed_fields({**field_messages(found), "materials": message}),
            )
            return
        form = self.form()
        if self.appointment_id:
            job = (appointments.arrive, self.desk, self.appointment_id, form)
        else:
            job = (intake.register, self.desk, form)
        self.runner.write(*job, on_done=self._saved, on_error=self._failed)

    def _failed(self, err: object) -> None:
        self._failed_fields(field_texts(err, "item_code"))

    def _failed_fields(self, fields: dict[str, str]) -> None:
        self.save_button.setEnabled(True)
        self.show_errors(fields)
        for key, widget in (
            ("item_code", self.item_search),  # not the list: focusing it would pick its first item unasked
            ("name", self.applicant.name),
            ("id_number", self.applicant.id_number),
            ("phone", self.applicant.phone),
            ("materials", next((r.status for r in self._rows if not r.status.currentData()), self.mandate)),
            ("mandate_signed", self.mandate),
        ):
            if key in fields:
                widget.setFocus()
                break

    def show_errors(self, fields: dict[str, str]) -> None:
        self.item_error.show_error(fields.get("item_code", ""))
        self.applicant.show_errors(fields)
        self.materials_error.show_error(fields.get("materials", ""))
        self.mandate_error.show_error(fields.get("mandate_signed", ""))
        self.note_error.show_error(fields.get("note", "") or fields.get("channel", ""))

    def _saved(self, result: intake.IntakeResult) -> None:
        self.save_button.setEnabled(True)
        self.reset()
        self.saved.emit(result)
        SavedDialog(self.desk, result, self).open()

    def ask_clear(self) -> None:
        """清空 asks first when there is something to lose."""
        if not self.has_input():
            self.reset()
            return
        name = self.applicant.name.text().strip()
        text = (
            self.tr("清空「%1」这张未保存的登记表?").replace("%1", name) if name else self.tr("清空这张未保存的登记表?")
        )
        self.clear_confirmation = confirm.ask(
            self, self.tr("清空登记表"), text, self.tr("清空"), self.reset, self.tr("已填写的内容将不会保存。")
        )

    def reset(self) -> None:
        self.applicant.clear()
        self.mandate.setChecked(False)
        self.note.clear()
        self.show_errors({})
        if self.appointment_id:  # the next one comes to the window, not by appointment
            self.channel.setCurrentIndex(self.channel.findData("window"))
        self.appointment_id = None
        self.banner.setText("")
        if self.plan is not None:
            self._build_materials(self.plan)
        self.item_search.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_from_appointment(self, appt: appointments.AppointmentInfo) -> None:
        self.reset()
        self.appointment_id = appt.id
        self.banner.setText(self.tr("预约到访: %1 %2").replace("%1", appt.day.isoformat()).replace("%2", appt.name))
        self.applicant.name.setText(appt.name)
        self.applicant.phone.setText(appt.phone)
        self.channel.setCurrentIndex(self.channel.findData("appointment"))  # what is saved (``form``)
        self.item_search.clear()
        self.select_item(appt.item_code)
        self.applicant.id_number.setFocus()


def _scrolled_column(fields: QVBoxLayout, buttons: QHBoxLayout) -> QVBoxLayout:
    """The form scrolls when the errors under its fields need more height than the screen has (at
    1024×768 they squeezed the ID number box to a few pixels); the buttons stay in view below it."""
    inner = QWidget()
    inner.setLayout(fields)
    fields.setContentsMargins(0, 0, 0, 0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    column = QVBoxLayout()
    column.addWidget(scroll, 1)
    column.addLayout(buttons)
    return column


def _field_errors(desk: Desk, form: intake.IntakeForm) -> dict[str, str]:
    """Every field's error, without saving (shown together with the 未核对 materials)."""
    with desk.store.read() as s:
        try:
            intake.validate(desk, s, form)
        except intake.FormErrors as err:
            return err.by_field()
    return {}


def _item_choices(desk: Desk) -> list[tuple[str, str, str]]:
    out = [(b.code, b.name, "多证联办") for b in catalog.bundles(desk)]
    out += [(i.code, i.name, i.category) for i in catalog.items(desk)]
    return out


class SavedDialog(QDialog):
    """After saving: the case number and, once and in writing, every missing material (一次性告知)."""

    def __init__(self, desk: Desk, result: intake.IntakeResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("登记成功"))
        self.result_ = result
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("办件编号 %1").replace("%1", result.case_no)))
        if result.missing:
            text = (
                self.tr("一次性告知: 尚缺以下材料, 请补齐后交来:")
                + "\n"
                + "\n".join(f"{n}. {name}" for n, name in enumerate(result.missing, 1))
            )
        else:
            text = self.tr("材料齐全。")
        self.missing_label = QLabel(text)
        self.missing_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.missing_label)
        for warning in result.warnings:
            layout.addWidget(QLabel("⚠ " + warning))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setDefault(True)  # the focus comes back here after 打印 (print_hook)
        self.print_button = print_hook.print_button(self, desk, lambda: result.case_id, self.ok_button)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
