"""星级考评 for the city (市级审批服务中心): the town's rating page over every town's village centers.

The city reviews (市级审查复评) the sheets the towns scored, inspects (督查) and names the city-wide 十佳;
scoring, manual scores and the rubric stay the town's (镇办实施考评), so their controls are not shown.
One page for both levels keeps one set of rules and one look (``ui/pages/rating_page.py``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.ui.pages.rating_page import RatingPage, YearData
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

    def refresh(self) -> None:
        from villagedesk.services import city

        fill_towns(self.town, city.towns(self.desk), self.tr("全市各镇"))
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
        self.names = names
        self.villages = sorted((c, n) for c, n in names.items() if not town or c[:9] == town[:9])
        super()._loaded(data)
        if keep in {c for c, _n in self.villages}:
            self.select_village(keep)
