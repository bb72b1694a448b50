"""A realistic demo profile: villages of several towns, villagers with valid IDs, cases in every state.

Cases are generated as real event streams (village and town authors, HLC clocks, causal ``prev``) and
projected by the same code as live cases, written in bulk so that 200,000 cases stay practical.
Deterministic for a given seed and "today".
"""

from __future__ import annotations

import functools
import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.case_numbers import CROCKFORD, format_case_no
from villagedesk.domain.catalog import Plan
from villagedesk.domain.errors import DomainError
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import Timestamp
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.projection import project
from villagedesk.services import catalog
from villagedesk.services.desk import Desk

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
)
COMPOUND = ["欧阳", "司马", "诸葛", "上官", "皇甫"]
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红梅建国志新春林海波宇浩然子轩欣怡雨萱梓涵俊杰鑫")
RARE = ["䶮", "堃", "喆", "昇", "𠇔", "𪚥", "玥", "淼"]
MINORITY = ["买买提·艾力", "阿依古丽·买买提", "热依拉·阿不都", "古丽娜尔·吐尔逊", "达瓦·次仁"]
VILLAGE_SUFFIX = ["庄村", "沟村", "岭村", "坡村", "河村", "洼村", "寨村", "店村", "头村", "岗村"]
VILLAGE_STEM = list("东西南北前后上下大小石柳杨桃槐枣杏马牛龙凤金银")
GROUPS = [f"{n}组" for n in "一二三四五六七八"]
DEPARTMENTS = ["市民政局", "市人社局", "市市场监管局", "市自然资源局", "市残联"]

# How far along the lifecycle a generated case gets (weights sum to ~1): every state appears.
TOWN_ENDINGS = [
    ("registered", 0.05),
    ("awaiting_materials", 0.05),
    ("submitted", 0.08),
    ("accepted", 0.12),
    ("returned", 0.06),
    ("refused", 0.03),
    ("forwarded", 0.05),
    ("in_procedure", 0.04),
    ("approved", 0.04),
    ("denied", 0.02),
    ("result_ready", 0.06),
    ("delivered", 0.08),
    ("closed", 0.28),
    ("withdrawn", 0.04),
]
VILLAGE_ENDINGS = [("registered", 0.15), ("completed_in_village", 0.35), ("closed", 0.5)]
FINISHED = {"closed", "refused", "withdrawn", "delivered", "completed_in_village", "denied"}


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    events: int
    villages: int
    seconds: float

    def __str__(self) -> str:
        rate = self.cases / self.seconds if self.seconds else 0
        return (
            f"示例数据已生成: {self.cases} 件办件, {self.events} 条事件, {self.villages} 个村 "
            f"({self.seconds:.1f} 秒, {rate:.0f} 件/秒)"
        )


def id_number(rng: random.Random, region: str, today: date) -> str:
    from stdnum.cn import ric

    birth = date(1940, 1, 1) + timedelta(days=rng.randrange((today - date(1940, 1, 1)).days - 365 * 18))
    body = f"{region[:6]}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def person_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.02:
        return rng.choice(MINORITY)
    surname = rng.choice(COMPOUND) if roll < 0.04 else rng.choice(SURNAMES)
    if rng.random() < 0.02:
        return surname + rng.choice(RARE)
    length = 1 if rng.random() < 0.35 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(length))


def phone_number(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"


def ensure_villages(desk: Desk, rng: random.Random, towns: int = 3, per_town: int = 6) -> list[m.Region]:
    """Plausible villages under the first ``towns`` towns (codes town[:9] + 200..)."""
    with desk.store.write() as s:
        town_rows = s.scalars(select(m.Region).where(m.Region.level == "town").order_by(m.Region.code)).all()
        villages: list[m.Region] = []
        for town in town_rows[:towns]:
            used: set[str] = set()
            for i in range(per_town):
                code = town.code[:9] + f"{200 + i:03d}"
                row = s.get(m.Region, code)
                if row is None:
                    name = ""
                    while not name or name in used:
                        name = rng.choice(VILLAGE_STEM) + rng.choice(VILLAGE_STEM) + rng.choice(VILLAGE_SUFFIX)
                    used.add(name)
                    row = m.Region(code=code, name=name, level="village", parent_code=town.code, illustrative=True)
                    s.add(row)
                villages.append(row)
        s.flush()
        return [m.Region(code=v.code, name=v.name, level=v.level, parent_code=v.parent_code) for v in villages]


@functools.lru_cache(maxsize=4096)
def _opening_ms(day: date) -> int:
    """Local 08:30 of ``day`` in epoch milliseconds (cached: local-time conversion is slow)."""
    return int(datetime.combine(day, time(8, 30)).timestamp() * 1000)


class Author:
    """A synthetic device with its own HLC, so generated events look like real ones."""

    def __init__(self, role: Role, device: str, user: str) -> None:
        self.role, self.device, self.user = role, device, user
        self.last = Timestamp(0, 0, device[:12])

    def stamp(self, day: date, rng: random.Random) -> str:
        wall = _opening_ms(day) + rng.randrange(540) * 60_000
        if wall > self.last.wall_ms:
            self.last = Timestamp(wall, 0, self.last.node)
        else:
            self.last = Timestamp(self.last.wall_ms, self.last.counter + 1, self.last.node)
        return self.last.encode()


def pick(rng: random.Random, weights: list[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]


def catalog_plans(desk: Desk, today: date) -> tuple[dict[str, Plan], list[str], list[str]]:
    """Every item's and bundle's plan on ``today``, the 26 typical village-proxy items and the bundles."""
    with desk.store.read() as s:
        codes = [r.code for r in s.scalars(select(m.ServiceItem).order_by(m.ServiceItem.code))]
        # the 26 typical village-proxy items (JY…); the catalog also holds bundle members (B…, BZ-…)
        typical = [c for c in codes if c.startswith("JY")][:26] or codes[:26]
        bundles = [b.code for b in s.scalars(select(m.ItemBundle))]
        plans = {c: catalog.plan_in(s, c, today) for c in dict.fromkeys(codes + bundles)}
    return plans, typical, bundles


def uuid_from(rng: random.Random) -> str:
    """A random (version-less) UUID from ``rng``: deterministic for a seed, as generated data must be."""
    return str(uuid.UUID(int=rng.getrandbits(128)))


DEMO_MARK = "demo"  # set on a profile ``generate`` filled: more demo data may go into it


class RealProfileError(DomainError):
    """Demo data asked for on a profile that holds real cases."""


def refuse_real_profile(desk: Desk) -> None:
    """Demo data goes only into a new or empty profile, or one ``generate`` made: invented villagers mixed
    into real cases would be counted, synced to the town and printed as if they were real."""
    with desk.store.read() as s:
        if st.get_setting(s, DEMO_MARK, "") == "1":
            return
        cases = s.scalar(select(func.count()).select_from(m.Case)) or 0
        events = s.scalar(select(func.count()).select_from(m.EventRow)) or 0
    if cases or events:
        raise RealProfileError(
            f"配置文件夹 {desk.paths.root} 已有 {cases} 件办件(真实数据, 不是演示数据): 演示数据不会混入其中, "
            "未作任何改动; 请在一个新的空文件夹生成演示数据: villagedesk --profile 新的空文件夹 demo"
        )


def generate(
    desk: Desk,
    cases: int = 500,
    seed: int = 2016,
    role: str = "agent",
    days: int = 365,
    batch: int = 2000,
) -> DemoSummary:
    """Fill the profile with ``cases`` demo cases; sets the profile up as an agent (or clerk) first.

    Refused, before anything is written, on a profile that holds real work (``refuse_real_profile``)."""
    refuse_real_profile(desk)
    started = datetime.now()
    with desk.store.read() as s:
        before = s.scalar(select(func.count()).select_from(m.Case)) or 0
    # A second run into the same profile gets its own ids: one seed alone would make the same events again.
    rng = random.Random(seed if before == 0 else f"{seed}+{before}")
    today = desk.today()
    catalog.seed_reference_data(desk)
    villages = ensure_villages(desk, rng)
    home = villages[0]
    if not desk.is_set_up():
        if role == "clerk":
            desk.setup(Role.CLERK, home.parent_code or home.code, "赵敏")
        else:
            desk.setup(Role.AGENT, home.code, "李娜")
    ident = desk.identity
    scope = [v for v in villages if v.parent_code == home.parent_code] if role == "clerk" else [home]
    plans, typical, bundles = catalog_plans(desk, today)
    start_seq = before + 1
    town_clerk = Author(Role.CLERK, "demo-town-" + "0" * 26, "镇中心 赵敏")
    agents = {
        v.code: Author(
            Role.AGENT, ident.device_id if v.code == ident.region_code else str(uuid.UUID(int=i + 1)), "代办员"
        )
        for i, v in enumerate(scope)
    }
    tags = {v.code: (ident.device_tag if v.code == ident.region_code else rng.choice(CROCKFORD) * 2) for v in scope}
    people: dict[str, list[dict]] = {v.code: [] for v in scope}
    total_events = 0
    seqs: dict[tuple[str, date], int] = {}
    made = 0
    while made < cases:
        n = min(batch, cases - made)
        events: list[Event] = []
        views = []
        unsent: list[str] = []
        for _ in range(n):
            village = scope[0] if rng.random() < 0.7 else rng.choice(scope)
            code = rng.choice(typical) if rng.random() < 0.95 else rng.choice(bundles or typical)
            plan = plans[code]
            ending = pick(rng, VILLAGE_ENDINGS if plan.village_direct else TOWN_ENDINGS)
            # Open cases are mostly recent; a few are old and overdue, as in any real office.
            recent = ending not in FINISHED and rng.random() < 0.9
            span = min(days, 30) if recent else days
            registered = today - timedelta(days=rng.randrange(span) if recent else int(rng.triangular(0, span, 0)))
            key = (village.code, registered)
            seqs[key] = seqs.get(key, 0) + 1
            case_no = format_case_no(village.code, registered, tags[village.code], seqs[key] + start_seq - 1)
            applicant = person(rng, people[village.code], village.code, today)
            stream = case_events(
                rng, plan, ending, applicant, village.code, case_no, registered, today, agents[village.code], town_clerk
            )
            events += stream
            if village.code == ident.region_code and registered >= today - timedelta(days=1):
                unsent += [e.id for e in stream if e.role is Role.AGENT]
            views.append(project(stream[0].case_id, stream))
        with desk.store.write() as s:
            st.insert_events(s, events)
            st.insert_projections(s, desk.calendar, views, today)
            if unsent:
                s.execute(insert(m.OutboxEntry), [{"event_id": i, "status": "pending"} for i in unsent])
        total_events += len(events)
        made += n
    with desk.store.write() as s:
        st.set_setting(s, DEMO_MARK, "1")
        # This device's daily case counters must continue after the demo's numbers (no duplicate case_no).
        for (village_code, day), count in seqs.items():
            if village_code == ident.region_code:
                key = f"case_seq:{day:%y%m%d}"
                used = count + start_seq - 1
                if int(st.get_setting(s, key, "0") or 0) < used:
                    st.set_setting(s, key, str(used))
        st.refresh_statistics(s)
    seconds = (datetime.now() - started).total_seconds()
    return DemoSummary(made, total_events, len(villages), seconds)


def person(rng: random.Random, known: list[dict], village: str, today: date) -> dict:
    if known and rng.random() < 0.2:
        return known[rng.randrange(len(known))]
    person = {
        "id": uuid_from(rng),
        "name": person_name(rng),
        "id_type": "resident_id",
        "id_number": id_number(rng, village, today),
        "phone": phone_number(rng),
        "village_code": village,
        "group": rng.choice(GROUPS),
        "address": "",
    }
    known.append(person)
    return person


def case_events(
    rng: random.Random,
    plan: Plan,
    ending: str,
    person: dict,
    village: str,
    case_no: str,
    registered: date,
    today: date,
    agent: Author,
    clerk: Author,
) -> list[Event]:
    case_id = uuid_from(rng)
    out: list[Event] = []
    day = registered

    def add(author: Author, kind: EventType, payload: dict, gap: int = 0) -> bool:
        nonlocal day
        day = day + timedelta(days=gap)
        if day > today:
            return False
        payload = {"at": day.isoformat(), **payload}
        out.append(
            Event(
                id=uuid_from(rng),
                case_id=case_id,
                type=kind,
                payload=payload,
                author=author.user,
                device=author.device,
                role=author.role,
                partition=village,
                hlc=author.stamp(day, rng),
                prev=(out[-1].id,) if out else (),
            )
        )
        return True

    village_direct = plan.village_direct
    materials = [
        {
            "name": x.name,
            "necessity": x.necessity,
            "required_form": x.form,
            "status": "have",
            "form": x.form,
            "custody": "village" if x.form == "original" else "applicant",
        }
        for x in plan.materials
    ]
    first = plan.items[0]
    add(
        agent,
        EventType.CASE_REGISTERED,
        {
            "case_no": case_no,
            "item_code": plan.bundle.code if plan.bundle else first.code,
            "item_version": first.version,
            "items": [{"code": i.code, "version": i.version, "name": i.name} for i in plan.items],
            "bundle_code": plan.bundle.code if plan.bundle else None,
            "title": plan.title,
            "category": first.category,
            "final_level": "village" if village_direct else max((i.final_level for i in plan.items), key=_rank),
            "promised_days": plan.promised_days,
            "limit_unit": plan.limit_unit.value,
            "applicant": person,
            "materials": materials,
            "mandate_signed": not village_direct,
            "channel": rng.choice(["window", "window", "window", "home_visit", "phone"]),
            "note": "",
            "agent_name": "李娜",
        },
    )
    if ending == "registered":
        return out
    if village_direct:
        done = {"result": "已调解/已答复"}
        if plan.items[0].code == "JY022":  # mediation says whether the parties agreed (no rng: stays stable)
            done["outcome"] = "agreed" if int(case_id[:2], 16) % 5 else "not_agreed"
        add(agent, EventType.VILLAGE_COMPLETED, done, rng.randrange(0, 5))
        if ending == "closed":
            add(agent, EventType.EVALUATED, {"level": rng.choice(["非常满意", "满意", "满意", "基本满意"])}, 0)
            add(agent, EventType.CLOSED, {}, rng.randrange(0, 3))
        return out
    required = [x["name"] for x in materials if x["necessity"] == "required"]
    if ending == "awaiting_materials" or (required and rng.random() < 0.15):
        missing = rng.sample(required, 1) if required else ["补充说明"]
        add(agent, EventType.MATERIALS_MISSING, {"missing": missing, "notice": True})
        if ending == "awaiting_materials":
            return out
        if not add(agent, EventType.MATERIALS_SUPPLIED, {"received": missing}, rng.randrange(1, 6)):
            return out
    if ending == "withdrawn" and rng.random() < 0.5:
        add(agent, EventType.WITHDRAWN, {"reason": "申请人主动撤回"}, rng.randrange(0, 3))
        return out
    if not add(agent, EventType.SUBMITTED, {}, rng.choice([0, 1, 1, 2, 3, 5])):
        return out
    if ending == "submitted":
        return out
    if ending == "refused":
        add(clerk, EventType.REFUSED, {"reason": "不属于本事项受理范围"}, rng.randrange(1, 3))
        if rng.random() < 0.5:
            add(agent, EventType.CLOSED, {}, rng.randrange(1, 4))
        return out
    if ending == "returned" or rng.random() < 0.1:
        pick = rng.sample(required, 1) if required else ["补充说明"]
        if not add(clerk, EventType.RETURNED, {"missing": pick, "reason": "材料不全, 请补正"}, rng.randrange(1, 3)):
            return out
        if ending == "returned":
            return out
        if not add(agent, EventType.SUBMITTED, {}, rng.randrange(1, 5)):
            return out
    if not add(clerk, EventType.ACCEPTED, {}, rng.randrange(0, 3)):
        return out
    if ending == "accepted":
        return out
    if ending == "withdrawn":
        add(agent, EventType.WITHDRAWN, {"reason": "申请人主动撤回"}, rng.randrange(0, 3))
        return out
    if ending == "forwarded" or rng.random() < 0.2:
        if not add(clerk, EventType.FORWARDED, {"to": rng.choice(DEPARTMENTS)}, rng.randrange(0, 2)):
            return out
        if ending == "forwarded":
            return out
    procedures = list(plan.items[0].special_procedures) or ["公示"]
    if ending == "in_procedure" or (plan.items[0].special_procedures and rng.random() < 0.6):
        if not add(clerk, EventType.PROCEDURE_STARTED, {"procedure": rng.choice(procedures)}, rng.randrange(1, 4)):
            return out
        if ending == "in_procedure":
            return out
        if not add(clerk, EventType.PROCEDURE_ENDED, {}, rng.randrange(3, 8)):
            return out
    outcome = "denied" if ending == "denied" or rng.random() < 0.05 else "approved"
    decision = {"outcome": outcome, "certificate_no": f"JY{rng.randrange(10**6):06d}" if outcome == "approved" else ""}
    if outcome == "denied":
        decision["reason"] = "不符合申请条件"
    late = rng.random() < 0.12
    gap = plan.promised_days + rng.randrange(1, 6) if late else rng.randrange(0, max(1, plan.promised_days))
    if not add(clerk, EventType.DECIDED, decision, gap):
        return out
    if ending in ("approved", "denied"):
        return out
    if not add(clerk, EventType.RESULT_READY, {"where": "村便民服务中心"}, rng.randrange(0, 2)):
        return out
    if ending == "result_ready":
        return out
    if not add(agent, EventType.DELIVERED, {"method": "village_pickup", "signer": person["name"]}, rng.randrange(0, 4)):
        return out
    if ending == "delivered":
        return out
    level = rng.choices(["非常满意", "满意", "基本满意", "不满意", "非常不满意"], [45, 40, 10, 4, 1])[0]
    add(agent, EventType.EVALUATED, {"level": level, "scores": {"效率": 5, "水平": 5, "态度": 5}}, 0)
    add(agent, EventType.CLOSED, {}, rng.randrange(0, 3))
    return out


def _rank(level: str) -> int:
    return {"village": 0, "town": 1, "city": 2}.get(level, 1)
