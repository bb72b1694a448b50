"""星级考评 for the town and the city: the rubric in use, manual scores, yearly sheets as synced rating
events (domain/rating_record.py), the city's review, and the 十佳便民服务中心 / 十佳代办员 rankings."""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import EventType, Role, next_state
from villagedesk.domain.metrics import Period, compute
from villagedesk.domain.payloads import clean_payload
from villagedesk.domain.rating_record import RatingView, Step, fold, rating_id
from villagedesk.domain.star_rating import DEFAULT_RUBRIC, Rubric, parse_rubric, score
from villagedesk.services import metrics, record_streams, supervision
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


def scope_prefix(role: Role, region: str) -> str:
    """The village codes a role's records cover: its village, its town's villages, its city's villages.

    (The city is a region code ending in 000000; its scope is every village whose code starts with
    region[:6].)"""
    if role is Role.AGENT:
        return region
    if role is Role.CITY:
        return region[:6]
    return region[:9]


def _clerk(desk: Desk, village_code: str | None = None) -> None:
    ident = desk.identity
    if ident.role is not Role.CLERK:
        raise TransitionError("星级考评由乡镇中心进行")
    if village_code is not None and not (
        metrics.is_village(village_code) and village_code.startswith(ident.region_code[:9])
    ):
        raise TransitionError("只能考评本乡镇的村级便民服务中心")


def _ranker(desk: Desk) -> None:
    if desk.identity.role not in (Role.CLERK, Role.CITY):
        raise TransitionError("十佳评选由乡镇中心或市级中心进行")


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
    scored_by: str = ""
    reviewed_by: str = ""
    history: tuple[Step, ...] = ()
    legacy: bool = False  # a sheet from the clerk's local table, before ratings were synced events

    @property
    def insufficient(self) -> str:
        """Why the sheet has no score (数据不足), or empty."""
        return str(self.sheet.get("insufficient") or "")

    @property
    def final_stars(self) -> int | None:
        """The city's re-checked stars when given, else the town's."""
        return self.city_stars if self.city_stars is not None else self.stars


def _local_draft(s, village_code: str, year: int) -> m.StarRating | None:
    return s.scalars(
        select(m.StarRating).where(m.StarRating.village_code == village_code, m.StarRating.year == year)
    ).first()


def _get_or_new(s, village_code: str, year: int) -> m.StarRating:
    row = _local_draft(s, village_code, year)
    if row is None:
        row = m.StarRating(
            village_code=village_code, year=year, manual_scores={}, metrics={}, rubric={}, sheet={}, city_note=""
        )
        s.add(row)
    return row


def _stream(s, village_code: str, year: int) -> RatingView | None:
    return fold(record_streams.one(s, rating_id(village_code, year)))


def set_manual_scores(desk: Desk, village_code: str, year: int, scores: dict[str, float]) -> None:
    """The town's own scores (场所设施, 公开公示, 在岗考勤 …) for a center's year: this PC's draft until
    the center is scored (the scored event carries them to every device), starting from the last sheet's."""
    _clerk(desk, village_code)
    rubric = active_rubric(desk)
    known = {c.key: c for c in rubric.manual}
    for key, value in scores.items():
        if key not in known:
            shown = key if len(key) <= 40 else key[:40] + "…"
            keys = " / ".join(f"{c.key} {c.label}(0-{c.points:g})" for c in rubric.manual) or "无"
            raise ValidationError(key, f"考评细则中没有人工评分项「{shown}」; 可评的项: {keys}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= known[key].points:
            raise ValidationError(key, f"「{known[key].label}」得分应在 0-{known[key].points:g} 之间")
    with desk.store.write() as s:
        synced = _stream(s, village_code, _year(year))
        row = _get_or_new(s, village_code, year)
        base = row.manual_scores or (synced.manual_scores if synced else {})
        row.manual_scores = {**base, **{k: float(x) for k, x in scores.items()}}


def score_center(desk: Desk, village_code: str, year: int, reason: str = "") -> RatingRow:
    """镇办实施考评: score a center's year with the active rubric, as a rating event that syncs to the
    village, the town's other clerks and the city (again after any change: a changed result voids the
    city's review of the earlier sheet)."""
    _clerk(desk, village_code)
    rubric = active_rubric(desk)
    period = Period.year(_year(year))
    figures = metrics.village(desk, village_code, period)
    snap = figures.snapshot()
    found = supervision.list_for(desk, village_code, year)
    late_cases = figures.closed_late + figures.overdue_open  # 超期办结 + 逾期 (domain.promise)
    triggers = {
        "verified_bad_review": figures.verified_bad_reviews,
        "overdue_case": late_cases,
        "data_leak": sum(1 for x in found if x.data_leak),
    }
    rid = rating_id(village_code, period.start.year)
    with desk.store.write() as s:
        synced = fold(record_streams.one(s, rid))
        draft = _local_draft(s, village_code, period.start.year)
        manual = (draft.manual_scores if draft is not None else None) or (synced.manual_scores if synced else {})
        sheet = score(rubric, snap, manual, sum(x.deduction for x in found), triggers)
        payload = clean_payload(
            EventType.RATING_SCORED,
            {
                "at": desk.today().isoformat(),
                "kind": "star_rating",
                "year": period.start.year,
                "score": sheet.score,
                "stars": sheet.stars,
                "insufficient": sheet.insufficient,
                "sheet": {
                    "rubric": f"{rubric.name} {rubric.version}".strip(),
                    "lines": [[x.key, x.label, x.max_points, x.value, x.points] for x in sheet.lines],
                    "deduction": sheet.deduction,
                    "inspections": len(found),
                    "stars_by_score": sheet.stars_by_score,
                    "downgrades": [list(d) for d in sheet.downgrades],
                    "insufficient": sheet.insufficient,
                },
                "manual_scores": dict(manual),
                "metrics": snap,
                "scorer": desk.identity.user,
                "reason": v.free_text(reason, "reason", 2000),
            },
        )
        next_state(synced.state if synced else None, EventType.RATING_SCORED, desk.identity.role, payload)
        desk.new_events(s, rid, village_code, [(EventType.RATING_SCORED, payload)])
        if draft is not None:
            draft.rubric = dict(rubric.source)  # the rubric used, kept on this PC beside the draft
        view = fold(record_streams.one(s, rid))
        names = _names(s)
    assert view is not None
    return _from_view(view, names)


def city_recheck(desk: Desk, village_code: str, year: int, stars: int, note: str, on: date | None = None) -> RatingRow:
    """市级审查复评: the city keeps or changes a center's stars, with its reason; it overrides the town's.

    Authored by a city device (the town cannot review its own ratings); it reaches the town and the
    village by sync."""
    ident = desk.identity
    if ident.role is not Role.CITY:
        raise TransitionError("市级审查复评由市级审批服务中心进行")
    if not (metrics.is_village(village_code) and village_code.startswith(ident.region_code[:6])):
        raise TransitionError("只能复评本市的村级便民服务中心")
    payload = clean_payload(
        EventType.RATING_REVIEWED,
        {
            "at": (on or desk.today()).isoformat(),
            "stars": stars if not isinstance(stars, bool) and isinstance(stars, int) else None,
            "reason": note,
            "reviewer": ident.user,
        },
    )
    rid = rating_id(village_code, _year(year))
    with desk.store.write() as s:
        view = fold(record_streams.one(s, rid))
        if view is None or view.score is None:
            raise NotFoundError("该中心本年度尚未评分(或数据不足), 不能复评")
        next_state(view.state, EventType.RATING_REVIEWED, ident.role, payload)
        desk.new_events(s, rid, village_code, [(EventType.RATING_REVIEWED, payload)])
        view = fold(record_streams.one(s, rid))
        names = _names(s)
    assert view is not None
    return _from_view(view, names)


def _names(s) -> dict[str, str]:
    return {r.code: r.name for r in s.scalars(select(m.Region).where(m.Region.level == "village"))}


def _from_view(view: RatingView, names: dict[str, str], top: bool = False) -> RatingRow:
    return RatingRow(
        view.partition,
        names.get(view.partition, view.partition),
        view.year,
        view.score,
        view.stars,
        view.city_stars,
        view.city_note,
        top,
        dict(view.sheet),
        dict(view.manual_scores),
        dict(view.metrics),
        scored_by=view.scored_by,
        reviewed_by=view.reviewed_by,
        history=tuple(view.history),
    )


def _rating(row: m.StarRating, names: dict[str, str]) -> RatingRow:
    return RatingRow(
        row.village_code,
        names.get(row.village_code, row.village_code),
        row.year,
        row.score,
        row.stars,
        row.city_stars,
        row.city_note or "",
        False,
        dict(row.sheet or {}),
        dict(row.manual_scores or {}),
        dict(row.metrics or {}),
        scored_by=row.scored_by or "",
        legacy=True,
    )


def _rankable(r: RatingRow) -> bool:
    return r.score is not None and not r.insufficient and (r.final_stars or 0) > 0


def ratings(desk: Desk, year: int, n_top: int = 10) -> list[RatingRow]:
    """The year's sheets this device's scope holds, best first (final stars, then score): every synced
    rating, and a sheet of the old local table where no synced rating exists yet. ``top_center`` marks
    the 十佳便民服务中心: the best ``n_top`` with a score and at least one star after downgrades."""
    prefix = scope_prefix(desk.identity.role, desk.identity.region_code)
    with desk.store.read() as s:
        streams = record_streams.streams(s, EventType.RATING_SCORED, prefix)
        names = _names(s)
        views = [view for events in streams.values() if (view := fold(events)) is not None and view.year == year]
        out = [_from_view(view, names) for view in views]
        synced = {r.village_code for r in out}
        legacy = s.scalars(
            select(m.StarRating).where(m.StarRating.year == year, m.StarRating.village_code.like(prefix + "%"))
        ).all()
        out += [_rating(r, names) for r in legacy if r.score is not None and r.village_code not in synced]
    out.sort(key=lambda r: (-(r.final_stars or 0), -(r.score or 0), r.village_code))
    top = {r.village_code for r in [r for r in out if _rankable(r)][:n_top]}
    return [replace(r, top_center=r.village_code in top) for r in out]


def name_top_centers(desk: Desk, year: int, n: int = 10) -> list[RatingRow]:
    """十佳便民服务中心: the best ``n`` scored centers of this device's scope (a town, or the whole city)
    with at least one star after downgrades; 数据不足 centers are never named."""
    _ranker(desk)
    return [r for r in ratings(desk, year, n) if r.top_center]


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
    """十佳代办员: agents of the town (of the whole city, on a city device) ranked by the rubric's
    computed criteria over their own cases, from the synced case data this device holds.

    An agent with too few cases (the rubric's ``min_cases`` unless given) or too little data is
    数据不足 and not ranked: no data must never look like a perfect record."""
    _ranker(desk)
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
