"""星级考评: score a village center's year against a configurable 100-point rubric.

The rubric is data (JSON or TOML, see docs/metrics.md): criteria computed from the metrics with point
bands, the town's manual criteria (premises, public notices, attendance), inspection deductions up to
a cap, star bands, and downgrade triggers (a verified bad review, an overdue case, a data leak) that
take stars off whatever the score says. Changing the rubric and scoring again gives the new result.

Missing data is never rewarded: a center (or an agent) with fewer than ``min_cases`` cases registered
in the period, or whose computed criteria lack data for more than half of their points, gets no score
and no stars ("数据不足") and is not ranked; an idle village once scored 100 / 5★ and topped 十佳.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from villagedesk.domain.errors import ValidationError

MIN_CASES = 5  # fewer cases registered in the period: 数据不足 (the rubric's ``min_cases`` may change it)
INSUFFICIENT = "数据不足"
TRIGGERS = {"verified_bad_review": "核实差评", "overdue_case": "超期办件", "data_leak": "信息泄露"}

DEFAULT_RUBRIC: dict[str, Any] = {
    "name": "村级便民服务中心星级考评细则",
    "version": "2026",
    "metric": [
        {"key": "on_time_rate", "label": "按时办结率", "points": 20,
         "bands": [[0.98, 20], [0.95, 16], [0.90, 12], [0.80, 6]]},
        {"key": "submitted_in_window", "label": "3个工作日内报送率", "points": 10,
         "bands": [[0.95, 10], [0.90, 8], [0.80, 5]]},
        {"key": "return_rate", "label": "退件率", "points": 10, "lower_is_better": True,
         "bands": [[0.05, 10], [0.10, 8], [0.20, 5]]},
        {"key": "good_review_rate", "label": "好评率", "points": 15,
         "bands": [[0.98, 15], [0.95, 12], [0.90, 8]]},
        {"key": "bad_review_fix_rate", "label": "差评整改率", "points": 10, "bands": [[1.0, 10], [0.9, 6]]},
        {"key": "delivery_lag", "label": "结果送达平均用时(工作日)", "points": 5, "lower_is_better": True,
         "bands": [[1, 5], [2, 3], [3, 1]]},
        {"key": "mediation_agreement_rate", "label": "调解成功率", "points": 5, "bands": [[0.9, 5], [0.8, 3]]},
    ],
    "manual": [
        {"key": "premises", "label": "场所设施", "points": 10},
        {"key": "public_notices", "label": "公开公示", "points": 8},
        {"key": "attendance", "label": "在岗考勤", "points": 7},
    ],
    "min_cases": 5,
    "supervision_cap": 20,
    "stars": [[90, 5], [80, 4], [70, 3], [60, 2], [50, 1]],
    "downgrade": {"verified_bad_review": 1, "overdue_case": 1, "data_leak": 5},
}  # fmt: skip


@dataclass(frozen=True)
class MetricCriterion:
    key: str
    label: str
    points: float
    bands: tuple[tuple[float, float], ...]
    lower_is_better: bool = False
    if_no_data: str = "full"  # full | zero: a center with no such cases is not punished by default

    def award(self, value: float | None) -> float:
        if value is None:
            return self.points if self.if_no_data == "full" else 0.0
        for threshold, points in self.bands:
            if (value <= threshold) if self.lower_is_better else (value >= threshold):
                return points
        return 0.0


@dataclass(frozen=True)
class ManualCriterion:
    key: str
    label: str
    points: float


@dataclass(frozen=True)
class Rubric:
    name: str
    version: str
    metric: tuple[MetricCriterion, ...]
    manual: tuple[ManualCriterion, ...]
    supervision_cap: float
    stars: tuple[tuple[float, int], ...]
    downgrade: Mapping[str, int]
    source: Mapping[str, Any]
    min_cases: int = MIN_CASES

    @property
    def total(self) -> float:
        return sum(c.points for c in self.metric) + sum(c.points for c in self.manual)

    def stars_for(self, score: float) -> int:
        for minimum, stars in self.stars:
            if score >= minimum:
                return stars
        return 0


def _num(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError("rubric", f"{where} 应为数字")
    return float(value)


def parse_rubric(data: Mapping[str, Any]) -> Rubric:
    """Check a rubric document; every problem is reported in Chinese naming the criterion."""
    if not isinstance(data, Mapping):
        raise ValidationError("rubric", "考评细则应为一个对象")
    metric, manual, keys = [], [], set()
    for i, c in enumerate(data.get("metric") or []):
        where = f"计算指标第 {i + 1} 项"
        if not isinstance(c, Mapping) or not isinstance(c.get("key"), str):
            raise ValidationError("rubric", f"{where} 缺少 key")
        bands = c.get("bands") or []
        if not isinstance(bands, list) or not all(isinstance(b, list | tuple) and len(b) == 2 for b in bands):
            raise ValidationError("rubric", f"{where}「{c['key']}」的 bands 应为 [阈值, 得分] 列表")
        parsed = tuple((_num(t, where), _num(p, where)) for t, p in bands)
        points = _num(c.get("points"), where)
        if any(p > points or p < 0 for _, p in parsed):
            raise ValidationError("rubric", f"{where}「{c['key']}」的档次得分不能超过该项分值 {points:g}")
        lower = bool(c.get("lower_is_better", False))
        thresholds = [t for t, _ in parsed]
        if thresholds != sorted(thresholds, reverse=not lower):
            order = "从小到大" if lower else "从大到小"
            raise ValidationError("rubric", f"{where}「{c['key']}」的阈值应{order}排列")
        if c.get("if_no_data", "full") not in ("full", "zero"):
            raise ValidationError("rubric", f"{where} 的 if_no_data 应为 full 或 zero")
        metric.append(
            MetricCriterion(c["key"], str(c.get("label", c["key"])), points, parsed, lower, c.get("if_no_data", "full"))
        )
        keys.add(c["key"])
    for i, c in enumerate(data.get("manual") or []):
        where = f"人工评分第 {i + 1} 项"
        if not isinstance(c, Mapping) or not isinstance(c.get("key"), str):
            raise ValidationError("rubric", f"{where} 缺少 key")
        if c["key"] in keys:
            raise ValidationError("rubric", f"评分项「{c['key']}」重复")
        keys.add(c["key"])
        manual.append(ManualCriterion(c["key"], str(c.get("label", c["key"])), _num(c.get("points"), where)))
    total = sum(c.points for c in metric) + sum(c.points for c in manual)
    if abs(total - 100) > 1e-9:
        raise ValidationError("rubric", f"各评分项分值合计应为 100 分, 现为 {total:g} 分")
    stars = tuple((_num(s, "星级档次"), int(_num(n, "星级档次"))) for s, n in data.get("stars") or [])
    if not stars or [s for s, _ in stars] != sorted((s for s, _ in stars), reverse=True):
        raise ValidationError("rubric", "星级档次应为 [最低分, 星级] 列表, 按分数从高到低排列")
    min_cases = data.get("min_cases", MIN_CASES)
    if isinstance(min_cases, bool) or not isinstance(min_cases, int) or not 1 <= min_cases <= 10_000:
        raise ValidationError("rubric", "min_cases(参评最少办件数)应为 1 以上的整数")
    downgrade = data.get("downgrade") or {}
    unknown = set(downgrade) - set(TRIGGERS)
    if unknown:
        raise ValidationError("rubric", f"未知的降星情形: {', '.join(sorted(unknown))}")
    return Rubric(
        name=str(data.get("name", "星级考评细则")),
        version=str(data.get("version", "")),
        metric=tuple(metric),
        manual=tuple(manual),
        supervision_cap=_num(data.get("supervision_cap", 20), "supervision_cap"),
        stars=stars,
        downgrade={k: int(_num(v, f"降星情形 {k}")) for k, v in downgrade.items()},
        source=dict(data),
        min_cases=min_cases,
    )


def metric_value(snapshot: Mapping[str, Any], key: str) -> float | None:
    """A metric's number in a metrics snapshot (rates by their value, other figures as they are)."""
    rate = (snapshot.get("rates") or {}).get(key)
    if rate is not None:
        return rate.get("value")
    value = snapshot.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class SheetLine:
    key: str
    label: str
    max_points: float
    value: str
    points: float


@dataclass(frozen=True)
class ScoreSheet:
    lines: tuple[SheetLine, ...]
    deduction: float
    score: float | None
    stars_by_score: int | None
    downgrades: tuple[tuple[str, int, int], ...]  # (trigger label, occurrences, stars taken off)
    stars: int | None  # None with ``insufficient``: no stars for missing data
    insufficient: str = ""  # why the sheet is 数据不足 (empty when the center was scored)

    @property
    def rated(self) -> bool:
        return not self.insufficient


def insufficient_reason(rubric: Rubric, snapshot: Mapping[str, Any]) -> str:
    """Why ``snapshot`` is too thin to score (empty when it is not): too few cases, or data missing for
    more than half of the computed criteria's points (they would be given away as ``if_no_data``)."""
    cases = snapshot.get("cases")
    cases = cases if isinstance(cases, int) and not isinstance(cases, bool) else 0
    if cases < rubric.min_cases:
        return f"{INSUFFICIENT}: 统计期内登记办件 {cases} 件, 少于参评所需的 {rubric.min_cases} 件"
    computed = sum(c.points for c in rubric.metric)
    missing = sum(c.points for c in rubric.metric if metric_value(snapshot, c.key) is None)
    if computed and missing * 2 > computed:
        return f"{INSUFFICIENT}: 计算项中 {missing:g}/{computed:g} 分的指标没有数据"
    return ""


def score(
    rubric: Rubric,
    snapshot: Mapping[str, Any],
    manual: Mapping[str, float],
    deductions: float = 0.0,
    triggers: Mapping[str, int] | None = None,
) -> ScoreSheet:
    """The year's sheet: metric points, manual points, minus capped inspection deductions; stars.

    A thin snapshot (see ``insufficient_reason``) keeps its lines for reading but has no score."""
    lines = []
    for c in rubric.metric:
        value = metric_value(snapshot, c.key)
        is_rate = c.key in (snapshot.get("rates") or {}) or "rate" in c.key  # e.g. submitted_in_window
        shown = "无数据" if value is None else (f"{value:.1%}" if is_rate else f"{value:.2f}")
        lines.append(SheetLine(c.key, c.label, c.points, shown, c.award(value)))
    for c in rubric.manual:
        given = manual.get(c.key)
        if given is not None and not 0 <= given <= c.points:
            raise ValidationError(c.key, f"「{c.label}」得分应在 0-{c.points:g} 之间")
        lines.append(SheetLine(c.key, c.label, c.points, "镇评分" if given is not None else "未评分", given or 0.0))
    deduction = min(max(deductions, 0.0), rubric.supervision_cap)
    total = round(max(sum(x.points for x in lines) - deduction, 0.0), 2)
    by_score = rubric.stars_for(total)
    downs = []
    for key, lost in rubric.downgrade.items():
        count = int((triggers or {}).get(key, 0))
        if count > 0 and lost > 0:
            downs.append((TRIGGERS[key], count, lost))
    stars = max(by_score - sum(d[2] for d in downs), 0)
    thin = insufficient_reason(rubric, snapshot)
    if thin:
        return ScoreSheet(tuple(lines), deduction, None, None, tuple(downs), None, thin)
    return ScoreSheet(tuple(lines), deduction, total, by_score, tuple(downs), stars)
