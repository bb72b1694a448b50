"""A year's holiday schedule as the town publishes it, checked before it reaches any village PC.

Two shapes are accepted. The State Council's notice (国务院办公厅关于某年部分节假日安排的通知) lists, per
festival, the days off as a range and the weekend days worked (调休):

    {"year": 2026, "festivals": [{"name": "元旦", "off": ["2026-01-01", "2026-01-03"], "work": ["2026-01-04"]}]}

or plain lists: ``{"year": 2027, "holidays": ["2027-01-01"], "workdays": []}``. Both become plain sorted
lists (``holidays``, ``workdays``), which is what the PCs read; ``festivals`` is kept for people.
A mistake would move every deadline of the year on every PC, so anything doubtful is refused.
"""

from __future__ import annotations

from datetime import date, timedelta

WEEKDAYS = "一二三四五六日"
MAX_FESTIVAL_DAYS = 15  # the longest break (春节 with its 调休) is 8-9 days; more is a typo


class ScheduleError(ValueError):
    """The file cannot be published; the message says what to fix, in Chinese."""


def _day(value: object, where: str, year: int) -> date:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise ScheduleError(f"{where}中有无效日期 {value!r}, 日期应写成 YYYY-MM-DD, 如 {year}-01-01") from None
    if day.year != year:
        raise ScheduleError(f"{where}中的 {day.isoformat()} 不在 {year} 年内")
    return day


def _list(data: dict, key: str, label: str) -> list:
    values = data.get(key, [])
    if not isinstance(values, list):
        raise ScheduleError(f"{label}({key}) 应为日期数组")
    return values


def _festivals(data: dict, year: int, holidays: set[date], workdays: set[date]) -> None:
    for n, fest in enumerate(_list(data, "festivals", "节日"), 1):
        if not isinstance(fest, dict):
            raise ScheduleError(f"第 {n} 个节日应为 {{name, off: [首日, 末日], work: [调休上班日]}}")
        name = str(fest.get("name", "")).strip() or f"第 {n} 个节日"
        off = fest.get("off")
        if not isinstance(off, list) or len(off) not in (1, 2):
            raise ScheduleError(f"{name}: off 应为 [放假首日, 放假末日](只放一天可只写一天)")
        first, last = _day(off[0], f"{name}的放假日期", year), _day(off[-1], f"{name}的放假日期", year)
        if last < first:
            raise ScheduleError(f"{name}: 放假末日 {last.isoformat()} 早于首日 {first.isoformat()}")
        if (last - first).days >= MAX_FESTIVAL_DAYS:
            raise ScheduleError(f"{name}: 放假 {(last - first).days + 1} 天, 超过 {MAX_FESTIVAL_DAYS} 天, 请核对日期")
        while first <= last:
            holidays.add(first)
            first += timedelta(days=1)
        workdays.update(_day(v, f"{name}的调休上班日", year) for v in _list(fest, "work", f"{name}的调休上班日"))


def check_schedule(data: object) -> dict:
    """The schedule in the form the PCs read, or :class:`ScheduleError` saying what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("year"), int) or isinstance(data.get("year"), bool):
        raise ScheduleError("节假日安排应为 {year, festivals: [...]} 或 {year, holidays: [日期], workdays: [日期]}")
    year = data["year"]
    if not 2000 <= year <= 2199:
        raise ScheduleError(f"年份 {year} 不在 2000-2199 之间")
    holidays = {_day(v, "放假日(holidays)", year) for v in _list(data, "holidays", "放假日")}
    workdays = {_day(v, "调休上班日(workdays)", year) for v in _list(data, "workdays", "调休上班日")}
    _festivals(data, year, holidays, workdays)
    both = sorted(holidays & workdays)
    if both:
        days = "、".join(d.isoformat() for d in both)
        raise ScheduleError(f"{days} 既列为放假又列为上班, 请核对通知原文")
    plain = sorted(d for d in workdays if d.weekday() < 5)
    if plain:
        days = "、".join(f"{d.isoformat()}(周{WEEKDAYS[d.weekday()]})" for d in plain)
        raise ScheduleError(f"调休上班日应为周六或周日, {days} 本来就是工作日, 请核对")
    if not holidays:
        raise ScheduleError(f"{year} 年的安排中没有任何放假日, 请核对文件")
    out = dict(data)
    out["holidays"] = [d.isoformat() for d in sorted(holidays)]
    out["workdays"] = [d.isoformat() for d in sorted(workdays)]
    return out
