"""星级考评 for the town: the rubric in use, manual scores, yearly sheets, the city's re-check, and the
十佳便民服务中心 / 十佳代办员 rankings."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.metrics import Period, compute
from villagedesk.domain.star_rating import DEFAULT_RUBRIC, Rubric, parse_rubric, score
from villagedesk.services import metrics, supervision
from villagedesk.services.desk import Desk

RUBRIC_SETTING = "star_rubric"


def load_rubric_file(path: Path) -> dict[str, Any]:
    """Read a rubric from a .json or .toml file (checked before it is returned)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text) if Path(path).suffix.lower() == ".toml" else json.loads(text)
    except (OSError, UnicodeDecodeError) as err:
        raise ValidationError("rubric", f"无法读取考评细则文件: {err.__class__.__name__}") from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as err:
        raise ValidationError("rubric", f"考评细则文件格式错误: {err}") from None
    parse_rubric(data)
    return data


def set_rubric(desk: Desk, document: dict[str, Any]) -> Rubric:
    """Adopt a rubric for future scoring (sheets already scored keep the rubric they were scored with)."""
    _clerk(desk)
    rubric = parse_rubric(document)
    with desk.store.write() as s:
        st.set_setting(s, RUBRIC_SETTING, json.dumps(document, ensure_ascii=False))
    return rubric


def active_rubric(desk: Desk) -> Rubric:
    with desk.store.read() as s:
        raw = st.get_setting(s, RUBRIC_SETTING)
    return parse_rubric(json.loads(raw) if raw else DEFAULT_RUBRIC)


def _clerk(desk: Desk, village_code: str | None = None) -> None:
    ident = desk.identity
    if ident.role is not Role.CLERK:
        raise TransitionError("星级考评由乡镇中心进行")
    if village_code is not None and not (
        metrics.is_village(village_code) and village_code.startswith(ident.region_code[:9])
    ):
        raise TransitionError("只能考评本乡镇的村级便民服务中心")


def _year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError("year", "请选择考评年度")
    return year


@dataclass(frozen=True)
class RatingRow:
    village_code: str
    village_name: str
    year: int
    score: float | None
    stars: int | None
    city_stars: int | None
    city_note: str
    top_center: bool
    sheet: dict
    manual_scores: dict
    metrics: dict

    @property
    def insufficient(self) -> str:
        """Why the sheet has no score (数据不足), or empty."""
        return str(self.sheet.get("insufficient") or "")

    @property
    def final_stars(self) -> int | None:
        """The city's re-checked stars when given, else the town's."""
        return self.city_stars if self.city_stars is not None else self.stars


def _get_or_new(s, village_code: str, year: int) -> m.StarRating:
    row = s.scalars(
        select(m.StarRating).where(m.StarRating.village_code == village_code, m.StarRating.year == year)
    ).first()
    if row is None:
        row = m.StarRating(
            village_code=village_code, year=year, manual_scores={}, metrics={}, rubric={}, sheet={}, city_note=""
        )
        s.add(row)
    return row


def set_manual_scores(desk: Desk, village_code: str, year: int, scores: dict[str, float]) -> None:
    """The town's own scores (场所设施, 公开公示, 在岗考勤 …) for a center's year."""
    _clerk(desk, village_code)
    rubric = active_rubric(desk)
    known = {c.key: c for c in rubric.manual}
    for key, value in scores.items():
        if key not in known:
            raise ValidationError(key, f"考评细则中没有人工评分项「{key}」")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= known[key].points:
            raise ValidationError(key, f"「{known[key].label}」得分应在 0-{known[key].points:g} 之间")
    with desk.store.write() as s:
        row = _get_or_new(s, village_code, _year(year))
        row.manual_scores = {**(row.manual_scores or {}), **{k: float(x) for k, x in scores.items()}}


def score_center(desk: Desk, village_code: str, year: int) -> RatingRow:
    """Score a center's year with the active rubric and store the sheet (again after any change).

    A changed result clears the city's re-check of the earlier sheet."""
    _clerk(desk, village_code)
    rubric = active_rubric(desk)
    period = Period.year(_year(year))
    figures = metrics.village(desk, village_code, period)
    snap = figures.snapshot()
    found = supervision.list_for(desk, village_code, year)
    late_cases = figures.on_time_rate.den - figures.on_time_rate.num + figures.overdue_open
    triggers = {
        "verified_bad_review": figures.verified_bad_reviews,
        "overdue_case": late_cases,
        "data_leak": sum(1 for x in found if x.data_leak),
    }
    with desk.store.write() as s:
        row = _get_or_new(s, village_code, period.start.year)
        sheet = score(rubric, snap, row.manual_scores or {}, sum(x.deduction for x in found), triggers)
        row.metrics = snap
        row.rubric = dict(rubric.source)
        row.sheet = {
            "rubric": f"{rubric.name} {rubric.version}".strip(),
            "lines": [[x.key, x.label, x.max_points, x.value, x.points] for x in sheet.lines],
            "deduction": sheet.deduction,
            "inspections": len(found),
            "stars_by_score": sheet.stars_by_score,
            "downgrades": [list(d) for d in sheet.downgrades],
            "insufficient": sheet.insufficient,
        }
        if row.city_stars is not None and (row.score, row.stars) != (sheet.score, sheet.stars):
            # the city re-checked an earlier sheet: the new one needs its own re-check
            row.city_stars, row.city_note, row.city_checked_on = None, "", None
        row.score = sheet.score
        row.stars = sheet.stars
        row.scored_at = datetime.now()
        row.scored_by = desk.identity.user
        s.flush()
        return _rating(row, _names(s))


def city_recheck(desk: Desk, village_code: str, year: int, stars: int, note: str, on: date) -> RatingRow:
    """Record the city's re-check (复核) of a center's stars; it overrides the town's result."""
    _clerk(desk, village_code)
    if isinstance(stars, bool) or not isinstance(stars, int) or not 0 <= stars <= 5:
        raise ValidationError("city_stars", "复核星级应为 0-5")
    with desk.store.write() as s:
        row = s.scalars(
            select(m.StarRating).where(m.StarRating.village_code == village_code, m.StarRating.year == year)
        ).first()
        if row is None or row.score is None:
            raise NotFoundError("该中心本年度尚未评分, 不能复核")
        row.city_stars = stars
        row.city_note = v.free_text(note, "city_note", 2000)
        row.city_checked_on = on
        return _rating(row, _names(s))


def _names(s) -> dict[str, str]:
    return {r.code: r.name for r in s.scalars(select(m.Region).where(m.Region.level == "village"))}


def _rating(row: m.StarRating, names: dict[str, str]) -> RatingRow:
    return RatingRow(
        row.village_code,
        names.get(row.village_code, row.village_code),
        row.year,
        row.score,
        row.stars,
        row.city_stars,
        row.city_note or "",
        bool(row.top_center),
        dict(row.sheet or {}),
        dict(row.manual_scores or {}),
        dict(row.metrics or {}),
    )


def ratings(desk: Desk, year: int) -> list[RatingRow]:
    """The year's sheets, best first (final stars, then score)."""
    with desk.store.read() as s:
        rows = s.scalars(select(m.StarRating).where(m.StarRating.year == year)).all()
        names = _names(s)
        out = [_rating(r, names) for r in rows]
    return sorted(out, key=lambda r: (-(r.final_stars or 0), -(r.score or 0), r.village_code))


def name_top_centers(desk: Desk, year: int, n: int = 10) -> list[RatingRow]:
    """十佳便民服务中心: the best ``n`` scored centers with at least one star after downgrades."""
    _clerk(desk)
    ranked = [r for r in ratings(desk, year) if r.score is not None and (r.final_stars or 0) > 0]
    chosen = {r.village_code for r in ranked[:n]}
    with desk.store.write() as s:
        for row in s.scalars(select(m.StarRating).where(m.StarRating.year == year)):
            row.top_center = row.village_code in chosen
    return [r for r in ratings(desk, year) if r.top_center]


@dataclass(frozen=True)
class AgentRank:
    agent_id: str
    agent_name: str
    village_code: str
    cases: int
    points: float  # the rubric's computed criteria, scaled to 100
    on_time: str
    good_reviews: str


def agent_ranking(desk: Desk, year: int, n: int = 10, min_cases: int | None = None) -> list[AgentRank]:
    """十佳代办员: agents of the town ranked by the rubric's computed criteria over their own cases.

    An agent with too few cases (the rubric's ``min_cases`` unless given) or too little data is
    数据不足 and not ranked: no data must never look like a perfect record."""
    _clerk(desk)
    rubric = active_rubric(desk)
    period = Period.year(_year(year))
    as_of = min(period.end, desk.today())
    facts = metrics.facts_for(desk, desk.identity.region_code, as_of, period.start)
    by_agent = defaultdict(list)
    for f in facts:
        by_agent[f.agent_id].append(f)
    scale = 100 / (sum(c.points for c in rubric.metric) or 1)
    out = []
    for agent_id, items in by_agent.items():
        figures = compute(items, period, desk.calendar, as_of)
        if figures.cases < (rubric.min_cases if min_cases is None else min_cases):
            continue
        sheet = score(rubric, figures.snapshot(), {})
        if not sheet.rated:
            continue
        metric_keys = {c.key for c in rubric.metric}
        points = sum(x.points for x in sheet.lines if x.key in metric_keys) * scale
        latest = max(items, key=lambda f: f.registered_on)
        out.append(
            AgentRank(
                agent_id,
                latest.agent_name,
                latest.partition,
                figures.cases,
                round(points, 2),
                figures.on_time_rate.text(),
                figures.good_review_rate.text(),
            )
        )
    return sorted(out, key=lambda a: (-a.points, -a.cases, a.agent_name))[:n]
