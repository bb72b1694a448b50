"""办件详情: the case, its full applicant data (only here), timeline, materials and custody,
attachments, and exactly the actions the lifecycle allows this role now."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from villagedesk.domain.bundle_members import MemberState
from villagedesk.domain.case_steps import step_note
from villagedesk.domain.catalog import LEVEL_LABELS, MEDIATION_OUTCOMES
from villagedesk.domain.errors import DomainError, ValidationError
from villagedesk.domain.lifecycle import DECISION_OUTCOMES, RULES, EventType, Role
from villagedesk.domain.projection import names_of
from villagedesk.services import actions, attachments, catalog, city, queries
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.ui import advice, case_words
from villagedesk.ui.current_case import CurrentCase
from villagedesk.ui.dialogs import action_help, confirm, file_dialogs
from villagedesk.ui.dialogs.action_dialog import CONFIRMED, ActionDialog
from villagedesk.ui.error_words import refusal_text
from villagedesk.ui.event_words import event_name
from villagedesk.ui.printing import print_hook
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.vocabulary import state_name
from villagedesk.ui.widgets.common import LIGHT_COLORS, ErrorLabel, title_label
from villagedesk.ui.widgets.flow_row import ElidedLabel, FlowRow
from villagedesk.ui.widgets.models import due_cell, light_word

ACTIONS_ROOM = 440  # px the action buttons' rows may take at 1024×768 beside the applicant and materials


def _agent_actions(role: Role = Role.AGENT) -> list[EventType]:
    """The buttons of the role's actions (the town clerk gets the town's)."""
    seen: list[EventType] = []
    for rule in RULES:
        if (
            role in rule.roles
            and rule.event not in seen
            and rule.event
            not in (
                EventType.CASE_REGISTERED,
                EventType.ATTACHMENT_ADDED,
                EventType.ATTACHMENT_REMOVED,  # the attachment panel's 移除
                *actions.REPORT_EVENTS,  # progress reports have their own page
                *actions.RECORD_EVENTS,  # so have ratings and inspections
            )
        ):
            seen.append(rule.event)
    return seen


def _load(desk: Desk, case_id: str) -> tuple[queries.CaseDetail, list[EventType], list, int | None, dict]:
    return (
        queries.detail(desk, case_id, reveal_id=True),
        actions.available(desk, case_id),
        attachments.list_for_case(desk, case_id),
        city.city_share(desk, case_id),
        engine.event_status(desk, case_id),  # the header's and the timeline's sync marks: one read
    )


class DetailPage(QWidget):
    back = Signal()
    changed = Signal(str)

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.current = CurrentCase(self)  # the one source of the case every action and print uses
        self.dialog: ActionDialog | None = None
        self.back_button = QPushButton(self.tr("← 返回列表"))
        self.back_button.clicked.connect(self.back)
        self.header = title_label("")
        # the header's pieces never wrap inside (Chinese broke mid-word: 「正/常」); the row wraps between them
        self.status_label = ElidedLabel()
        self.due_label = ElidedLabel()
        self.sync_label = ElidedLabel()
        self._timeline: list[queries.TimelineEntry] = []  # the steps shown, of case ``_timeline_case``
        self._timeline_case = ""
        self.applicant_label = QLabel()
        self.applicant_label.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.members_label = QLabel()  # 多证联办: each member item's level and where it stands
        self.members_label.setWordWrap(True)
        self.members_label.hide()
        self.timeline = QTableWidget(0, 4)
        self.timeline.setHorizontalHeaderLabels([self.tr("日期"), self.tr("事项"), self.tr("角色"), self.tr("内容")])
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.timeline.setTabKeyNavigation(False)  # Tab leaves the table: the action buttons come next
        self.materials = QTableWidget(0, 3)
        self.materials.setTabKeyNavigation(False)  # Tab cycled through its cells and never reached 撤回 …
        self.materials.setHorizontalHeaderLabels([self.tr("材料"), self.tr("收取"), self.tr("原件保管")])
        mats_header = self.materials.horizontalHeader()  # on 1024×768 the name needs what the others leave
        mats_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            mats_header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.materials.setWordWrap(True)
        self.materials.verticalHeader().setVisible(False)
        # a long name wraps onto a second line of its row, and the table is as tall as its rows (it showed
        # 4 of 5 behind a scrollbar beside an empty 附件 list half the column high)
        self.materials.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.materials.verticalHeader().sectionResized.connect(lambda *_: self._fit_materials())
        self.materials.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.attachment_list = QListWidget()
        self.attachment_list.currentRowChanged.connect(self._attachment_chosen)
        self.attachment_list.itemActivated.connect(lambda _item: self.open_attachment())  # Enter, double-click
        self.attach_material = QComboBox()  # which material a new scan is of
        self.attach_material.setToolTip(self.tr("新附件对应的材料"))
        self.attach_button = QPushButton(self.tr("添加附件…"))
        self.attach_button.clicked.connect(self._choose_file)
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.setToolTip(self.tr("用本机的看图或 PDF 程序打开选中的附件"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_attachment)
        self.remove_button = QPushButton(self.tr("移除"))
        self.remove_button.setToolTip(self.tr("把选中的附件从办件上移除 (记入办理过程, 同步到镇中心)"))
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_attachment)
        self.preview = QLabel()  # a picture's preview (or why there is none), under the list, while one is chosen
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setWordWrap(True)
        self.preview.hide()
        self._files: list = []
        self.error = ErrorLabel()
        self.action_buttons: dict[EventType, QPushButton] = {}
        actions_box = QGroupBox(self.tr("办理"))
        grid = QGridLayout(actions_box)
        for event in _agent_actions(desk.identity.role):
            button = QPushButton(event_name(event))
            button.setEnabled(False)
            button.setToolTip(action_help.help_text(event))
            button.clicked.connect(lambda _c=False, e=event: self.start_action(e))
            self.action_buttons[event] = button
        # four to a row in Chinese; the longer English names take fewer, or the page outgrew a 1024 screen
        widest = max((b.sizeHint().width() for b in self.action_buttons.values()), default=1)
        columns = max(2, min(4, ACTIONS_ROOM // max(widest, 1)))
        for n, button in enumerate(self.action_buttons.values()):
            grid.addWidget(button, n // columns, n % columns)
        self.print_placeholder = QHBoxLayout()
        self._print_button = print_hook.print_button(self, self.desk, self._printable_case)
        self._print_button.setEnabled(False)
        self.print_placeholder.addWidget(self._print_button)
        self.print_dialog: QWidget | None = None

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.header, 1)
        top.addLayout(self.print_placeholder)
        self.info_row = QWidget()
        info = FlowRow(self.info_row)
        for piece in (self.status_label, self.due_label, self.sync_label):
            info.add(piece)
        left = QVBoxLayout()
        who = QGroupBox(self.tr("申请人"))
        QVBoxLayout(who).addWidget(self.applicant_label)
        left.addWidget(who)
        left.addWidget(self.missing_label)
        left.addWidget(self.members_label)
        mats = QGroupBox(self.tr("材料与原件保管"))
        QVBoxLayout(mats).addWidget(self.materials)
        left.addWidget(mats, 1)
        att = QGroupBox(self.tr("附件"))
        att_layout = QVBoxLayout(att)
        att_layout.addWidget(self.attachment_list)
        att_layout.addWidget(self.preview)
        # the material on a row of its own: beside the three buttons it was cut to 「(不对应具」 at 1024×768
        att_layout.addWidget(self.attach_material)
        att_row = QHBoxLayout()
        att_row.addWidget(self.attach_button)
        att_row.addWidget(self.open_button)
        att_row.addWidget(self.remove_button)
        att_layout.addLayout(att_row)
        left.addWidget(att)
        right = QVBoxLayout()
        right.addWidget(actions_box)
        tl = QGroupBox(self.tr("办理过程"))
        QVBoxLayout(tl).addWidget(self.timeline)
        right.addWidget(tl, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.setObjectName("state:detail-split")  # kept across starts (window_state)
        body.setChildrenCollapsible(False)
        for part, stretch in ((left, 2), (right, 3)):
            holder = QWidget()
            holder.setLayout(part)
            part.setContentsMargins(0, 0, 0, 0)
            body.addWidget(holder)
            body.setStretchFactor(body.count() - 1, stretch)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info_row)
        layout.addWidget(self.error)
        layout.addWidget(body, 1)
        self.current.changed.connect(self._enable_for_current)

    @property
    def case_id(self) -> str | None:
        return self.current.case_id

    @property
    def detail(self) -> queries.CaseDetail | None:
        return self.current.detail

    def _printable_case(self) -> str | None:
        return self.current.case_id if self.current.ready() else None

    def _enable_for_current(self) -> None:
        """Nothing acts on a case that is still loading (its buttons would belong to the previous one)."""
        ready = self.current.ready()
        self._print_button.setEnabled(ready)
        self.attach_button.setEnabled(ready)
        self.attach_material.setEnabled(ready)
        if not ready:
            for button in self.action_buttons.values():
                button.setEnabled(False)

    def print_current(self) -> QWidget | None:
        """打印 / Ctrl+P: the print choice for the case shown now."""
        self.print_dialog = print_hook.open_print(self, self.desk, self._printable_case())
        return self.print_dialog

    def show_case(self, case_id: str) -> None:
        self.current.open(case_id)
        self.runner.read(
            _load, self.desk, case_id, on_done=self._loaded, on_error=lambda e: self.error.show_error(refusal_text(e))
        )

    def refresh_sync(self) -> None:
        """This case's sync state, per event: waiting, synced, or refused with the server's reason."""
        if self.case_id is not None:
            case_id = self.case_id
            self.runner.read(engine.event_status, self.desk, case_id, on_done=lambda st: self._show_sync(case_id, st))

    def _members_text(self, members: list[MemberState]) -> str:
        """联办事项: one line per member, its own level (and the bundle's level deciding it) and its state,
        worded as ``villagedesk show`` words them (``domain.bundle_members``)."""
        if not members:
            return ""
        lines = [self.tr("联办事项:")]
        for ms in members:
            if ms.level in LEVEL_LABELS:
                level = self.tr("%1级事项").replace("%1", case_words.level_word(ms.level))
                if ms.decided_above:
                    level += self.tr(", 随联办件由%1级决定").replace("%1", case_words.level_word(ms.decider))
            else:
                level = self.tr("层级未知")
            if ms.passed_on:
                up = ms.decider == "city"
                passed = self.tr("已转报%1级, 待一并决定") if up else self.tr("已报送%1级, 待一并决定")
                state = passed.replace("%1", case_words.level_word(ms.decider))
            else:
                state = state_name(ms.state)
            lines.append(f"{ms.name}  {level}  {state}")
        return "\n".join(lines)

    def _show_sync(self, case_id: str, statuses: dict[str, tuple[str, str]]) -> None:
        """The header and each timeline row's (待同步) from the same statuses: read apart, the header said
        已同步 right after an action whose row said 待同步."""
        if case_id != self.case_id:
            return
        self._mark_timeline(statuses)
        reasons = [reason for state, reason in statuses.values() if state == "rejected"]
        waiting = sum(1 for state, _ in statuses.values() if state == "waiting")
        if reasons:
            text = self.tr("同步: 被服务器拒收 — %1").replace("%1", "; ".join(map(advice.rejected_text, reasons)))
            color = "#c62828"
        elif waiting:
            text = self.tr("同步: 待同步 (%1 条记录未发送)").replace("%1", str(waiting))
            color = "#e65100"
        else:
            text, color = self.tr("同步: 已同步"), "#2e7d32"
        self.sync_label.setText(text)
        self.sync_label.setStyleSheet(f"color: {color};")

    def _mark_timeline(self, statuses: dict[str, tuple[str, str]]) -> None:
        """Each step's label, with (待同步) while it is not on the server, (被服务器拒收) once it refused it."""
        if self._timeline_case != self.case_id:
            return  # the rows still show the case before (this one is loading)
        marks = {"synced": "", "rejected": self.tr(" (被服务器拒收)")}
        for n, t in enumerate(self._timeline):
            item = self.timeline.item(n, 1)
            if item is None:
                continue
            state = statuses.get(t.id, ("synced", ""))[0]
            item.setText(
                event_name(t.type)
                + marks.get(state, self.tr(" (待同步)"))
                + (self.tr(" (记录被改动, 不可信)") if t.edited else "")
            )

    def _loaded(self, data: tuple) -> None:
        detail, allowed, files, city_days, statuses = data
        if detail.row.id != self.case_id:
            return
        r = detail.row
        self.header.setText(f"{r.case_no}  {r.title}")
        conflict = "  ⚠ " + self.tr("存在冲突") if r.conflict else ""
        if detail.events_deleted:  # the steps below are not the whole record
            conflict += "  ⚠ " + self.tr("有记录被删除, 办理过程不完整、不可信")
        self.status_label.setText(self.tr("状态: %1").replace("%1", state_name(r.status)) + conflict)
        due = due_cell(r)  # the same promise as the receipt and the public page (domain.promise.promise_pending)
        light = light_word(r.light)
        text = self.tr("到期日: %1 %2").replace("%1", due).replace("%2", light)
        if city_days is not None:  # the clock runs on across the levels: the city's part of it
            text += "  " + self.tr("其中市级用时 %1 个工作日").replace("%1", str(city_days))
        self.due_label.setText(text)
        self.due_label.setStyleSheet(f"color: {LIGHT_COLORS.get(r.light, '#000')}; font-weight: bold;")
        a = detail.applicant
        phone_word = self.tr("电话")  # a literal lupdate sees (it missed the one inside the f-string)
        self.applicant_label.setText(
            f"{a['name']}    {a['id_number']}\n{phone_word} {a['phone']}    {a.get('group', '')} {a.get('address', '')}"
        )
        missing = detail.view.get("missing") or [] if r.status in ("awaiting_materials", "returned") else []
        self.missing_label.setText((self.tr("尚缺材料: ") + "、".join(missing)) if missing else "")
        self.members_label.setText(self._members_text(detail.members))
        self.members_label.setVisible(bool(detail.members))
        self._fill_materials(detail)
        self.timeline.setRowCount(len(detail.timeline))
        self._timeline, self._timeline_case = list(detail.timeline), r.id
        for n, t in enumerate(detail.timeline):
            summary = _summary(t.payload)
            values = [t.at, event_name(t.type), case_words.level_word(t.role), summary]  # marks: ``_show_sync``
            for col, value in enumerate(values):
                self.timeline.setItem(n, col, QTableWidgetItem(value))
        self._show_sync(r.id, statuses)
        self.timeline.resizeColumnsToContents()
        self.timeline.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        village_direct = detail.registered.get("final_level") == "village"
        for event, button in self.action_buttons.items():
            button.setEnabled(event in allowed)
            reason = "" if event in allowed else self._why_not(event, r, village_direct)
            button.setToolTip(action_help.tooltip(event, event in allowed, reason))
        self._files = list(files)
        self.attachment_list.clear()
        for f in files:
            missing = "" if f.present else "  " + self.tr("(未下载)")
            name = f.filename or f.sha256[:12]
            self.attachment_list.addItem(f"{name}  {f.material}  {f.size // 1024 + 1} KB{missing}")
        self._attachment_chosen(self.attachment_list.currentRow())
        # an empty 附件 list is two lines high: the checklist above it gets the room
        lines = self.attachment_list.fontMetrics().lineSpacing() * 2 + 2 * self.attachment_list.frameWidth() + 8
        self.attachment_list.setMaximumHeight(lines if not files else 16_777_215)
        chosen = self.attach_material.currentData()
        self.attach_material.clear()
        self.attach_material.addItem(self.tr("(不对应具体材料)"), "")
        for mat in detail.registered.get("materials", []):
            self.attach_material.addItem(mat["name"], mat["name"])
        self.attach_material.setCurrentIndex(max(0, self.attach_material.findData(chosen)))
        self.current.loaded(detail)  # last: the buttons come alive only now, for this case
        self.error.show_error("")

    def _why_not(self, event: EventType, row: queries.CaseRow, village_direct: bool) -> str:
        return action_help.disabled_reason(event, row.status, self.desk.identity.role, row.conflict, village_direct)

    def _fill_materials(self, detail: queries.CaseDetail) -> None:
        mats = detail.registered.get("materials", [])
        custody = detail.custody  # the same holders as `villagedesk show` and the 交接单 (domain/custody.py)
        status = material_status(detail)
        self.materials.setRowCount(len(mats))
        for n, mat in enumerate(mats):
            values = [
                f"{mat['name']}({case_words.form_word(mat.get('form', ''))})",
                case_words.material_state(status[mat["name"]]),
                case_words.holder_word(custody.get(mat["name"], "")),
            ]
            for col, value in enumerate(values):
                self.materials.setItem(n, col, QTableWidgetItem(value))
        self._fit_materials()

    def _fit_materials(self) -> None:
        """The checklist at least as tall as its rows (up to ten of them; more scroll)."""
        table = self.materials
        rows = sum(table.rowHeight(n) for n in range(min(table.rowCount(), 10)))
        need = rows + table.horizontalHeader().height() + 2 * table.frameWidth() + 2
        if table.minimumHeight() != need:
            table.setMinimumHeight(need)

    def material_names(self) -> list[str]:
        if self.detail is None:
            return []
        return [m["name"] for m in self.detail.registered.get("materials", [])]

    # --- actions ----------------------------------------------------------------------------------

    def start_action(self, event: EventType) -> ActionDialog | None:
        detail = self.current.detail
        if detail is None:
            return None  # still loading: the buttons are disabled, a shortcut must not slip through
        names = self.material_names()
        if event is EventType.MATERIALS_SUPPLIED:
            names = list(detail.view.get("missing") or names)
        choices = None
        if event is EventType.CONFLICT_RESOLVED:
            choices = actions.conflict_choices(self.desk, detail.row.id)
        dialog = ActionDialog(event, names, self, choices)
        dialog.case_id = detail.row.id  # the case the person saw when they asked for the action
        dialog.lacking = list(detail.view.get("missing") or [])
        if event is EventType.RESULT_READY:  # picked up where the village calls itself (…便民服务站)
            dialog.fields["where"].setText(catalog.station_name(self.desk, detail.row.village_code))
        dialog.set_subject(detail.applicant.get("name", ""), detail.row.case_no)
        dialog.buttons.accepted.connect(lambda: self._confirm_then_run(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _confirm_then_run(self, dialog: ActionDialog) -> None:
        """Local checks, then for steps that end or decide a case one more question naming it."""
        problems = dialog.check()
        if problems:
            field, message = next(iter(problems.items()))
            dialog.show_error(field, message)
            return
        detail = self.current.detail
        if dialog.action not in CONFIRMED or detail is None or detail.row.id != dialog.case_id:
            self._run(dialog)
            return
        what = event_name(dialog.action)
        if dialog.action is EventType.DECIDED:
            what += " — " + dialog.fields["outcome"].currentText()
        text = self.tr("对%1执行「%2」?").replace(
            "%1", confirm.who_and_case(detail.applicant.get("name", ""), detail.row.case_no)
        )
        dialog.confirmation = confirm.ask(
            dialog,
            what,
            text.replace("%2", what),
            what,
            lambda: self._run(dialog),
            self.tr("此步骤之后办件不能再按原流程办理。"),
        )

    def _run(self, dialog: ActionDialog) -> None:
        case_id = dialog.case_id
        payload = dialog.payload()
        dialog.buttons.setEnabled(False)

        def failed(err: object) -> None:
            dialog.buttons.setEnabled(True)
            field = err.field if isinstance(err, ValidationError) else ""
            dialog.show_error(field, err.message if isinstance(err, ValidationError) else refusal_text(err))

        def done(_state: object) -> None:
            dialog.accept()
            self.changed.emit(case_id)
            if case_id == self.case_id:
                self.show_case(case_id)

        self.runner.write(  # dialog.perform: actions.perform, or the delivery with its review
            dialog.perform, self.desk, case_id, dialog.action, payload, on_done=done, on_error=failed
        )

    def _choose_file(self) -> None:
        path = file_dialogs.open_file(
            self, self.tr("选择材料扫描件或照片"), "", self.tr("图片或PDF (*.jpg *.jpeg *.png *.pdf);;所有文件 (*)")
        )
        if path:
            self.add_attachment(Path(path), self.attach_material.currentData() or "")

    def _chosen_file(self):
        row = self.attachment_list.currentRow()
        return self._files[row] if 0 <= row < len(self._files) else None

    def _attachment_chosen(self, _row: int) -> None:
        """A picture shows under the list; 打开 works for a file this PC holds."""
        f = self._chosen_file()
        self.open_button.setEnabled(f is not None and f.present)
        self.remove_button.setEnabled(f is not None and self.current.ready())
        pixmap = QPixmap(str(f.path)) if f is not None and f.present and f.mime.startswith("image/") else QPixmap()
        self.preview.clear()
        if not pixmap.isNull():
            self.preview.setPixmap(pixmap.scaled(240, 140, Qt.AspectRatioMode.KeepAspectRatio))
            self.preview.show()
            return
        note = self._no_preview(f) if f is not None else ""
        self.preview.setText(note)
        self.preview.setVisible(bool(note))

    def _no_preview(self, f: attachments.AttachmentInfo) -> str:
        """Why a chosen file shows no picture, and what to do. A PDF's page would need Qt's QtPdf, which is
        in PySide6-Addons (well over 100 MB), not in the PySide6-Essentials we ship (docs/desk-window.md)."""
        if not f.present:
            return self.tr("附件还没有从镇中心下载到本机, 请先同步")
        if f.mime == "application/pdf" or f.filename.lower().endswith(".pdf"):
            return self.tr("PDF 无法在此预览, 请点「打开」用本机的 PDF 程序查看")
        return self.tr("无法预览, 请点「打开」")

    def open_attachment(self) -> None:
        """The chosen attachment in the system's viewer (a copy under its own name: the store has hashes)."""
        f = self._chosen_file()
        if f is None:
            return
        try:
            path = attachments.viewable_copy(self.desk, f)
        except DomainError as err:
            self.error.show_error(refusal_text(err))
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.error.show_error(self.tr("本机没有能打开这种文件的程序"))

    def remove_attachment(self) -> None:
        """移除: asked first, naming the file and the villager; then an ``attachment_removed`` event."""
        f, detail = self._chosen_file(), self.current.detail
        if f is None or detail is None or not self.current.ready():
            return
        case_id = detail.row.id
        name = f.filename or f.sha256[:12]
        text = (
            self.tr("从%1移除附件「%2」?")
            .replace("%1", confirm.who_and_case(detail.applicant.get("name", ""), detail.row.case_no))
            .replace("%2", name)
        )

        def done(_result: object) -> None:
            self.changed.emit(case_id)
            if case_id == self.case_id:
                self.show_case(case_id)

        def run() -> None:
            self.runner.write(
                attachments.remove,
                self.desk,
                case_id,
                f.id,
                on_done=done,
                on_error=lambda err: self.error.show_error(refusal_text(err)),
            )

        confirm.ask(
            self,
            self.tr("移除附件"),
            text,
            self.tr("移除"),
            run,
            self.tr("移除会记入办理过程并同步到镇中心; 文件本身保留在本机的附件库中。"),
        )

    def add_attachment(self, path: Path, material: str = "") -> None:
        case_id = self._printable_case()
        if case_id is None:
            return

        def done(_info: object) -> None:
            self.changed.emit(case_id)
            if case_id == self.case_id:
                self.show_case(case_id)

        self.runner.write(
            attachments.add_file,
            self.desk,
            case_id,
            path,
            material,
            on_done=done,
            on_error=lambda err: self.error.show_error(refusal_text(err)),
        )


def material_status(detail: queries.CaseDetail) -> dict[str, str]:
    """Each material's status now: as registered, then every 告知缺少 / 退回补正 and 补交 in order.

    The table showed the status at registration, so 户口簿 stayed 已收 under "尚缺材料: 户口簿".
    """
    status = {m["name"]: m.get("status", "") for m in detail.registered.get("materials", [])}
    asked = (EventType.MATERIALS_MISSING.value, EventType.RETURNED.value)
    for t in detail.timeline:
        if t.type in asked:
            for name in names_of(t.payload.get("missing")):
                status[name] = "missing"
        elif t.type == EventType.MATERIALS_SUPPLIED.value:
            for name in names_of(t.payload.get("received")):
                status[name] = "have"
    if detail.row.status in ("awaiting_materials", "returned"):
        for name in detail.view.get("missing") or []:
            status[name] = "missing"  # the case's own list wins: never 已收 beside 尚缺
    return status


def _summary(payload: dict) -> str:
    prefixes = {  # the domain's note says 缺少: / 已补: in Chinese
        "missing": QCoreApplication.translate("DetailPage", "缺少: %1"),
        "received": QCoreApplication.translate("DetailPage", "已补: %1"),
    }
    return step_note(payload, _outcome, prefixes=prefixes)


def _outcome(value: str) -> str:
    """Coded values (``approved``, ``agreed``) as the agent reads them (准予, 达成调解协议)."""
    if value in DECISION_OUTCOMES:
        return state_name(DECISION_OUTCOMES[value])
    return MEDIATION_OUTCOMES.get(value, value)
