"""``GET /q/<case number>?k=<check code>``: the villager's progress page, no login (扫码查询).

One answer for everything that is not a case with its right code — wrong or missing code, unknown case,
malformed or hostile path — the same 404 "未找到" page, after the same work (one indexed look-up by
number and one check-code comparison against the found case or a fixed stand-in), so neither the status
nor the timing tells a number that exists from one that does not. Unsuccessful look-ups are limited per
client address (and per case number) with the enrollment's FailureLimiter; the limit answers 429.

The server answers for the cases it holds: a case of a town whose PCs sync elsewhere is 未找到 here.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
import traceback
from datetime import UTC, date, datetime

from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy import bindparam, func, select
from starlette.concurrency import run_in_threadpool

from villagedesk.db.store import compute_due
from villagedesk.domain import check_code as cc
from villagedesk.domain import public_settings as ps
from villagedesk.domain.answering import (
    Handover,
    PcPeople,
    Person,
    answering_after_replacement,
    answering_agent,
    last_agent_step,
    read_handover,
)
from villagedesk.domain.case_numbers import CASE_NO
from villagedesk.domain.case_numbers import normalise as normalise_no
from villagedesk.domain.deadlines import WorkCalendar
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.projection import causal_order, project
from villagedesk.domain.promise import awaiting_town
from villagedesk.domain.villager_view import VillagerView, villager_view
from villagedesk.server import feed, public_html
from villagedesk.server import models as sm
from villagedesk.server.auth import FailureLimiter, RateLimited
from villagedesk.server.db import Database

log = logging.getLogger(__name__)

FAILURES_PER_CLIENT = 20  # unsuccessful look-ups an address may make in the window
FAILURES_PER_CASE = 50  # ... and that one case number may receive from all addresses together
WINDOW_S = 600.0
MAX_NUMBER = 40  # longer than any case number: not looked up at all
STAND_IN = "00000000-0000-4000-8000-000000000000"  # compared against when no case was found
SETTINGS_TTL_S = 5.0

_C, _R = sm.ServerCase.__table__, sm.RefRow.__table__
_BY_NUMBER = select(_C.c.case_id).where(_C.c.case_no == bindparam("n"))
_SETTINGS = (
    select(_R.c.data).where(_R.c.kind == ps.REF_KIND, _R.c.key == ps.REF_KEY).order_by(_R.c.rseq.desc()).limit(1)
)
_A = sm.AuditAccount.__table__
_ROSTER = select(_A.c.account_id, _A.c.name, _A.c.active, _A.c.login).where(_A.c.device_id == bindparam("d"))
_T = sm.AuditEntryRow.__table__
_TRAIL = (_T.c.device_id == bindparam("d"), _T.c.superseded_at.is_(None), _T.c.refused == "")
_STEP_SEQ = select(func.min(_T.c.seq)).where(*_TRAIL, _T.c.kind == "event", _T.c.ref == bindparam("r"))
_HANDOVERS = (
    select(_T.c.detail).where(*_TRAIL, _T.c.kind == "audit", _T.c.action == "handover", _T.c.seq > bindparam("s"))
    .order_by(_T.c.seq)
)  # fmt: skip
# login → display name by the PC's own account events (a ``login`` entry: actor the name, detail the login)
_LOGINS = (
    select(_T.c.actor, _T.c.detail).where(*_TRAIL, _T.c.kind == "audit", _T.c.action == "login").order_by(_T.c.seq)
)
_D = sm.Device.__table__
_DEVICE = select(_D.c.id, _D.c.region, _D.c.role, _D.c.revoked_at).where(_D.c.id == bindparam("d"))
_REPLACED_BY = select(_D.c.id, _D.c.revoked_at).where(_D.c.replaces == bindparam("d")).order_by(_D.c.created_at)
_LIVE_AGENTS = select(_D.c.id).where(
    _D.c.region == bindparam("r"), _D.c.role == Role.AGENT.value, _D.c.revoked_at.is_(None), _D.c.id != bindparam("d")
)
_CALENDARS = select(_R.c.rseq, _R.c.data).where(_R.c.kind == "calendar").order_by(_R.c.rseq)


class Pages:
    """The look-ups behind the page, with the settings and the calendar kept for a few seconds."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._settings: tuple[float, ps.PublicSettings] | None = None
        self._calendar: tuple[tuple[int, ...], WorkCalendar] | None = None

    def settings(self) -> ps.PublicSettings:
        now = time.monotonic()
        with self._lock:
            held = self._settings
        if held is not None and now - held[0] < SETTINGS_TTL_S:
            return held[1]
        with self.db.snapshot_conn() as conn:
            text = conn.execute(_SETTINGS).scalar()
        try:
            value = ps.parse(json.loads(text)) if text else ps.PublicSettings()
        except ValueError:
            value = ps.PublicSettings()
        with self._lock:
            self._settings = (now, value)
        return value

    def cached_hotline(self) -> str:
        """The hotline as last read (no database access: the event loop may call it)."""
        with self._lock:
            held = self._settings
        return ps.hotline_to_show(held[1].hotline if held else "")

    def calendar(self, conn) -> WorkCalendar:
        """The published holiday schedules (newest row per year) over chinese_calendar, as on the PCs."""
        rows = conn.execute(_CALENDARS).all()
        stamp = tuple(r.rseq for r in rows)
        with self._lock:
            if self._calendar is not None and self._calendar[0] == stamp:
                return self._calendar[1]
        years: dict[int, dict[date, bool]] = {}
        for r in rows:
            try:
                data = json.loads(r.data)
                year = int(data["year"])
                days = {date.fromisoformat(d): False for d in data.get("holidays", [])}
                days.update({date.fromisoformat(d): True for d in data.get("workdays", [])})
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
            years[year] = {d: w for d, w in days.items() if d.year == year}
        overrides = {d: w for days in years.values() for d, w in days.items()}
        calendar = WorkCalendar(overrides=overrides, published_years=frozenset(years))
        with self._lock:
            self._calendar = (stamp, calendar)
        return calendar

    def lookup(self, number_text: str, given: str) -> tuple[VillagerView | None, str]:
        """The page of the case with this number if ``given`` is its check code (else None), and the
        hotline to print."""
        number = normalise_no(number_text) if len(number_text) <= MAX_NUMBER else ""
        if not CASE_NO.match(number):
            number = "-"  # looked up all the same: a malformed number costs what an unknown one does
        settings = self.settings()
        with self.db.snapshot_conn() as conn:
            case_id = conn.execute(_BY_NUMBER, {"n": number}).scalar()
            right = cc.matches(case_id or STAND_IN, given)
            if case_id is None or not right:
                return None, ps.hotline_to_show(settings.hotline)
            events = feed.case_history(conn, case_id)
            calendar = self.calendar(conn)
            agent = responsible_agent(conn, events)
            titles = feed.catalog_rules(conn).titles
        try:
            page = self._page(case_id, events, calendar, settings, agent, titles)
        except Exception as exc:  # a history no honest PC writes: the villager gets 未找到, never a 500
            frames = "".join(traceback.format_tb(exc.__traceback__))  # frames only: values may be personal
            log.error("public page of case %s failed: %s\n%s", case_id, type(exc).__name__, frames)
            page = None
        return page, ps.hotline_to_show(settings.hotline)

    @staticmethod
    def _page(
        case_id: str,
        events: list,
        calendar: WorkCalendar,
        settings: ps.PublicSettings,
        agent: str | None = None,
        titles: dict[str, str] | None = None,
    ) -> VillagerView | None:
        view = project(case_id, events)
        due = compute_due(calendar, view, date.today())
        village_direct = view.registered.get("final_level") == "village"
        estimate = view.state is not None and awaiting_town(
            view.state, village_direct=village_direct, accepted_on=view.accepted_on
        )
        provisional = calendar.provisional(view.accepted_on or view.registered_on, due)
        return villager_view(
            view,
            due,
            provisional,
            agent_phone=settings.agents.get(view.partition, ""),
            hotline=settings.hotline,
            agent=agent,
            titles=titles,
            estimate=estimate,
        )


def responsible_agent(conn, events: list) -> str | None:
    """The agent answering for the case now (``domain.answering``), by the names the village PC that did
    the last agent step sent (账号名单). When that PC was revoked, by the PCs that took its place
    (``successors``): its people left with it. None: the name the registration carries."""
    last = last_agent_step(causal_order(events))
    if last is None:
        return None
    old = pc_people(conn, last.device, confirmed_handovers(conn, last))
    device = conn.execute(_DEVICE, {"d": last.device}).first()
    if device is None or device.revoked_at is None:
        return answering_agent(last, old.roster, old.handovers, old.names)
    taking = [pc_people(conn, d, confirmed_handovers(conn, None, d)) for d in successors(conn, device)]
    if not old.roster and not taking:
        return None
    return answering_after_replacement(last, old, taking)


def pc_people(conn, device_id: str, handovers: list[Handover | None]) -> PcPeople:
    """A PC's roster (with logins where it sent them) and, only where an older handover names logins
    the roster cannot (a PC that sent none), login → name from its ``login`` entries."""
    roster = {
        r.account_id: Person(r.name, bool(r.active), r.login or "") for r in conn.execute(_ROSTER, {"d": device_id})
    }
    names: dict[str, str] = {}
    old_shape = any(h is not None and not h.leaving_name for h in handovers)
    if old_shape and any(not p.login for p in roster.values()):
        names = {detail: actor for actor, detail in conn.execute(_LOGINS, {"d": device_id}) if actor and detail}
    return PcPeople(roster, handovers, names)


def successors(conn, device) -> list[str]:
    """The live PCs that took a revoked PC's place: the enrollment that ``replaces`` it (followed while
    that one was revoked in turn), else every live agent PC of its village (a new PC enrolled with a
    fresh code, as docs/handover.md's "A new PC" does it)."""
    seen = {device.id}
    current = device.id
    while True:
        row = conn.execute(_REPLACED_BY, {"d": current}).first()
        if row is None or row.id in seen:
            break
        if row.revoked_at is None:
            return [row.id]
        seen.add(row.id)
        current = row.id
    if device.role != Role.AGENT.value:
        return []
    return list(conn.execute(_LIVE_AGENTS, {"r": device.region, "d": device.id}).scalars())


def confirmed_handovers(conn, last, device_id: str | None = None) -> list[Handover | None]:
    """The handovers (交接) the PC that wrote ``last`` confirmed after it, in the order of its audit trail
    as the town holds it (verified entries only; ``domain.answering.read_handover``). None before the
    trail has brought the step's own entry: nothing after it is known yet. ``last`` None: every
    handover of ``device_id``."""
    if last is None:
        at, device_id = -1, device_id
    else:
        device_id = last.device
        at = conn.execute(_STEP_SEQ, {"d": device_id, "r": last.id}).scalar()
        if at is None:
            return []
    return [read_handover(detail) for (detail,) in conn.execute(_HANDOVERS, {"d": device_id, "s": at})]


def client_key(host: str) -> str:
    """Whom a miss is counted against: the IPv4 address, or the /64 of an IPv6 one (one household or
    phone gets a whole /64, so counting single IPv6 addresses would limit nobody)."""
    try:
        addr = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    mapped = getattr(addr, "ipv4_mapped", None)
    if addr.version == 6 and mapped is None:
        return str(ipaddress.ip_network(f"{addr}/64", strict=False))
    return str(mapped or addr)


def _client(request: Request) -> str:
    return client_key(request.client.host) if request.client else "?"


def _reply(body: bytes, status: int, head: bool) -> Response:
    headers = dict(public_html.HEADERS)
    if head:
        headers["Content-Length"] = str(len(body))
        return Response(b"", status_code=status, media_type="text/html; charset=utf-8", headers=headers)
    return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=headers)


def register(
    app: FastAPI, db: Database, per_client: int = FAILURES_PER_CLIENT, per_case: int = FAILURES_PER_CASE
) -> Pages:
    """Add the public page's routes to the app."""
    pages = Pages(db)
    limiter = FailureLimiter(per_client, per_case, WINDOW_S)

    async def answer(request: Request, rest: str) -> Response:
        head = request.method == "HEAD"
        client = _client(request)
        given = request.query_params.get("k", "")
        number_key = normalise_no(rest)[:MAX_NUMBER] if len(rest) <= MAX_NUMBER else ""
        try:
            limiter.check(client, number_key)
        except RateLimited:
            return _reply(public_html.limited_page(pages.cached_hotline()), 429, head)
        view, hotline = await run_in_threadpool(pages.lookup, rest, given)
        if view is None:
            limiter.failed(client, number_key)
            return _reply(public_html.not_found_page(hotline), 404, head)
        return _reply(public_html.case_page(view, datetime.now(UTC)), 200, head)

    @app.api_route("/q/{rest:path}", methods=["GET", "HEAD"], include_in_schema=False)
    async def public_case(request: Request, rest: str) -> Response:
        return await answer(request, rest)

    @app.api_route("/q", methods=["GET", "HEAD"], include_in_schema=False)
    async def public_bare(request: Request) -> Response:
        return await answer(request, "")

    return pages
