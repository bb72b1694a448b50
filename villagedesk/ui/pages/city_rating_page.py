"""星级考评 for the city (市级审批服务中心): the town's rating page over every town's village centers.

The city reviews (市级审查复评) the sheets the towns scored, inspects (督查) village centers and the towns
themselves, and names the city-wide 十佳; scoring, manual scores and the rubric stay the town's (镇办实施
考评), so their controls are not shown. One page for both levels keeps one set of rules and one look
(``ui/pages/rating_page.py``). An inspection of a town goes through ``services.supervision.record`` with
the town's code, the path ``villagedesk inspection record <town>`` takes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from villagedesk.services import catalog, supervision
from villagedesk.services.desk import Desk
from villagedesk.ui.pages.rating_page import RatingPage, YearData, _pydate
from villagedesk.ui.tasks import TaskRunner
from villagedesk.ui.widgets.town_box import fill_towns, town_box


class CityRatingPage(RatingPage):
    """The rating page of a city device: all towns' villages, or one town's, chosen above the table."""

    def __init__(self, desk: Desk, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(desk, runner, parent)
        city = desk.identity.region_code[:6]
        self.city_villages = [(r.code, r.name) for r in catalog.regions(desk, level="village") if r.code[:6] == city]
        self.villages = list(self.city_villages)
        self.names = dict(self.city_villages)
        self.town_names: dict[str, str] = {}
        for w in (self.score_all_button, self.rubric_button, self.default_rubric_button):
            w.hide()
        self.manual_box.hide()
        self.score_button.hide()
        self.town = town_box(self, self.tr("全市各镇"))
        top = self.layout().itemAt(0).layout()
        assert isinstance(top, QHBoxLayout)
        top.insertWidget(2, QLabel(self.tr("乡镇")))
        top.insertWidget(3, self.town)
        self.town.currentIndexChanged.connect(lambda _i: self._loaded(self.data) if self.data else None)
        # 督查对象: the village chosen on the left, or a town of the city (its 乡镇便民服务中心)
        self.target: QComboBox = town_box(self, self.tr("左侧所选的村(社区)"))
        self.inspection_form.insertRow(0, self.tr("督查对象"), self.target)
        self.inspection_hint.setText(
            self.tr("督查随同步送达被督查的村或乡镇: 村在「考评督查」、乡镇在「市级督查」页填报整改, 同步后显示在上表")
        )
        self.target.currentIndexChanged.connect(lambda _i: self._show_target())
        self.findings.returnPressed.connect(self.record_inspection)  # keyboard: type the findings, Enter

    def refresh(self) -> None:
        from villagedesk.services import city

        towns = city.towns(self.desk)
        self.town_names = dict(towns)
        fill_towns(self.town, towns, self.tr("全市各镇"))
        fill_towns(self.target, towns, self.tr("左侧所选的村(社区)"))
        super().refresh()

    def _loaded(self, data: YearData) -> None:
        """The villages of the chosen town (or the city), with any center a synced sheet names."""
        keep = self.selected_village()
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(False)
        names = dict(self.city_villages)
        for code, r in data.ratings.items():
            names.setdefault(code, r.village_name)
        town = self.town.currentData() or ""
        self.villages = sorted((c, n) for c, n in names.items() if not town or c[:9] == town[:9])
        self.names = {**self.town_names, **names}  # the inspections table names a town inspected too
        super()._loaded(data)
        if keep in {c for c, _n in self.villages}:
            self.select_village(keep)
        self._show_target()

    def _show_selected(self) -> None:
        super()._show_selected()
        self._show_target()

    def _show_target(self) -> None:
        """被督查单位: the chosen town's center, or the village selected on the left."""
        town = self.target.currentData() or ""
        if town:
            self.inspected_village.setText(self.target.currentText() + self.tr("(乡镇便民服务中心)"))
        else:
            code = self.selected_village()
            self.inspected_village.setText(self.names.get(code, "") if code else "")

    def record_inspection(self) -> None:
        """A town chosen as 督查对象 is inspected itself (its own partition); otherwise the selected village."""
        town = self.target.currentData() or ""
        if not town:
            super().record_inspection()
            return
        fix_by = _pydate(self.fix_by.date()) if self.needs_fix.isChecked() else None
        args = (town, self.kind.currentData(), _pydate(self.inspected_on.date()), self.findings.text())
        self._busy(True)
        self.error.show_error("")
        self.runner.write(
            supervision.record,
            self.desk,
            *args,
            self.deduction.value(),
            fix_by,
            self.data_leak.isChecked(),
            on_done=self._inspected,
            on_error=self._failed,
        )

    def _inspected(self, row: object) -> None:
        """Recorded: the findings field is emptied, so a second Enter does not record it twice."""
        self.findings.clear()
        self._written(row)
