"""工作进展报送 镇→市: what a town's monthly report to the city may carry, and where its events live.

A town's report is a stream in the town's own partition (its 12-digit code, ``XXXXXXXXX000``): the town's
clerks and the city's see it, no village does, no other town. ``partition_problem`` keeps the two kinds of
partition apart for every event (the server's judge and a pulling client run it): a town partition holds
only town reports (and notes on them) and the city's inspections of the town, a village partition never a
town report. The payload rules are the same
functions the town's app builds its events with, so a report no honest town could produce (a village of
another town, a figure of a billion cases, 60,000 characters of 情况说明) is refused wherever it shows up.
"""

from __future__ import annotations

import re
from typing import Any

from villagedesk.domain import validators as v
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import TOWN_REPORT_EVENTS, EventType

KIND = "town_progress_report"
MAX_REMARKS = 4000
MAX_NOTE = 2000
MAX_VILLAGES = 300  # villages of one town in a report (济源's largest town has about 60)
MAX_METRIC_KEYS = 60  # the town's totals: a metrics snapshot has about 25 keys
MAX_COUNT = 10_000_000
# Each village's row: counts and (num, den) ratios, the figures a city compares towns' villages by.
COUNTS = ("cases", "overdue_open")
RATIOS = ("on_time_rate", "return_rate", "good_review_rate")
ROW_KEYS = frozenset(COUNTS + RATIOS)
_CODE12 = re.compile(r"\d{12}")
# Events that may live in a town's own partition: its reports, notes on them, and the city's 督查 of the
# town with the town's answers (who may write which: ``inspection_record.role_problem``).
IN_TOWN_PARTITION = TOWN_REPORT_EVENTS | {EventType.NOTE_ADDED, EventType.INSPECTION_RECORDED}
IN_TOWN_PARTITION |= {EventType.INSPECTION_ANSWERED}


def is_town_code(code: object) -> bool:
    """A town (乡镇/街道) code: 12 digits ending in 000, not a city's ``000000``."""
    return type(code) is str and _CODE12.fullmatch(code) is not None and code[9:] == "000" and code[6:] != "000000"


def partition_problem(event: EventType, partition: str) -> str | None:
    """Why ``event`` may not live in ``partition``, or None: town reports only in a town's partition,
    nothing but them (and notes) there."""
    if partition.endswith("000"):  # (cheap first: every pushed event passes here, nearly all a village's)
        if not is_town_code(partition):
            return "分区应为村级或乡镇区划代码"
        if event not in IN_TOWN_PARTITION:
            return "乡镇分区只存放乡镇的进展报告和市级对乡镇的督查"
        return None
    if event in TOWN_REPORT_EVENTS:
        return "乡镇的进展报告只能存放在该乡镇自己的分区"
    return None


def _int(value: Any, field: str, low: int, high: int, what: str) -> int:
    if type(value) is not int or not low <= value <= high:
        raise ValidationError(field, f"{what}应为 {low}-{high} 之间的整数")
    return value


def _ratio(value: Any, field: str) -> list[int]:
    if type(value) is not list or len(value) != 2:
        raise ValidationError(field, "比率应为 [分子, 分母]")
    num, den = (_int(x, field, 0, MAX_COUNT, "比率的分子和分母") for x in value)
    if num > den:
        raise ValidationError(field, "比率的分子不能大于分母")
    return [num, den]


def village_row(figures: dict[str, Any]) -> dict[str, Any]:
    """One village's row of a town report from its metrics snapshot (``Metrics.snapshot``)."""
    rates = figures.get("rates", {})
    row: dict[str, Any] = {k: int(figures.get(k, 0) or 0) for k in COUNTS}
    for k in RATIOS:
        r = rates.get(k, {})
        row[k] = [int(r.get("num", 0)), int(r.get("den", 0))]
    return row


def clean(event: EventType, payload: dict) -> None:
    """Check (and normalise in place) a town report event's payload; raises ValidationError."""
    p = payload
    if event is EventType.TOWN_REPORT_DRAFTED:
        if p.get("kind") != KIND:
            raise ValidationError("kind", "不是乡镇进展报告")
        town = p.get("town")
        if not is_town_code(town):
            raise ValidationError("town", "乡镇代码应为 12 位, 以 000 结尾")
        p["year"] = _int(p.get("year"), "year", 2000, 2100, "年份")
        p["month"] = _int(p.get("month"), "month", 1, 12, "月份")
        metrics = p.get("metrics", {})
        if type(metrics) is not dict or len(metrics) > MAX_METRIC_KEYS:
            raise ValidationError("metrics", f"汇总指标应为至多 {MAX_METRIC_KEYS} 项的对象")
        villages = p.get("villages", {})
        if type(villages) is not dict or len(villages) > MAX_VILLAGES:
            raise ValidationError("villages", f"各村指标应为至多 {MAX_VILLAGES} 个村的对象")
        rows = {}
        for code, row in villages.items():
            if not (_CODE12.fullmatch(code) and code[:9] == town[:9] and code[9:] != "000"):
                raise ValidationError("villages", "各村指标只能列本乡镇的村(社区)")
            if type(row) is not dict or set(row) - ROW_KEYS:
                raise ValidationError("villages", f"村的指标只能是 {'/'.join(sorted(ROW_KEYS))}")
            clean_row = {k: _int(row[k], "villages", 0, MAX_COUNT, "件数") for k in COUNTS if k in row}
            clean_row |= {k: _ratio(row[k], "villages") for k in RATIOS if k in row}
            rows[code] = clean_row
        p["villages"] = rows
        p["remarks"] = v.free_text(p.get("remarks"), "remarks", MAX_REMARKS)
    elif event is EventType.TOWN_REPORT_SUBMITTED:  # 情况说明 is what the city reads: never empty
        p["remarks"] = v.free_text(p.get("remarks"), "remarks", MAX_REMARKS, True)
    elif event is EventType.TOWN_REPORT_ACCEPTED:
        p["comment"] = v.free_text(p.get("comment"), "comment", MAX_NOTE)
    elif event is EventType.TOWN_REPORT_RETURNED:
        p["reason"] = v.free_text(p.get("reason"), "reason", MAX_NOTE, True)
