"""The service-item catalog and regions: seed loading, effective-dated lookups, intake plans."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.catalog import (
    Bundle,
    ItemVersion,
    Material,
    Plan,
    plan_for_bundle,
    plan_for_item,
)
from villagedesk.domain.deadlines import LimitUnit
from villagedesk.domain.errors import NotFoundError
from villagedesk.paths import resources_dir
from villagedesk.services.desk import Desk


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    level: str
    parent_code: str | None


def seed_file(name: str) -> Path:
    return resources_dir() / "seed" / name


def load_catalog(session: Session, data: dict, illustrative: bool | None = None) -> int:
    """Insert item versions and bundles from a catalog document; existing (code, version) rows stay."""
    flag = bool(data.get("illustrative")) if illustrative is None else illustrative
    have = {(c, v) for c, v in session.execute(select(m.ServiceItem.code, m.ServiceItem.version))}
    added = 0
    for it in data["items"]:
        if (it["code"], int(it["version"])) in have:
            continue
        row = m.ServiceItem(
            code=it["code"],
            version=int(it["version"]),
            effective_from=date.fromisoformat(it["effective_from"]),
            name=it["name"],
            category=it["category"],
            department=it.get("department", ""),
            item_type=it.get("item_type", ""),
            village_role=it.get("village_role", ""),
            village_role_note=it.get("village_role_note", ""),
            final_level=it["final_level"],
            legal_limit=it.get("legal_limit", ""),
            promised_limit_text=it.get("promised_limit_text", ""),
            promised_days=int(it["promised_days"]),
            limit_unit=LimitUnit(it["limit_unit"]).value,
            special_procedures=list(it.get("special_procedures", [])),
            in_person=bool(it.get("in_person", False)),
            fee=it.get("fee", ""),
            illustrative=flag,
        )
        session.add(row)
        session.flush()
        for pos, mat in enumerate(it.get("materials", [])):
            session.add(
                m.MaterialRequirement(
                    item_id=row.id,
                    position=pos,
                    name=mat["name"],
                    necessity=mat.get("necessity", "required"),
                    form=mat.get("form", "copy"),
                    copies=int(mat.get("copies", 1)),
                    source=mat.get("source", "applicant"),
                )
            )
        added += 1
    for b in data.get("bundles", []):
        session.execute(delete(m.ItemBundle).where(m.ItemBundle.code == b["code"]))
        session.add(
            m.ItemBundle(
                code=b["code"],
                name=b["name"],
                item_codes=list(b["items"]),
                promised_days=int(b["promised_days"]),
                limit_unit=b.get("limit_unit", "working_days"),
            )
        )
    session.flush()
    st.retitle_cases(session, [it["code"] for it in data["items"]] + [b["code"] for b in data.get("bundles", [])])
    return added


def load_regions(session: Session, regions: list[dict], illustrative: bool = False) -> int:
    """Add the regions this PC lacks; a published (not illustrative) row replaces a shipped illustrative
    one of the same code (the seed's example villages), never a row entered or published before."""
    added = 0
    published_towns = _towns_with_published_villages(session) if illustrative else set()
    for r in regions:
        if illustrative and r.get("level") == "village" and _town_of(session, r) in published_towns:
            continue  # the town's own list is the list: the seed's example never comes back
        known = session.get(m.Region, r["code"])
        if known is not None and known.illustrative and not illustrative:
            known.name, known.level = r["name"], r["level"]
            known.parent_code = r.get("parent") or known.parent_code
            known.illustrative = False
            added += 1
        elif known is None:
            session.add(
                m.Region(
                    code=r["code"],
                    name=r["name"],
                    level=r["level"],
                    parent_code=r.get("parent") or None,
                    illustrative=illustrative,
                )
            )
            added += 1
    if not illustrative:
        _retire_seed_villages(session, regions)
    return added


def _town_of(session: Session, row: dict) -> str:
    """The town (or street) a published village belongs to: its own ``parent``, else the parent this PC
    already knows for its code, else the code's first nine digits (GB/T 10114: 村 = town code + 3)."""
    if row.get("parent"):
        return str(row["parent"])
    known = session.get(m.Region, row["code"])
    if known is not None and known.parent_code:
        return known.parent_code
    return str(row["code"])[:9] + "000"


def _towns_with_published_villages(session: Session) -> set[str]:
    query = select(m.Region.parent_code).where(m.Region.level == "village", m.Region.illustrative.is_(False))
    return {code for code in session.scalars(query.distinct()) if code}


def _retire_seed_villages(session: Session, published: list[dict]) -> None:
    """A town that published its villages lists only those: the seed's example villages of that town
    leave every picker and list. A village still in use stays (it has cases, an account, a service
    centre, or is this PC's own village): removing it would leave a case pointing at a bare code."""
    towns: dict[str, set[str]] = {}
    for r in published:
        if r.get("level") == "village" and r.get("code"):
            towns.setdefault(_town_of(session, r), set()).add(str(r["code"]))
    if not towns:
        return
    in_use = set(session.scalars(select(m.Case.village_code).distinct()))
    in_use |= set(session.scalars(select(m.Account.region_code).distinct()))
    in_use |= set(session.scalars(select(m.Center.region_code).distinct()))
    own = session.get(m.Setting, "region_code")
    if own is not None:
        in_use.add(own.value)
    for town, kept in towns.items():
        stale = session.scalars(
            select(m.Region.code).where(
                m.Region.parent_code == town, m.Region.level == "village", m.Region.illustrative.is_(True)
            )
        )
        gone = [code for code in stale if code not in kept and code not in in_use]
        if gone:
            session.execute(delete(m.Region).where(m.Region.code.in_(gone)))


def seed_reference_data(desk: Desk) -> None:
    """Load the shipped illustrative catalog and regions (idempotent)."""
    catalog = json.loads(seed_file("catalog.json").read_text("utf-8"))
    regions = json.loads(seed_file("regions.json").read_text("utf-8"))
    with desk.store.write() as s:
        load_regions(s, regions["regions"], illustrative=True)
        load_catalog(s, catalog)


# --- queries --------------------------------------------------------------------------------------


def _to_item(row: m.ServiceItem, materials: list[m.MaterialRequirement]) -> ItemVersion:
    return ItemVersion(
        code=row.code,
        version=row.version,
        name=row.name,
        category=row.category,
        final_level=row.final_level,
        promised_days=row.promised_days,
        limit_unit=LimitUnit(row.limit_unit),
        effective_from=row.effective_from,
        village_role=row.village_role,
        department=row.department,
        special_procedures=tuple(row.special_procedures or ()),
        in_person=row.in_person,
        materials=tuple(
            Material(x.name, x.necessity, x.form, x.copies, x.source)
            for x in sorted(materials, key=lambda x: x.position)
        ),
    )


def _item_rows(session: Session, on: date) -> list[m.ServiceItem]:
    """The version of each item in effect on ``on`` (the newest whose effective date has come)."""
    rows = session.scalars(
        select(m.ServiceItem)
        .where(m.ServiceItem.effective_from <= on)
        .order_by(m.ServiceItem.code, m.ServiceItem.version)
    ).all()
    current: dict[str, m.ServiceItem] = {}
    for row in rows:
        current[row.code] = row
    return list(current.values())


def _materials_for(session: Session, ids: list[int]) -> dict[int, list[m.MaterialRequirement]]:
    out: dict[int, list[m.MaterialRequirement]] = {i: [] for i in ids}
    if ids:
        for mat in session.scalars(select(m.MaterialRequirement).where(m.MaterialRequirement.item_id.in_(ids))):
            out[mat.item_id].append(mat)
    return out


def items(desk: Desk, on: date | None = None, category: str | None = None, text: str = "") -> list[ItemVersion]:
    on = on or desk.today()
    with desk.store.read() as s:
        rows = [
            r
            for r in _item_rows(s, on)
            if (not category or r.category == category) and (not text or text in r.name or text.upper() in r.code)
        ]
        mats = _materials_for(s, [r.id for r in rows])
        return [_to_item(r, mats[r.id]) for r in rows]


def item(desk: Desk, code: str, version: int | None = None, on: date | None = None) -> ItemVersion:
    with desk.store.read() as s:
        return item_in(s, code, version, on or desk.today())


def item_in(session: Session, code: str, version: int | None, on: date) -> ItemVersion:
    query = select(m.ServiceItem).where(m.ServiceItem.code == code)
    if version is not None:
        query = query.where(m.ServiceItem.version == version)
    else:
        query = query.where(m.ServiceItem.effective_from <= on)
    row = session.scalars(query.order_by(m.ServiceItem.version.desc())).first()
    if row is None:
        raise NotFoundError(_why_not_found(session, code, version, on))
    return _to_item(row, _materials_for(session, [row.id])[row.id])


def _why_not_found(session: Session, code: str, version: int | None, on: date) -> str:
    """Say which it is: an item the catalog does not have, or one that takes effect later (an office
    told "不存在" about an item it was just sent looks for a typing error that is not there)."""
    starts = session.scalars(
        select(m.ServiceItem.effective_from).where(m.ServiceItem.code == code).order_by(m.ServiceItem.effective_from)
    ).all()
    if not starts:
        return f"事项目录中没有编码为 {code} 的事项, 请核对事项编码或先同步事项目录"
    if version is not None:
        return f"事项 {code} 没有第 {version} 版"
    return f"事项 {code} 自 {starts[0]:%Y-%m-%d} 起生效, {on:%Y-%m-%d} 尚不能受理"


def bundles(desk: Desk) -> list[Bundle]:
    with desk.store.read() as s:
        return [
            Bundle(b.code, b.name, tuple(b.item_codes), b.promised_days, LimitUnit(b.limit_unit))
            for b in s.scalars(select(m.ItemBundle).order_by(m.ItemBundle.code))
        ]


def plan_in(session: Session, code: str, on: date) -> Plan:
    """The intake plan for an item code or a bundle code, as in effect on ``on``."""
    bundle = session.get(m.ItemBundle, code)
    if bundle is not None:
        members = [item_in(session, c, None, on) for c in bundle.item_codes]
        spec = Bundle(
            bundle.code, bundle.name, tuple(bundle.item_codes), bundle.promised_days, LimitUnit(bundle.limit_unit)
        )
        return plan_for_bundle(spec, members)
    return plan_for_item(item_in(session, code, None, on))


def promised_limits(session: Session, code: str) -> dict[str, set[tuple[int, str]]]:
    """``code`` → the promised limits (days, unit) of every version of the item or bundle this PC holds:
    what ``judge.check_promise`` holds a registration to, here as on the server."""
    found: set[tuple[int, str]] = set()
    for days, unit in session.execute(
        select(m.ServiceItem.promised_days, m.ServiceItem.limit_unit).where(m.ServiceItem.code == code)
    ):
        found.add((int(days), str(unit)))
    bundle = session.get(m.ItemBundle, code)
    if bundle is not None:
        found.add((int(bundle.promised_days), str(bundle.limit_unit)))
    return {code: found}


def plan(desk: Desk, code: str, on: date | None = None) -> Plan:
    with desk.store.read() as s:
        return plan_in(s, code, on or desk.today())


def regions(desk: Desk, level: str | None = None, parent: str | None = None) -> list[RegionInfo]:
    with desk.store.read() as s:
        query = select(m.Region).order_by(m.Region.code)
        if level:
            query = query.where(m.Region.level == level)
        if parent:
            query = query.where(m.Region.parent_code == parent)
        return [RegionInfo(r.code, r.name, r.level, r.parent_code) for r in s.scalars(query)]


def region_name(desk: Desk, code: str) -> str:
    with desk.store.read() as s:
        row = s.get(m.Region, code)
        return row.name if row else code


def station_name(desk: Desk, village_code: str) -> str:
    """A village's service point as the village calls itself (``示范村便民服务站``): the receipt's issuer
    and the default pickup place of a result, one spelling."""
    return f"{region_name(desk, village_code)}便民服务站"
