"""Payload rules of the shared records (星级考评, 督查, 预约): what a rating, an inspection or an
appointment event may carry.

The town's app builds these payloads through the same functions the server's judge and a pulling client
run, so a sheet no honest scoring could produce (a score of 500, seven stars, a score on a 数据不足
sheet, a deduction without a fix deadline) is refused wherever it shows up.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from villagedesk.domain import validators as v
from villagedesk.domain.errors import ValidationError

INSPECTION_KINDS = {"open_visit": "明察", "unannounced": "暗访", "phone_check": "电话抽查"}
MAX_DEDUCTION = 100.0
MAX_LINES = 60
MAX_MANUAL = 30
_SLOT = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_ITEM = re.compile(r"[A-Za-z0-9_\-]{1,32}")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _number(value: Any, field: str, low: float, high: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ValidationError(field, f"{what}应为 {low:g}-{high:g} 之间的数字")
    return float(value)


def _int(value: Any, field: str, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, f"{what}应为 {low}-{high} 之间的整数")
    return value


def _stars(value: Any, field: str = "stars") -> int | None:
    return None if value is None else _int(value, field, 0, 5, "星级")


def _day(value: Any, field: str, what: str) -> date:
    try:
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValidationError(field, f"请填写{what}") from None


def _sheet(sheet: Any) -> dict[str, Any]:
    """A score sheet's lines, deduction and downgrades, rebuilt from known keys only."""
    if not isinstance(sheet, dict):
        raise ValidationError("sheet", "评分表格式错误")
    lines = sheet.get("lines", [])
    if not isinstance(lines, list) or len(lines) > MAX_LINES:
        raise ValidationError("sheet", f"评分表最多 {MAX_LINES} 项")
    clean_lines = []
    for line in lines:
        if not isinstance(line, list) or len(line) != 5:
            raise ValidationError("sheet", "评分项应为 [编码, 名称, 分值, 数值, 得分]")
        key, label, most, value, points = line
        most = _number(most, "sheet", 0, 100, "评分项分值")
        clean_lines.append(
            [
                v.free_text(str(key), "sheet", 64, True),
                v.free_text(str(label), "sheet", 100),
                most,
                None if value is None else v.free_text(str(value), "sheet", 40),
                _number(points, "sheet", 0, most, "评分项得分"),
            ]
        )
    downgrades = sheet.get("downgrades", [])
    if not isinstance(downgrades, list) or len(downgrades) > 10:
        raise ValidationError("sheet", "降星情形格式错误")
    clean_downs = []
    for d in downgrades:
        if not isinstance(d, list) or len(d) != 3:
            raise ValidationError("sheet", "降星情形应为 [情形, 次数, 降星数]")
        clean_downs.append([v.free_text(str(d[0]), "sheet", 20, True), _int(d[1], "sheet", 0, 1_000_000, "次数"),
                            _int(d[2], "sheet", 0, 5, "降星数")])  # fmt: skip
    return {
        "rubric": v.free_text(str(sheet.get("rubric", "")), "sheet", 200),
        "lines": clean_lines,
        "deduction": _number(sheet.get("deduction", 0), "sheet", 0, MAX_DEDUCTION, "督查扣分"),
        "inspections": _int(sheet.get("inspections", 0), "sheet", 0, 100_000, "督查次数"),
        "stars_by_score": _stars(sheet.get("stars_by_score"), "sheet"),
        "downgrades": clean_downs,
        "insufficient": v.free_text(str(sheet.get("insufficient", "")), "sheet", 300),
    }


def rating_scored(p: dict) -> None:
    """镇办实施考评: the year, the sheet, the score and stars (both absent on a 数据不足 sheet), who and why."""
    _int(p.get("year"), "year", 2000, 2100, "考评年度")
    score = p.get("score")
    p["score"] = None if score is None else _number(score, "score", 0, 100, "总分")
    p["stars"] = _stars(p.get("stars"))
    p["insufficient"] = v.free_text(p.get("insufficient"), "insufficient", 300)
    if (p["score"] is None) != (p["stars"] is None):
        raise ValidationError("stars", "总分和星级应同时给出")
    if (p["score"] is None) != bool(p["insufficient"]):
        raise ValidationError("insufficient", "数据不足的中心不评分; 已评分的中心不能标为数据不足")
    p["sheet"] = _sheet(p.get("sheet", {}))
    manual = p.get("manual_scores", {})
    if not isinstance(manual, dict) or len(manual) > MAX_MANUAL:
        raise ValidationError("manual_scores", "人工评分格式错误")
    p["manual_scores"] = {
        v.free_text(str(k), "manual_scores", 64, True): _number(x, "manual_scores", 0, 100, "人工评分")
        for k, x in manual.items()
    }
    if not isinstance(p.get("metrics", {}), dict):
        raise ValidationError("metrics", "统计指标格式错误")
    p["scorer"] = v.free_text(p.get("scorer"), "scorer", 64, True)
    p["reason"] = v.free_text(p.get("reason"), "reason", 2000)


def rating_reviewed(p: dict) -> None:
    """市级审查复评: the stars the city keeps or sets, and why (required: a review says why)."""
    if p.get("stars") is None:
        raise ValidationError("stars", "请选择复评星级")
    p["stars"] = _stars(p.get("stars"))
    p["reason"] = v.free_text(p.get("reason"), "reason", 2000, True)
    p["reviewer"] = v.free_text(p.get("reviewer"), "reviewer", 64, True)


def inspection_recorded(p: dict) -> None:
    """督查: how, when, what was found, the deduction (which needs a fix deadline), a data leak or not."""
    if p.get("kind") not in INSPECTION_KINDS:
        raise ValidationError("kind", f"督查方式应为 {'/'.join(INSPECTION_KINDS.values())} 之一")
    on = _day(p.get("on"), "on", "督查日期")
    p["findings"] = v.free_text(p.get("findings"), "findings", 4000, True)
    p["deduction"] = _number(p.get("deduction", 0), "deduction", 0, MAX_DEDUCTION, "扣分")
    if not isinstance(p.get("data_leak", False), bool):
        raise ValidationError("data_leak", "请选择是否涉及信息泄露")
    p["data_leak"] = bool(p.get("data_leak", False))
    fix_by = p.get("fix_by")
    if fix_by is None:
        if p["deduction"] > 0:
            raise ValidationError("fix_by", "发现问题并扣分的, 请填写整改期限")
    elif _day(fix_by, "fix_by", "整改期限") < on:
        raise ValidationError("fix_by", "整改期限不能早于督查日期")
    p["inspector"] = v.free_text(p.get("inspector"), "inspector", 64, True)


def inspection_answered(p: dict) -> None:
    """整改情况: what the village did; ``fixed`` with the day it was done, or progress so far."""
    p["result"] = v.free_text(p.get("result"), "result", 4000, True)
    if not isinstance(p.get("fixed", False), bool):
        raise ValidationError("fixed", "请选择是否已整改完成")
    p["fixed"] = bool(p.get("fixed", False))
    if p["fixed"]:
        _day(p.get("fixed_on"), "fixed_on", "整改完成日期")
    elif p.get("fixed_on") is not None:
        raise ValidationError("fixed_on", "尚未整改完成的, 不填完成日期")
    p["answerer"] = v.free_text(p.get("answerer"), "answerer", 64, True)


def appointment_booked(p: dict) -> None:
    """公休日预约: the villager's name and phone, the item, the rest day and time, a note."""
    p["name"] = v.person_name(p.get("name"), "name")
    p["phone"] = v.phone(p.get("phone"), "phone")
    if not isinstance(p.get("item_code"), str) or not _ITEM.fullmatch(p["item_code"]):
        raise ValidationError("item_code", "请选择办理事项")
    _day(p.get("day"), "day", "预约日期")
    slot = p.get("slot") or ""
    if not isinstance(slot, str) or (slot and not _SLOT.fullmatch(slot)):
        raise ValidationError("slot", "时间格式应为 HH:MM, 如 09:30")
    p["slot"] = slot
    p["note"] = v.free_text(p.get("note"), "note", 500)


def appointment_arrived(p: dict) -> None:
    """The villager came: the case the booking became."""
    if not isinstance(p.get("case_id"), str) or not _UUID.fullmatch(p["case_id"]):
        raise ValidationError("case_id", "到访登记缺少办件编号")


def appointment_closed(p: dict) -> None:
    """Cancelled, or a no-show: an optional reason."""
    p["reason"] = v.free_text(p.get("reason"), "reason", 500)
