"""The services' context: one profile's store, this device's identity and clock, the acting user.

Every use case takes a ``Desk``; the CLI, the GUI and tests build one with ``Desk.open(profile)``.
Use cases return plain data and raise domain errors; they run one transaction per call.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from villagedesk.db import store as st
from villagedesk.db.store import Store
from villagedesk.domain.case_numbers import new_device_tag
from villagedesk.domain.errors import DomainError
from villagedesk.domain.events import Event, new_id
from villagedesk.domain.hlc import HybridClock, wall_ms_of
from villagedesk.domain.hlc import after as hlc_after
from villagedesk.domain.lifecycle import EventType, Role

DB_NAME = "villagedesk.db"


class ProfileNotSetUp(DomainError):
    """The profile has no region/role yet: run the first-run wizard, ``demo`` or ``setup``."""


@dataclass(frozen=True)
class Identity:
    device_id: str
    device_tag: str
    role: Role
    region_code: str  # a village code for agents, a town code for clerks
    user: str  # the acting account's display name
    user_id: str


# The person a command-line run acts as (``villagedesk --user LOGIN act …``): this run only, never written to
# the profile's settings (the GUI's login stays whoever logged in there). See cli.py ``_acting_person``.
_ACTING: ContextVar[tuple[str, str] | None] = ContextVar("villagedesk_acting", default=None)


@contextmanager
def acting_as(user: str, user_id: str) -> Iterator[None]:
    """Within this block every desk's identity names ``user`` (display name) / ``user_id`` (account id)."""
    token = _ACTING.set((user, user_id))
    try:
        yield
    finally:
        _ACTING.reset(token)


@dataclass(frozen=True)
class ProfilePaths:
    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def exports(self) -> Path:
        return self.root / "exports"


CLOCK_OFFSET = "sync.clock_offset_ms"  # server time minus this PC's, as the last sync measured it
CLOCK_TRUST_MS = 5 * 60 * 1000  # within this the PC clock is believed
FUTURE_STAMP_MS = 24 * 3600 * 1000  # the server refuses stamps further ahead than this


def _wall_ms() -> int:
    return time.time_ns() // 1_000_000


class Desk:
    def __init__(self, paths: ProfilePaths, store: Store, today: date | None = None) -> None:
        self.paths = paths
        self.store = store
        self._today = today
        self._identity: Identity | None = None

    @classmethod
    def open(cls, root: Path, today: date | None = None) -> Desk:
        paths = ProfilePaths(Path(root))
        paths.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        store = Store.open(paths.db, paths.backups)
        from villagedesk.services import private_files

        private_files.tighten(paths.root)  # a new profile and one an older version left readable by all
        desk = cls(paths, store, today)
        from villagedesk.db import cipher
        from villagedesk.services import audit, calendars, leftovers, search_index, viewer_copies  # build on Desk

        if cipher.is_encrypted(paths.db):  # a killed re-sealing left a plain copy of the DB in backups/
            leftovers.sweep(paths.backups)
        leftovers.sweep_restores(paths.root)  # a killed restore's staged DB (plain, often: every ID number)
        viewer_copies.sweep(paths.root)  # plain scans a killed window left for the system viewer

        try:
            audit.ensure_started(desk)  # rows from before the audit chain existed are chained once
            calendars.refresh(desk)  # the published schedules in force, due dates recomputed if they changed
            search_index.reindex_if_stale(desk)  # pinyin keys made by an older indexing rule
        except SQLAlchemyError:  # a schema an older build upgraded wrongly: `check --rebuild` repairs it
            logging.getLogger(__name__).warning("calendar or search refresh skipped at open: schema incomplete")
        return desk

    def close(self) -> None:
        self.store.dispose()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def calendar(self):
        return self.store.calendar

    def today(self) -> date:
        return self._today or date.today()

    # --- identity -------------------------------------------------------------------------------

    def is_set_up(self) -> bool:
        with self.store.read() as s:
            return st.get_setting(s, "region_code") is not None

    def setup(self, role: Role, region_code: str, user: str = "代办员", user_id: str | None = None) -> Identity:
        """Give a new profile its device identity, role and region (first run, demo, enrollment)."""
        with self.store.write() as s:
            if st.get_setting(s, "device_id") is None:
                st.set_setting(s, "device_id", str(uuid.uuid4()))
                st.set_setting(s, "device_tag", new_device_tag())
            st.set_setting(s, "role", role.value)
            st.set_setting(s, "region_code", region_code)
            st.set_setting(s, "user", user)
            st.set_setting(s, "user_id", user_id or str(uuid.uuid4()))
        self._identity = None
        return self.identity

    def act_as(self, user: str, user_id: str) -> None:
        """Record who is logged in now; events are authored by them."""
        with self.store.write() as s:
            st.set_setting(s, "user", user)
            st.set_setting(s, "user_id", user_id)
        self._identity = None

    @property
    def identity(self) -> Identity:
        if self._identity is None:
            with self.store.read() as s:
                values = {k: st.get_setting(s, k) for k in ("device_id", "device_tag", "role", "region_code")}
                user = st.get_setting(s, "user", "") or ""
                user_id = st.get_setting(s, "user_id", "") or ""
            if any(v is None for v in values.values()):
                raise ProfileNotSetUp("本机尚未设置所属村/镇和角色, 请先完成首次设置(或运行 villagedesk demo)")
            self._identity = Identity(
                values["device_id"],  # type: ignore[arg-type]
                values["device_tag"],  # type: ignore[arg-type]
                Role(values["role"]),
                values["region_code"],  # type: ignore[arg-type]
                user,
                user_id,
            )
        acting = _ACTING.get()
        if acting is not None:
            return replace(self._identity, user=acting[0], user_id=acting[1])
        return self._identity

    # --- authoring events -----------------------------------------------------------------------

    def new_events(
        self,
        session: Session,
        case_id: str,
        partition: str,
        specs: Iterable[tuple[EventType, dict]],
        prev: list[str] | None = None,
    ) -> list[Event]:
        """Author events in the caller's write transaction: HLC ticks, prev chains, outbox entries."""
        clock = self.clock(session)
        prev_ids = list(prev) if prev is not None else st.case_heads(session, case_id)
        floor = st.case_last_hlc(session, case_id) if prev_ids else None
        events = self.author_events(clock, case_id, partition, specs, prev_ids, floor)
        st.set_setting(session, "hlc", clock.last)
        st.append_local(session, events)
        return events

    def clock(self, session: Session) -> HybridClock:
        """This device's HLC for authoring, on the town server's time when the PC clock is known to be off.

        The last sync saved how far the PC clock is from the server's (``CLOCK_OFFSET``). Beyond a few
        minutes the stamps follow the server: a PC whose clock is wrong by days would otherwise stamp
        events the server refuses (``clock``) — and, the HLC never running backwards, keep doing so long
        after the clock is fixed. A saved stamp more than a day ahead of that time is dropped for the
        same reason (the projection orders a case by its ``prev`` chain first, not by the stamps)."""
        offset = int(st.get_setting(session, CLOCK_OFFSET, "0") or 0)
        wall = _wall_ms if abs(offset) <= CLOCK_TRUST_MS else (lambda: _wall_ms() + offset)
        last = st.get_setting(session, "hlc")
        if last and wall_ms_of(last) > wall() + FUTURE_STAMP_MS:
            last = None
        return HybridClock(self.identity.device_id[:12], last, wall)

    def author_events(
        self,
        clock: HybridClock,
        case_id: str,
        partition: str,
        specs: Iterable[tuple[EventType, dict]],
        prev: list[str],
        floor: str | None = None,
    ) -> list[Event]:
        """Build this device's events for one case (no I/O): ids, HLC ticks, the ``prev`` chain. ``floor``:
        the case's latest stamp; each event is stamped after it (``hlc.after``)."""
        ident = self.identity
        prev_ids = list(prev)
        events: list[Event] = []
        for event_type, payload in specs:
            stamp = hlc_after(clock.now(), floor)
            floor = stamp
            event = Event(
                id=new_id(),
                case_id=case_id,
                type=event_type,
                payload=payload,
                author=ident.user_id,
                device=ident.device_id,
                role=ident.role,
                partition=partition,
                hlc=stamp,
                prev=tuple(prev_ids),
            )
            events.append(event)
            prev_ids = [event.id]
        return events
