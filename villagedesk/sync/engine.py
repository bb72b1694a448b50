"""The client sync engine: outbox → byte-sized batches, pulled pages applied with their cursors.

Each round trip pushes one batch and pulls one page; the reply (acks, rejections, events, cursors,
reference data) is applied in ONE local transaction, so a cut link costs at most the batch in flight
and a cursor never gets ahead of the data it covers. A rejected event is marked with the server's
reason and never blocks the events behind it. Cancelling between batches loses nothing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from villagedesk.db import audit_chain
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import audit_chain as ac
from villagedesk.domain import audit_entries as ae
from villagedesk.domain import audit_roster as ar
from villagedesk.domain.events import Event, canonical_json
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.hlc import after as hlc_after
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.projection import project, standing
from villagedesk.services import audit, restore_counters
from villagedesk.services.desk import CLOCK_OFFSET, FUTURE_STAMP_MS, Desk
from villagedesk.services.queries import case_status  # noqa: F401  (lives there; kept here for callers)
from villagedesk.sync import protocol as proto
from villagedesk.sync import quarantine
from villagedesk.sync.attachment_notes import note_text
from villagedesk.sync.attachments import run_phase as attachment_phase
from villagedesk.sync.gcpause import gc_paused
from villagedesk.sync.progress import Progress
from villagedesk.sync.pushpath import PushBatch, read_push_batch, write_acks
from villagedesk.sync.sizing import HEADER_BYTES, BatchSizer, PageSizer
from villagedesk.sync.sizing import PAGE_SETTING as K_PAGE
from villagedesk.sync.sizing import SETTING as K_BATCH
from villagedesk.sync.transport import (
    MAX_RETRY_AFTER_S,
    PinMismatch,
    Reply,
    ServerRefused,
    Transport,
    TransportError,
)

log = logging.getLogger(__name__)

# Events still in the outbox (waiting, or refused for their clock) whose stamp is past ``lim``.
_AHEAD_OF_SERVER = text(  # from the outbox (what still waits: small) into events: with a plain JOIN SQLite
    # walked every stored event in local_seq order to skip the sort, at every round of every sync
    "SELECT e.id, e.case_id FROM outbox o CROSS JOIN events e ON o.event_id = e.id"
    " WHERE e.hlc > :lim AND (o.status = 'pending' OR o.reason LIKE '%[clock]') ORDER BY e.local_seq"
)

SKEW_WARN_MS = 5 * 60 * 1000
DEFAULT_BATCH_BYTES = 64 * 1024
MIN_BATCH_BYTES = 2 * 1024
MAX_ROUNDS = 100_000
IDLE_ROUNDS = 3  # rounds in a row that changed nothing here: the run ends (``_Stall``)
STALE_DRIFTS = 2  # count re-pulls in a row with nothing done before them: the run ends
NO_PROGRESS = (
    "同步没有进展, 已停止: 连续几轮服务器的回复都没有让本机的数据前进(本机与镇中心的事件数仍对不上); "
    "已完成的部分已保存, 请在镇中心查看本设备的拒收记录(dead-letters)"
)
AUDIT_CHECK_EVERY_S = 600.0  # the background sync's full check of the audit chain (docs/audit.md)
K_AUDIT_CHECKED, K_AUDIT_FOUND = "audit.self_checked", "audit.self_found"
ENTRY_BUDGET_SHARE = 4  # audit entries take at most 1/4 of the batch budget left (``_entry_budget``)
AHEAD_MAX_S = 2.0  # pipeline rounds only while a round trip takes less than this (see _send_ahead)

# settings keys
K_SERVER, K_TOKEN, K_PIN, K_SCOPES, K_REF, K_LAST = (
    "sync.server",
    "sync.token",
    "sync.fingerprint",
    "sync.scopes",
    "sync.ref",
    "sync.last_result",
)
K_BUNDLE_KEY = "sync.bundle_key"
K_PROTOCOL = "sync.protocol"  # the version the server spoke last run: no refused first round to an old one
K_HOLD = "sync.push_hold"  # {"until": wall ms, "message"}: the server's push quota is spent until then


class Stalled(Exception):
    """A sync run's rounds stopped making progress (``_Stall``): it ends instead of looping."""


class _Stall:
    """Whether a run's rounds still move anything: an event pushed (acked, a duplicate or refused) or
    stored from a page, or a cursor past the highest this run reached. A count mismatch resets cursors
    to 0 for a re-pull; the climb back is not progress by itself, so the re-pull must bring something.
    Whatever the server answers, a run ends after ``IDLE_ROUNDS`` rounds that moved nothing or
    ``STALE_DRIFTS`` mismatches in a row with nothing done in between."""

    def __init__(self) -> None:
        self.high: dict[str, int] = {}
        self.idle = 0
        self.stale = 0
        self.work = 0  # events moved since the last count mismatch

    def stuck(self, moved: int, cursors: object, drift: list[str]) -> bool:
        advanced = False
        for scope, cursor in cursors.items() if isinstance(cursors, dict) else ():
            if isinstance(cursor, int) and not isinstance(cursor, bool) and cursor > self.high.get(scope, -1):
                self.high[scope] = cursor
                advanced = True
        self.work += moved
        if drift:
            self.stale = self.stale + 1 if self.work == 0 else 0
            self.work, self.idle = 0, 0
            self.high.clear()  # the re-pull climbs back from cursor 0
            return self.stale >= STALE_DRIFTS
        self.idle = 0 if moved or advanced else self.idle + 1
        return self.idle >= IDLE_ROUNDS


class NotEnrolled(Exception):
    """This profile has no server yet: run ``villagedesk enroll``."""


@dataclass
class SyncResult:
    ok: bool = False
    pushed: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    skew_ms: int = 0
    clock_warning: bool = False
    future_events: int = 0  # pulled events whose HLC was too far ahead to adopt
    quarantined: int = 0  # pulled events set aside (sync/quarantine.py): shown, never blocking
    restamped: int = 0  # waiting events given a stamp on the server's time (the PC clock was days fast)
    drift: list[str] = field(default_factory=list)  # partitions re-pulled after a count mismatch
    cancelled: bool = False
    upgrade: bool = False
    error: str | None = None  # the Chinese sentence (command line, logs of the town)
    error_code: str = ""  # the same as a code the GUI words in its language (ERROR_CODES)
    error_args: dict = field(default_factory=dict)  # the code's parameters: status, the server's message
    retryable: bool = True
    finished_at: str = ""
    seconds: float = 0.0
    attachments_up: int = 0
    trail_entries: int = 0  # audit entries the town took in this run's trail round (留痕上报)
    trail_bytes: int = 0  # that round's bytes up and down (apart from the events' bytes and requests)
    attachments_down: int = 0
    attachment_bytes: int = 0  # attachment bytes on the wire (also counted in bytes_sent/bytes_received)
    attachments_waiting: int = 0  # still to upload or download after this run
    attachment_resent: int = 0  # after a broken link: the rest of the chunk in flight (bounds what goes again)
    attachment_note: str = ""  # a cap reached, an attachment refused: the rest moves next time (Chinese)
    # the same notes as codes and parameters (sync/attachments.NOTE_TEXTS), for a window to word them
    attachment_notes: list[dict] = field(default_factory=list)
    retry_after: float = 0.0  # seconds the server asked this device to wait before pushing again (429)
    tampered: int = 0  # findings of this PC's own audit check (sent to the town): the agent is told too
    restored: int = 0  # cases whose refused steps no longer drive them: they stand where the server has them

    def add_attachment_notes(self, notes: list[dict]) -> None:
        """Keep the attachment phase's notes (``{"code", "args"}``), each once, and their Chinese line."""
        for note in notes:
            if note not in self.attachment_notes:
                self.attachment_notes.append(note)
        self.attachment_note = "; ".join(dict.fromkeys(note_text(n["code"], n["args"]) for n in self.attachment_notes))

    def summary(self) -> str:
        """One Chinese line a person can read (the command line's; a window words the codes itself)."""
        if self.error:
            head = f"同步未完成: {self.error}"
        elif self.cancelled:
            head = "同步已取消(已完成的部分已保存)"
        else:
            head = "同步完成"
        parts = [
            f"上传 {self.pushed} 条",
            f"下载 {self.pulled} 条",
            f"被拒 {self.rejected} 条",
            f"请求 {self.requests} 次",
            f"流量 {(self.bytes_sent + self.bytes_received) / 1024:.1f} KB",
        ]
        text = f"{head}: " + ", ".join(parts)
        if self.restored:
            text += f"。{self.restored} 件办件的被拒步骤不再计入, 已恢复为服务器上的状态(被拒步骤及原因见办件记录)"
        if self.quarantined:
            text += f"。{self.quarantined} 条下载的事件无法应用, 已隔离(见「同步」页)"
        if self.restamped:
            text += f"。{self.restamped} 条记录因本机时钟曾偏快, 已按镇中心时间重新标记并上传"
        if self.clock_warning:
            text += f"。{clock_text(self.skew_ms)}"
        if self.attachments_up or self.attachments_down:
            text += f"。附件上传 {self.attachments_up} 个, 下载 {self.attachments_down} 个"
        if self.attachment_note:
            text += f"。{self.attachment_note}"
        if self.upgrade:
            text += "。服务器已有新版协议, 请升级本程序"
        if self.tampered:
            text += f"。本机自检发现 {self.tampered} 处记录被绕过程序改动(已报告镇中心), "
            text += "请运行 villagedesk check 查看处理办法"
        return text


def skew_amount(skew_ms: int) -> tuple[int, str]:
    """How far this PC's clock is off, as a person says it: (number, "minutes" | "hours" | "days")."""
    minutes = round(abs(skew_ms) / 60_000)
    if minutes < 120:
        return minutes, "minutes"
    if minutes < 48 * 60:
        return round(minutes / 60), "hours"
    return round(minutes / 1440), "days"


_UNITS = {"minutes": "分钟", "hours": "小时", "days": "天"}


def clock_text(skew_ms: int) -> str:
    """The note of a run that found this PC's clock off the town server's by more than the tolerance
    (``SKEW_WARN_MS``, the ``CLOCK_TRUST_MS`` the desk's stamps follow the server beyond): what is wrong
    and what to do, in Chinese (the command line; a window words it in its language, ui/advice)."""
    number, unit = skew_amount(skew_ms)
    way = "快" if skew_ms > 0 else "慢"
    return (
        f"本机时钟比镇中心服务器{way} {number} {_UNITS[unit]}: 请校准电脑时间(设为自动与网络时间同步), "
        "否则登记日期和办理期限会按本机错误的日期计算"
    )


@dataclass(frozen=True)
class ServerConfig:
    url: str
    token: str
    fingerprint: str | None
    scopes: list[str]


def server_config(desk: Desk) -> ServerConfig:
    with desk.store.read() as s:
        url, token = st.get_setting(s, K_SERVER), st.get_setting(s, K_TOKEN)
        pin = st.get_setting(s, K_PIN) or None
        scopes = json.loads(st.get_setting(s, K_SCOPES, "[]") or "[]")
    if not url or not token:
        raise NotEnrolled("本机尚未注册到镇中心服务器, 请先运行 villagedesk enroll --server 地址 --code 注册码")
    return ServerConfig(url, token, pin, scopes)


def _carries_entries(body: dict) -> bool:
    """Whether a request carried audit entries: they take the batch's budget, and shrink with it."""
    aud = body.get("aud")
    entries = aud.get("e") if isinstance(aud, dict) else None
    return isinstance(entries, dict) and bool(entries.get("r"))


def _roster(s: Session) -> list[list]:
    """``aud.n``: this PC's accounts as ``[id, display name, active]``, the newest ``MAX_ACCOUNTS``
    (账号名单, docs/audit.md): the town shows "王芳 (代办员)" for the account id an event names. A
    cadre's name only, nothing else; a name the town would refuse (made before names were checked)
    stays off the list rather than cost the others theirs."""
    rows = s.execute(
        select(m.Account.id, m.Account.display_name, m.Account.active)
        .order_by(m.Account.created_at.desc())
        .limit(ar.MAX_ACCOUNTS)
    )
    return [[i, name, bool(active)] for i, name, active in rows if ar.plain(i, name)]


def _logins(s: Session, roster: list[list]) -> list[list]:
    """``aud.u``: ``[id, login]`` of the accounts ``aud.n`` names. The town matches a handover's people
    by login (two accounts may share a display name), and reads an older handover that names only
    logins; an older server ignores the field."""
    ids = {r[0] for r in roster}
    rows = s.execute(select(m.Account.id, m.Account.username))
    return [[i, login] for i, login in rows if i in ids and ar.plain_login(login)]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


# --- enrollment -----------------------------------------------------------------------------------


class BadCode(ValueError):
    """An enrollment code that cannot be one the server issued (``protocol.well_formed_code``)."""


def enroll(desk: Desk, server_url: str, code: str, fingerprint: str | None = None) -> dict:
    """Spend a one-time code: store the server, token and pinned certificate; set role/region from it."""
    from villagedesk.sync.transport import check_url, fetch_fingerprint

    url = check_url(server_url)
    if not proto.well_formed_code(code):  # before connecting: a typo is said as one, not as a network error
        raise BadCode(
            "注册码格式不对: 应为 12 位字母和数字(如 7H8C-WV57-H3ES, 没有 0、O、1、I、L), 请核对管理员给的注册码"
        )
    pin = None
    if url.startswith("https://"):
        seen = fetch_fingerprint(url)
        if fingerprint and fingerprint.replace(":", "").lower() != seen:
            raise PinMismatch("服务器证书指纹与管理员提供的不一致, 已拒绝注册")
        pin = seen
    with desk.store.read() as s:
        device = st.get_setting(s, "device_id")
    transport = Transport(url, fingerprint=pin)
    try:
        body: dict = {"v": proto.PROTOCOL_VERSION, "code": code}
        if device:
            body["dev"] = device
        reply = transport.post("/api/v1/enroll", body).data
    finally:
        transport.close()
    if not isinstance(reply, dict) or not {"dev", "tok", "role", "region", "parts"} <= set(reply):
        raise TransportError("服务器回复格式错误")
    with desk.store.write() as s:
        st.set_setting(s, "device_id", reply["dev"])
        st.set_setting(s, K_SERVER, url)
        st.set_setting(s, K_TOKEN, reply["tok"])
        st.set_setting(s, K_PIN, pin or "")
        st.set_setting(s, K_SCOPES, json.dumps(reply["parts"]))
        st.set_setting(s, K_BUNDLE_KEY, str(reply.get("bk") or ""))  # USB bundles (sync/offline.py)
        # A fresh tag for the case numbers from here on: a profile copied or restored onto this PC must not
        # number cases like the PC it came from. The server's (free in the village, held for this device)
        # when it gives one; an older server's reply has none and a tag drawn here may collide.
        from villagedesk.domain.case_numbers import is_device_tag, new_device_tag

        tag = reply.get("tag")
        st.set_setting(s, "device_tag", tag if is_device_tag(tag) else new_device_tag())
        # The server's --name names the device (its row in `devices`), not the person at the desk: the
        # person and their account id stay, or every action after enrollment had an unknown author.
        # The server's name is judged by the same rule the server's enroll applies (validators.device_name):
        # a name an older server took (one character, an invisible one) is not kept as this PC's name.
        device_name = _device_name(reply.get("name"))
        st.set_setting(s, "device_name", device_name)
        person, person_id = st.get_setting(s, "user"), st.get_setting(s, "user_id")
    if person_id:
        desk.setup(Role(reply["role"]), reply["region"], person or "代办员", user_id=person_id)
    else:  # a profile nobody has set up yet: a placeholder until the first login names the person
        desk.setup(Role(reply["role"]), reply["region"], _placeholder(device_name))
    return reply


def _device_name(value: object) -> str:
    from villagedesk.domain.errors import ValidationError
    from villagedesk.domain.validators import device_name

    try:
        return device_name(value)
    except ValidationError:
        return ""


def _placeholder(name: str) -> str:
    """The person a fresh profile acts as until the first login: the device's name when it is a person's
    name the town would take in the account roster (validators.person_name, as ``villagedesk setup``
    checks), else 代办员."""
    from villagedesk.domain.errors import ValidationError
    from villagedesk.domain.validators import person_name

    try:
        return person_name(name) if name else "代办员"
    except ValidationError:
        return "代办员"


# --- what the GUI shows ---------------------------------------------------------------------------


def last_result(desk: Desk) -> SyncResult | None:
    with desk.store.read() as s:
        raw = st.get_setting(s, K_LAST)
    if not raw:
        return None
    data = json.loads(raw)
    return SyncResult(**{k: v for k, v in data.items() if k in SyncResult.__dataclass_fields__})


def event_status(desk: Desk, case_id: str) -> dict[str, tuple[str, str]]:
    """Per event of a case: ("waiting" | "synced" | "rejected", reason)."""
    with desk.store.read() as s:
        rows = s.execute(
            select(m.EventRow.id, m.OutboxEntry.status, m.OutboxEntry.reason)
            .outerjoin(m.OutboxEntry, m.OutboxEntry.event_id == m.EventRow.id)
            .where(m.EventRow.case_id == case_id)
        ).all()
    out = {}
    for eid, status, reason in rows:
        if status is None:
            out[eid] = ("synced", "")
        elif status == "rejected":
            out[eid] = ("rejected", reason or "")
        else:
            out[eid] = ("waiting", "")
    return out


def pending_count(desk: Desk) -> int:
    with desk.store.read() as s:
        return s.scalar(select(func.count()).select_from(m.OutboxEntry).where(m.OutboxEntry.status == "pending")) or 0


def is_enrolled(desk: Desk) -> bool:
    try:
        server_config(desk)
    except NotEnrolled:
        return False
    return True


def server_reachable(desk: Desk) -> bool:
    """One health check against the enrolled server (False when not enrolled or unreachable)."""
    try:
        cfg = server_config(desk)
        transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    except (NotEnrolled, ValueError, TransportError):
        return False
    try:
        return transport.ping()
    finally:
        transport.close()


def run_once(
    desk: Desk,
    progress: Callable[[Progress], None] | None,
    cancel: threading.Event,
    batch_bytes: int | None = None,
) -> SyncResult:
    """One sync run for a background scheduler: never raises for a missing enrollment. The audit
    chain's full self-check runs at most every ``AUDIT_CHECK_EVERY_S`` here (it reads every event)."""
    try:
        eng = SyncEngine(
            desk, progress=progress, cancel=cancel, batch_bytes=batch_bytes, audit_every_s=AUDIT_CHECK_EVERY_S
        )
    except NotEnrolled as exc:
        return SyncResult(
            error=str(exc),
            error_code="not_enrolled",
            retryable=False,
            finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
    try:
        return eng.run()
    finally:
        eng.close()


class Ahead:
    """One sync request running in a worker thread (the transport is used by one thread at a time:
    the engine touches it again only after ``reply()`` or ``join()``)."""

    def __init__(self, transport: Transport, batch: list, rest: bool, body: dict, wall_ms: Callable[[], int]) -> None:
        self.batch, self.rest, self.body = batch, rest, body
        self.t0 = self.t1 = wall_ms()
        self._result: Reply | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._post, args=(transport, wall_ms), name="sync-ahead", daemon=True)
        self._thread.start()

    def _post(self, transport: Transport, wall_ms: Callable[[], int]) -> None:
        try:
            self._result = transport.post("/api/v1/sync", self.body)
        except BaseException as exc:  # handed to the engine's thread by reply()
            self._error = exc
        self.t1 = wall_ms()

    def join(self) -> None:
        self._thread.join()

    def reply(self) -> Reply:
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


# --- the engine -----------------------------------------------------------------------------------


def carried_claims(text: str) -> list[dict[str, str]]:
    """The restored backups' PCs this PC speaks for (``restore_counters.CARRIED``), as the wire's ``was``."""
    try:
        listed = json.loads(text or "[]")
    except ValueError:
        return []
    ok = [x for x in listed if isinstance(x, dict) and isinstance(x.get("d"), str) and isinstance(x.get("t"), str)]
    return [{"d": x["d"], "t": x["t"]} for x in ok][: proto.MAX_CARRIED]


class SyncEngine:
    """One sync run = rounds of (push batch + pull page) until nothing is left either way."""

    def __init__(
        self,
        desk: Desk,
        transport: Transport | None = None,
        batch_bytes: int | None = None,  # None: sized to the measured link (sync/sizing.py); else fixed
        page: int | None = None,  # None: the server's default, smaller after a cut link (sync/sizing.py)
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        wall_ms: Callable[[], int] | None = None,
        attachments: bool = True,
        audit_every_s: float = 0.0,  # 0: verify the audit chain at every run; else at most this often
    ) -> None:
        self.desk = desk
        self.audit_every_s = audit_every_s
        self.audit_entries_limit = ae.MAX_ENTRIES
        self.wall_ms = wall_ms or now_ms  # this PC's clock (injectable: a village PC's may be a year off)
        self._own_transport = transport is None
        if transport is None:
            cfg = server_config(desk)
            transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
            with desk.store.read() as s:
                known = st.get_setting(s, K_PROTOCOL)
            if known and known.isdigit() and 1 <= int(known) < transport.protocol:
                transport.protocol = int(known)  # a reply saying more moves it up again (transport.post)
        self.transport = transport
        self.sizer: BatchSizer | None = None
        self.pager: PageSizer | None = None
        with desk.store.read() as s:
            if batch_bytes is None:
                self.sizer = BatchSizer.from_setting(st.get_setting(s, K_BATCH), DEFAULT_BATCH_BYTES)
            if page is None:
                top = proto.DEFAULT_PAGE_EVENTS
                self.pager = PageSizer.from_setting(st.get_setting(s, K_PAGE), top, top)
        self.batch_bytes = batch_bytes if self.sizer is None else self.sizer.size
        self._batch_cost = 0  # raw JSON budget the last batch used
        self._outbox_rest = False  # more outbox events wait behind the last batch read
        self._trail = False  # building the trail round's body (or a bundle's): entries may go
        self.page = page if self.pager is None else self.pager.size
        self.progress = progress
        self.cancel = cancel or threading.Event()
        self.attachments = attachments  # the attachment phase after the events (sync/attachments.py)
        # the outbox is read in local_seq order from just past the last batch sent in this run: read
        # from the start each time, every round re-read (payloads and all) the events already pushed
        self._after = 0
        self._batch_last = 0
        self._ahead: Ahead | None = None  # the next round, sent while this one's reply is applied
        self._prebuilt: tuple[PushBatch, bool, int] | None = None  # (batch, rest, budget) read ahead
        self._audit_found: list[str] = []  # what this run's self-check of the audit chain found
        self._push_held = False  # the server's push quota is spent: this run only pulls
        # the server's counts last checked without drift, while no event has been stored since: a trail
        # round (audit entries only) that brings the same counts and no event needs no second full count
        self._counted: dict | None = None

    def close(self) -> None:
        if self._own_transport:
            self.transport.close()

    def _tell(self, phase: str, r: SyncResult) -> None:
        if self.progress:
            self.progress(Progress(phase, r.pushed + r.duplicates + r.pulled, r.bytes_sent + r.bytes_received))

    def run(self) -> SyncResult:
        # One idle connection to the local file for the whole run: every store session opens and
        # closes its own (NullPool), and the close of the last one checkpoints the WAL into the main
        # file with an fsync, ~10 ms each, several times per round. With this one open the WAL is
        # checkpointed as it fills and once when the run ends.
        self._after = self._batch_last = 0
        self._audit_found = self._audit_self_check()
        restored = self._restore_refused()
        with self.desk.store.engine.connect():
            try:
                first = self._run()
                first.restored += restored
                if not (first.ok and first.restamped):
                    return first
                self._after = self._batch_last = 0  # the events stamped again wait behind the outbox cursor
                again = self._run()
                again.restamped += first.restamped  # (its refusals for the clock were taken back)
                again.restored += first.restored
                for name in ("pushed", "duplicates", "pulled", "requests", "bytes_sent", "bytes_received"):
                    setattr(again, name, getattr(again, name) + getattr(first, name))
                return again
            finally:
                self._drop_ahead()  # never leave a request running behind a finished run

    def _restore_refused(self) -> int:
        """A PC that kept refused steps in its projections (before they stopped counting) is put back
        where the server has its cases; a no-op read when nothing here was refused."""
        with self.desk.store.read() as s:
            if not st.refused_ids(s):
                return 0
        with self.desk.store.write() as s:
            return st.restore_refused(s, self.desk.calendar, self.desk.today())

    def _run(self) -> SyncResult:
        r = SyncResult(tampered=len(self._audit_found))
        start = time.perf_counter()
        hold = self._hold()
        self._push_held = hold is not None
        own = False
        tried: set[str] = set()  # events pushed this run that came back neither acked nor rejected
        carried, busy = 0, 0.0  # wire bytes and seconds of this run's completed round trips
        stall = _Stall()
        try:
            for _ in range(MAX_ROUNDS):
                if self.cancel.is_set():
                    r.cancelled = True
                    self._settle(r, tried)  # a round sent ahead: keep its acks, drop its page
                    break
                current, self._ahead = self._ahead, None
                if current is None:
                    batch, rest = self._next_batch(tried)
                    body = self._body(batch, own)
                else:  # sent while the last reply was applied
                    batch, rest, body = current.batch, current.rest, current.body
                self._tell("push" if batch else "pull", r)
                t0 = self.wall_ms() if current is None else current.t0
                try:
                    reply = self.transport.post("/api/v1/sync", body) if current is None else current.reply()
                except TransportError as exc:
                    self._cut(bool(batch) or _carries_entries(body), exc, carried, busy)
                    raise
                except ServerRefused as exc:
                    if exc.status == 429 and batch and exc.code != "busy":  # push quota: pull only, push later
                        hold = self._hold_for(exc)
                        self._push_held = True
                        continue
                    if exc.status == 413 and len(batch) > 1:
                        self.batch_bytes = max(MIN_BATCH_BYTES, min(self.batch_bytes, 160 * len(batch)) // 2)
                        if self.sizer:
                            self.sizer.size = self.batch_bytes
                        continue
                    if exc.status == 413 and len(batch) == 1:
                        self._refuse_locally(batch[0], "事件过大, 服务器无法接收 [too_large]")
                        r.rejected += 1
                        continue
                    raise
                t1 = self.wall_ms() if current is None else current.t1
                r.requests += 1
                r.bytes_sent += reply.sent
                r.bytes_received += reply.received
                data = reply.data
                if not isinstance(data, dict):
                    raise TransportError("服务器回复格式错误")
                server_now = data.get("now")
                if isinstance(server_now, int):
                    r.skew_ms = (t0 + t1) // 2 - server_now
                    r.clock_warning = abs(r.skew_ms) > SKEW_WARN_MS
                r.upgrade = r.upgrade or bool(data.get("upg"))
                self._after = max(self._after, self._batch_last)
                carried += reply.sent + reply.received + HEADER_BYTES
                busy += reply.seconds
                if batch and self.sizer and not _carries_entries(body):  # the link measured by events alone
                    self.sizer.observe(self._batch_cost, reply.sent, reply.received, reply.seconds)
                    self.batch_bytes = self.sizer.size
                if self.pager and not batch:
                    self.pager.measured(_page_events(data), reply.received)
                if data.get("more") and self.pager:  # a full page arrived whole: try a bigger one
                    self.pager.full_page()
                    self.page = self.pager.size
                self._ahead = self._send_ahead(rest, data, reply.seconds, tried)
                before = r.pushed + r.duplicates + r.rejected + r.pulled + r.quarantined
                drift = self._apply(batch, data, r, tried, counts=not rest)
                self._tell("pull", r)
                moved = r.pushed + r.duplicates + r.rejected + r.pulled + r.quarantined - before
                if stall.stuck(moved, data.get("cur"), drift):
                    self._settle(r, tried)  # a round sent ahead: keep its acks
                    raise Stalled
                own = bool(drift)
                if drift:
                    r.drift += drift
                    self._settle(r, tried)  # (never sent ahead of a count check; kept safe anyway)
                if not (data.get("more") or rest or drift):
                    break
                self._read_ahead()
            self._settle(r, tried)  # only after MAX_ROUNDS
            r.ok = not r.cancelled
            if r.ok:
                self._trail_phase(r, tried)
            if r.ok and self.attachments:
                attachment_phase(self, r)
            if hold is not None and r.ok:  # what was due to be pulled was; the outbox waits for the server
                r.ok = False
                r.error = hold[1]
                # a hold is only ever a 429 to a push (the server's quota), whose sentence the GUI words itself
                r.error_code = "upload_paused"
                r.error_args = {"message": _server_words(hold[1]), "server_code": "quota"}
                r.retry_after = max(1.0, (hold[0] - self.wall_ms()) / 1000)
        except Stalled:
            log.warning("sync stopped: %d rounds without progress", r.requests)
            r.ok, r.error, r.retryable = False, NO_PROGRESS, False
        except (TransportError, ServerRefused, NotEnrolled) as exc:
            r.error = _reason(exc)
            r.error_code, r.error_args = error_reason(exc)
            r.retryable = isinstance(exc, TransportError) and not isinstance(exc, PinMismatch)
            if isinstance(exc, ServerRefused) and exc.status in (429, 500, 502, 503, 504):
                r.retryable = True
                r.retry_after = max(r.retry_after, exc.retry_after)
        r.seconds = time.perf_counter() - start
        r.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        self._save(r)
        self._tell("done", r)
        return r

    def _cut(self, pushing: bool, exc: TransportError, carried: int, busy: float) -> None:
        """The link broke mid-round: size the next batch and page to what it carried before breaking.

        Known: this run's completed rounds and the part of the reply that arrived (then the request went
        up whole). Not known: how much of an upload got through before the break; it is estimated from
        the time it ran at the rate of the completed rounds (their round trips included: it errs small).
        Nothing completed and nothing received: None, and the sizers fall back to quartering. No
        connection at all (a village without a link for weeks, retrying): the sizes stay as they are.
        """
        if not exc.connected:
            return
        if exc.received:
            partial = exc.sent + exc.received + HEADER_BYTES
        elif carried and busy > 0:
            partial = min(exc.sent, int(exc.seconds * carried / busy))
        else:
            partial = 0
        estimate = carried + partial or None
        if pushing and self.sizer:  # the link broke with this batch in flight: smaller next time
            self.sizer.fit(estimate, progressed=carried > 0)
            self.batch_bytes = self.sizer.size
        if self.pager and (exc.received or not pushing):  # ... or while the page came down
            self.pager.fit(estimate, progressed=carried > 0)
            self.page = self.pager.size

    # --- one round ------------------------------------------------------------------------------

    def _next_batch(self, tried: set[str]) -> tuple[list, bool]:
        """Pending outbox events, oldest first, up to ``batch_bytes`` of JSON (at least one), as a
        ``PushBatch`` in wire order (see ``read_push_batch``)."""
        pre, self._prebuilt = self._prebuilt, None
        if self._push_held:
            self._batch_cost = 0
            return PushBatch(self._after), False
        if (
            pre
            and pre[0].after == self._after
            and pre[2] == self.batch_bytes
            and not any(e.id in tried for e in pre[0])
        ):
            batch, rest = pre[0], pre[1]
        else:
            with self.desk.store.read() as s:
                batch, rest = read_push_batch(s, self._after, self.batch_bytes, tried)
        if batch:
            self._batch_last = batch.last
        self._batch_cost = batch.cost
        self._outbox_rest = rest
        return batch, rest

    def _hold(self) -> tuple[int, str] | None:
        """(until wall ms, the server's message) while the server's push quota holds this device back."""
        with self.desk.store.read() as s:
            text = st.get_setting(s, K_HOLD, "") or ""
        try:
            hold = json.loads(text) if text else None
            until, message = int(hold["until"]), str(hold["message"])
        except (ValueError, TypeError, KeyError):
            return None
        left = until - self.wall_ms()
        # a PC clock set back since cannot stretch the wait past what any server may ask for
        return (until, message) if 0 < left <= 1000 * MAX_RETRY_AFTER_S else None

    def _hold_for(self, exc: ServerRefused) -> tuple[int, str]:
        """Remember a 429 to a push: no batch goes up again before the time the server named (at least a
        minute: a server that names none is not asked again at once), so a slow link carries no refused
        uploads; pulling goes on meanwhile."""
        until = self.wall_ms() + int(1000 * max(60.0, exc.retry_after))
        message = f"上传暂停: {exc.message}" if exc.message else "上传暂停: 服务器暂不接收本设备的上传, 请稍后再同步"
        with self.desk.store.write() as s:
            st.set_setting(s, K_HOLD, json.dumps({"until": until, "message": message}, ensure_ascii=False))
        return until, message

    def _body(self, batch: list, own: bool, unapplied: dict | None = None) -> dict:
        """The request; ``unapplied``: a reply not applied yet, whose cursors and reference version
        this request starts from (exactly what applying it will store; see ``_send_ahead``)."""
        with self.desk.store.read() as s:
            cursors = {c.partition: c.cursor for c in s.scalars(select(m.SyncCursor))}
            scopes = json.loads(st.get_setting(s, K_SCOPES, "[]") or "[]")
            ref = int(st.get_setting(s, K_REF, "0") or 0)
            carried = carried_claims(st.get_setting(s, restore_counters.CARRIED, "") or "")
            aud = self._audit_head(s, self._entry_budget(batch))  # the same read: one connection a round
        if unapplied is not None:
            for scope, cursor in (unapplied.get("cur") or {}).items():
                if isinstance(cursor, int) and proto.is_region_code(scope):
                    cursors[scope] = cursor
            got = unapplied.get("ref")
            version = got.get("v") if isinstance(got, dict) else None
            if isinstance(version, int) and version > ref:
                ref = version
        body: dict = {"v": proto.PROTOCOL_VERSION, "cur": {sc: cursors.get(sc, 0) for sc in scopes}, "ref": ref}
        if self.page != proto.DEFAULT_PAGE_EVENTS:
            body["lim"] = self.page
        if batch:
            body["push"] = batch.groups if isinstance(batch, PushBatch) else proto.group_events(batch)
        if own:
            body["own"] = True
        if batch and carried:
            body["was"] = carried
        if aud is not None:
            body["aud"] = aud
        body["t"] = self.wall_ms()
        return body

    # --- the audit chain's head (docs/audit.md): the server checks that it only ever grows

    def _audit_self_check(self) -> list[str]:
        """The whole chain and the rows it covers, what is wrong reported to the town; in the background
        scheduler at most every ``audit_every_s`` (the findings of the last check are sent meanwhile)."""
        now = time.time()
        with self.desk.store.read() as s:
            last = float(st.get_setting(s, K_AUDIT_CHECKED, "0") or 0)
            kept = json.loads(st.get_setting(s, K_AUDIT_FOUND, "[]") or "[]")
        if self.audit_every_s and 0 <= now - last < self.audit_every_s and isinstance(kept, list):
            return [str(f)[: proto.AUDIT_FINDING_CHARS] for f in kept[: audit.REPORTED_FINDINGS]]
        try:
            found = [f.message for f in audit.verify(self.desk).findings[: audit.REPORTED_FINDINGS]]
        except SQLAlchemyError:
            log.warning("audit chain could not be read for the sync's self-check")
            found = ["本机留痕无法读取"]
        with self.desk.store.write() as s:
            st.set_setting(s, K_AUDIT_CHECKED, f"{now:.0f}")
            st.set_setting(s, K_AUDIT_FOUND, json.dumps(found, ensure_ascii=False))
        return found

    def _audit_head(self, s: Session, entry_bytes: int) -> dict | None:
        """``aud``: the chain's head, the hash at the head the town confirmed, and up to ``entry_bytes``
        of entries after those the town holds (what the batch left of the link's budget); read in the
        request's own read transaction ``s``."""
        seq, head = audit_chain.last_entry(s)
        known = audit_chain.server_head(s)
        if seq == 0 and known is None:
            return None
        aud: dict = {"s": seq, "h": head}
        if known is not None:
            aud["ks"] = known[0]
            aud["kh"] = audit_chain.hash_at(s, known[0])
        aud["e"] = self._audit_entries(s, seq, entry_bytes)
        if entry_bytes > 0:  # the trail round (and a bundle): the names its entries' ids stand for
            aud["n"] = _roster(s)
            aud["u"] = _logins(s, aud["n"])
        if self._audit_found:
            aud["bad"] = self._audit_found
        return aud

    def _entry_budget(self, batch: list) -> int:
        """JSON bytes of audit entries this request may carry: none in the rounds of events (events
        first: the trail never makes their rounds bigger than the link was sized for); in the trail
        round (and a bundle) a quarter of the batch budget: entries are hex digests, which compress
        about three times less than events, whose bytes the batch size was learned from."""
        if batch or not self._trail:
            return 0
        return max(0, self.batch_bytes) // ENTRY_BUDGET_SHARE

    def _trail_phase(self, r: SyncResult, tried: set[str]) -> None:
        """After the events, rounds with the audit entries the town does not hold yet, until it holds
        them all (a PC back after weeks offline sends its whole backlog in one run, each round within
        the server's 200 entries and the link's budget). The town's ``es`` after each round is kept, so
        a broken link or a cancel costs nothing of the run: the next run goes on from there."""
        reset = False  # the town asked once in this run to send from the start (its trail departs)
        while not self.cancel.is_set():
            with self.desk.store.read() as s:  # one read a round (each opens a connection: it added up)
                before = audit_chain.sent_seq(s)
                if audit_chain.last_entry(s)[0] <= before:
                    return
            after = self._trail_round(r, tried, before)
            if after is None:
                return
            if after > before:
                continue
            if after == 0 and before > 0 and not reset:  # hashes differ at es: once more, from entry 1
                reset = True
                continue
            return  # the town took nothing (a malformed claim, no budget): no round without progress

    def _trail_round(self, r: SyncResult, tried: set[str], before: int) -> int | None:
        """One request of the trail after ``before`` (the entry the town holds, as last saved); the
        entry it holds afterwards, or None when the link broke or the server refused (entries wait)."""
        self._trail = True
        try:
            body = self._body([], False)
        finally:
            self._trail = False
        try:
            reply = self.transport.post("/api/v1/sync", body)
        except (TransportError, ServerRefused) as exc:
            log.info("audit entries wait for the next sync: %s", type(exc).__name__)
            return None
        r.trail_bytes += reply.sent + reply.received
        if not isinstance(reply.data, dict):
            return None
        self._apply([], reply.data, r, tried)
        after = self._sent_seq()
        r.trail_entries += max(0, after - before)
        return after

    def _sent_seq(self) -> int:
        with self.desk.store.read() as s:
            return audit_chain.sent_seq(s)

    def _audit_entries(self, s: Session, head_seq: int, budget: int) -> dict:
        """``aud.e``: the entries after the last one the town holds (docs/audit.md, 留痕上报), as many
        as fit ``budget`` bytes of JSON: the trail never makes a request too big for the link (the
        events go first; a full batch leaves the entries for the next request)."""
        sent = audit_chain.sent_seq(s)
        if sent > head_seq:  # the chain is shorter than what the town holds: say so from the start
            sent = 0
        return self._entries_after(s, sent, budget)

    def _entries_after(self, s: Session, sent: int, budget: int) -> dict:
        """A batch (``{"f", "p", "r"}``) of at most ``audit_entries_limit`` entries after ``sent``
        that fits ``budget`` bytes of JSON (a negative budget: the count alone bounds it)."""
        rows = audit_chain.entries_after(s, sent, self.audit_entries_limit) if budget != 0 else []
        ids = [e.ref for e in rows if e.kind == ac.KIND_AUDIT]
        wire: list[list] = []
        for item in ae.wire_rows(rows, audit_chain.audit_rows(s, ids)):
            if budget > 0:
                budget -= len(json.dumps(item, ensure_ascii=False).encode()) + 1
                if budget < 0:
                    break
            wire.append(item)
        prev = rows[0].prev if rows else (audit_chain.hash_at(s, sent) if sent else ac.GENESIS)
        return {"f": sent + 1, "p": prev, "r": wire}

    def more_entries(self, first: dict, batches: int) -> list[dict]:
        """The batches that follow ``first`` (a bundle's ``aud.e``) up to the chain's end, at most
        ``batches`` of them: a USB bundle carries a whole backlog (each batch within the server's 200
        entries; the file, not a link, carries them, so only the count bounds a batch)."""
        out: list[dict] = []
        e = first
        with self.desk.store.read() as s:
            while len(out) < batches and e.get("r"):
                e = self._entries_after(s, e["f"] - 1 + len(e["r"]), -1)
                if not e["r"]:
                    break
                out.append(e)
        return out

    # --- pipelining: the next round travels while this one is applied (two cores: client || server)

    def _send_ahead(self, rest: bool, data: dict, seconds: float, tried: set[str]) -> Ahead | None:
        """Send the next round now, before this reply is applied, when one is due (more to push or
        to pull) and the link is quick. Its cursors are the ones this reply brings (guarantee 4 holds:
        its page is applied after this one, each with its own cursor in one transaction). On a slow
        link the CPU hides behind the transfer anyway, and a round in flight would delay a cancel."""
        if not (rest or data.get("more")) or seconds > AHEAD_MAX_S or self.cancel.is_set():
            return None
        batch, more = self._next_batch(tried)
        return Ahead(self.transport, batch, more, self._body(batch, False, data), self.wall_ms)

    def _read_ahead(self) -> None:
        """While a round is in flight, read the batch after it (used if nothing changed meanwhile)."""
        ahead = self._ahead
        if ahead is None or not ahead.rest or not isinstance(ahead.batch, PushBatch) or not ahead.batch:
            return
        budget = self.batch_bytes
        with self.desk.store.read() as s:
            batch, rest = read_push_batch(s, ahead.batch.last, budget, set())
        self._prebuilt = (batch, rest, budget)

    def _settle(self, r: SyncResult, tried: set[str]) -> None:
        """Wait for a round sent ahead and keep only its acks: its page and cursors are dropped, and
        pulled again next time. A failed round changes nothing (its events stay in the outbox)."""
        ahead, self._ahead = self._ahead, None
        self._prebuilt = None
        if ahead is None:
            return
        try:
            reply = ahead.reply()
        except (TransportError, ServerRefused):
            return
        r.requests += 1
        r.bytes_sent += reply.sent
        r.bytes_received += reply.received
        data = reply.data
        if ahead.batch and isinstance(data, dict):
            acks = {k: data.get(k) for k in ("ack", "dup", "rej")}
            self._apply(ahead.batch, acks, r, tried, counts=False)

    def _drop_ahead(self) -> None:
        ahead, self._ahead = self._ahead, None
        self._prebuilt = None
        if ahead is not None:
            ahead.join()

    def _apply(self, batch: list, data: dict, r: SyncResult, tried: set[str], counts: bool = True) -> list[str]:
        """Apply one reply in one transaction; returns partitions whose counts drifted. ``counts``
        False: more batches follow in this run, so the (full-table) count check waits for the last."""
        with gc_paused():  # a page's short-lived objects: no full collections while it applies
            return self._apply_reply(batch, data, r, tried, counts)

    def _apply_reply(self, batch: list, data: dict, r: SyncResult, tried: set[str], counts: bool) -> list[str]:
        self._future = 0
        acks = data.get("ack") or []
        rejected = {int(x[0]): (str(x[1]), str(x[2])) for x in data.get("rej") or [] if isinstance(x, list)}
        dups = set(data.get("dup") or [])
        pulled = self._parse_pull(data.get("pull"))
        drift: list[str] = []
        acked: list[tuple[int, str]] = []
        refused: list[tuple[str, str]] = []
        for idx, event in enumerate(batch):  # wire order: the server numbers acks in it
            seq = acks[idx] if idx < len(acks) and isinstance(acks[idx], int) else 0
            if seq > 0:
                acked.append((seq, event.id))
                if idx in dups:
                    r.duplicates += 1
                else:
                    r.pushed += 1
            elif idx in rejected:
                code, message = rejected[idx]
                refused.append((f"{message} [{code}]", event.id))
                r.rejected += 1
            else:
                tried.add(event.id)  # not judged (short reply): try again next run, never loop on it now
        with self.desk.store.write() as s:
            write_acks(s, acked, refused)
            if refused:  # the server will never hold them: the cases stand where it has them
                r.restored += st.restore_refused(s, self.desk.calendar, self.desk.today(), [i for _, i in refused])
            if isinstance(data.get("now"), int):
                r.restamped += self._mind_clock(s, data["now"], -r.skew_ms)
            if pulled:
                r.pulled += self._store_pulled(s, pulled, r)
                r.future_events += self._future
            for scope, cursor in (data.get("cur") or {}).items():
                if isinstance(cursor, int) and proto.is_region_code(scope):
                    row = s.get(m.SyncCursor, scope)
                    if row is None:
                        s.add(m.SyncCursor(partition=scope, cursor=cursor))
                    else:
                        row.cursor = cursor
            ref = data.get("ref")
            if isinstance(ref, dict):
                self._apply_ref(s, ref)
            aud = data.get("aud")
            if isinstance(aud, dict) and isinstance(aud.get("s"), int) and isinstance(aud.get("h"), str):
                audit_chain.set_server_head(s, aud["s"], aud["h"][:64])  # what the town holds of our chain
                es, eh = aud.get("es"), aud.get("eh")
                if isinstance(es, int) and not isinstance(es, bool) and isinstance(eh, str):
                    # the town holds our entries up to es if its hash there is ours; else send from the start
                    same = es == 0 or (es > 0 and audit_chain.hash_at(s, es) == eh)
                    audit_chain.set_sent(s, es if same else 0)
            cnt = data.get("cnt")
            if acked or refused or pulled:
                self._counted = None  # the local counts may have moved
            if counts and isinstance(cnt, dict) and not data.get("more") and cnt != self._counted:
                drift = self._check_counts(s, cnt)
                self._counted = None if drift else cnt
        return drift

    def _mind_clock(self, s: Session, server_now: int, offset: int) -> int:
        """Keep this PC's stamps on the server's time: save the offset the round measured, and give events
        still waiting here that carry a stamp the server would refuse (a PC clock once days fast — the
        HLC never runs back by itself) a fresh stamp on the server's time. They never left this PC, so
        nobody else holds the old stamp. Returns how many were stamped again (they go up next run)."""
        st.set_setting(s, CLOCK_OFFSET, str(offset))
        limit = f"{server_now + FUTURE_STAMP_MS - 3_600_000:013d}"
        rows = s.execute(_AHEAD_OF_SERVER, {"lim": limit}).all()
        if not rows:
            return 0
        clock = self.desk.clock(s)  # on the offset just saved; drops a saved stamp far ahead of it
        events = m.EventRow.__table__
        ids = [eid for eid, _ in rows]
        floors: dict[str, str | None] = {}  # each case's latest stamp: a new stamp comes after it (hlc.after)
        for eid, case in rows:
            if case not in floors:
                floors[case] = st.case_last_hlc(s, case, ids)
            floors[case] = stamp = hlc_after(clock.now(), floors[case])
            s.execute(events.update().where(events.c.id == eid).values(hlc=stamp))
        outbox = m.OutboxEntry.__table__
        stamped = s.execute(select(events).where(events.c.id.in_(ids)).order_by(events.c.local_seq)).mappings().all()
        audit_chain.append_events(s, stamped, ac.KIND_RESTAMP)  # the new stamp is part of the event's content
        s.execute(outbox.update().where(outbox.c.event_id.in_(ids)).values(status="pending", reason=""))
        st.set_setting(s, "hlc", clock.last)
        for case_id in sorted({c for _, c in rows}):
            st.reproject(s, self.desk.calendar, case_id, self.desk.today())
        log.warning("stamped %d waiting event(s) again on the server's time (the PC clock was ahead)", len(rows))
        return len(rows)

    def _refuse_locally(self, event: Event, reason: str) -> None:
        """An event no server will ever take: marked rejected so it never blocks the outbox."""
        t = m.OutboxEntry.__table__
        with self.desk.store.write() as s:
            s.execute(t.update().where(t.c.event_id == event.id).values(status="rejected", reason=reason))
            st.restore_refused(s, self.desk.calendar, self.desk.today(), [event.id])

    def _parse_pull(self, groups: object) -> list[Event]:
        return proto.parse_events(groups, "pull")

    def _store_pulled(self, s: Session, events: list[Event], r: SyncResult) -> int:
        ids = [e.id for e in events]
        have: set[str] = set()
        for i in range(0, len(ids), 500):
            have.update(s.scalars(select(m.EventRow.id).where(m.EventRow.id.in_(ids[i : i + 500]))))
        fresh = [e for e in events if e.id not in have]
        known = [{"b_id": e.id, "b_seq": e.server_seq} for e in events if e.id in have and e.server_seq]
        if known:
            t = m.EventRow.__table__
            s.execute(t.update().where(t.c.id == bindparam("b_id")).values(server_seq=bindparam("b_seq")), known)
            r.duplicates += self._settle_refused(s, [k["b_id"] for k in known])
        if not fresh:
            return 0
        payloads: dict[str, str] = {}  # canonical texts the screen encoded: stored as they are
        fresh, held = quarantine.screen(s, fresh, payloads)
        r.quarantined += held
        if not fresh:
            return 0
        try:
            with s.begin_nested():
                self._insert_and_project(s, fresh, payloads)
            return len(fresh)
        except Exception:  # whatever the reason: the cases that can apply must still apply
            log.warning("a pulled page could not be applied whole; applying it case by case")
        self._future = 0
        stored = 0
        by_case: dict[str, list[Event]] = {}
        for e in fresh:
            by_case.setdefault(e.case_id, []).append(e)
        for case_events in by_case.values():
            try:
                with s.begin_nested():
                    self._insert_and_project(s, case_events, payloads)
                stored += len(case_events)
            except Exception as exc:  # e.g. a date out of range: it once stopped every sync of a town
                r.quarantined += quarantine.hold(s, case_events, quarantine.UNAPPLIABLE, _unappliable(exc))
        return stored

    def _settle_refused(self, s: Session, ids: list[str]) -> int:
        """Events this PC holds as refused that the server now serves (another PC delivered the same
        event, e.g. the old PC a restored backup came from): the town holds them, so they are delivered
        here too and their cases stand on them again. Left refused, they stopped counting here while the
        town counted them, and every later sync ended with 同步没有进展 (#18)."""
        o = m.OutboxEntry.__table__
        refused: list[str] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            refused += s.scalars(select(o.c.event_id).where(o.c.event_id.in_(chunk), o.c.status == "rejected"))
        if not refused:
            return 0
        e = m.EventRow.__table__
        cases: set[str] = set()
        for i in range(0, len(refused), 500):
            chunk = refused[i : i + 500]
            cases.update(s.scalars(select(e.c.case_id).where(e.c.id.in_(chunk))))
            s.execute(o.delete().where(o.c.event_id.in_(chunk)))
        for case_id in sorted(cases):
            st.reproject(s, self.desk.calendar, case_id, self.desk.today())
        log.info("%d refused event(s) are held by the town now: settled", len(refused))
        return len(refused)

    def _insert_and_project(self, s: Session, fresh: list[Event], payloads: dict[str, str] | None = None) -> None:
        touched = sorted({e.case_id for e in fresh})
        earlier: set[str] = set()  # cases that already had events here: their streams are re-read
        for i in range(0, len(touched), 500):
            earlier.update(s.scalars(select(m.EventRow.case_id).where(m.EventRow.case_id.in_(touched[i : i + 500]))))
        st.insert_events(s, fresh, payloads)
        ident = self.desk.identity
        clock = HybridClock(ident.device_id[:12], st.get_setting(s, "hlc"))
        self._future += clock.observe_many([e.hlc for e in fresh])
        st.set_setting(s, "hlc", clock.last)
        self._reproject(s, touched, earlier, fresh)

    def _reproject(self, s: Session, ids: list[str], earlier: set[str], fresh: list[Event]) -> None:
        """Project every touched case: new cases straight from the page, others from their whole stream."""
        events: dict[str, list[Event]] = {cid: [] for cid in ids}
        for e in fresh:
            if e.case_id not in earlier:
                events[e.case_id].append(e)
        reread = sorted(earlier)
        refused = st.refused_ids(s, reread)  # this PC's refused steps drive no case (projection.standing)
        existing: set[str] = set()
        for i in range(0, len(reread), 500):
            chunk = reread[i : i + 500]
            rows = s.scalars(select(m.EventRow).where(m.EventRow.case_id.in_(chunk)).order_by(m.EventRow.local_seq))
            for row in rows:
                events[row.case_id].append(st.row_to_event(row))
            existing.update(s.scalars(select(m.Case.id).where(m.Case.id.in_(chunk))))
        today = self.desk.today()
        new_views = []
        for cid in ids:
            view = project(cid, standing(events[cid], refused))
            if cid in existing:
                st.write_projection(s, self.desk.calendar, view, today)
            else:
                new_views.append(view)
        if new_views:
            st.insert_projections(s, self.desk.calendar, new_views, today)

    def _apply_ref(self, s: Session, ref: dict) -> None:
        from villagedesk.services.catalog import load_catalog, load_regions

        version = ref.get("v")
        rows = ref.get("rows") or []
        base = int(st.get_setting(s, K_REF, "0") or 0)
        for row in rows:
            if not isinstance(row, dict) or row.get("k") not in proto.REF_KINDS or not isinstance(row.get("n"), int):
                continue
            payload = row.get("d")
            s.merge(
                m.RefData(
                    rseq=row["n"],
                    kind=row["k"],
                    key=str(row.get("id", ""))[:64],
                    region=row.get("r"),
                    effective_from=row.get("f"),
                    data=canonical_json(payload),
                )
            )
            try:
                if row["k"] == "catalog" and isinstance(payload, dict):
                    load_catalog(s, payload, illustrative=bool(payload.get("illustrative", False)))
                elif row["k"] == "regions" and isinstance(payload, dict):
                    load_regions(s, payload.get("regions", []))
            except (KeyError, TypeError, ValueError):
                continue  # kept in ref_data; the catalog loader refused it
        if isinstance(version, int) and version > base:
            st.set_setting(s, K_REF, str(version))

    def _check_counts(self, s: Session, counts: dict) -> list[str]:
        """Partitions where the server holds more events than this device: re-pull them."""
        local = dict(
            s.execute(
                select(m.EventRow.partition, func.count())
                .outerjoin(m.OutboxEntry, m.OutboxEntry.event_id == m.EventRow.id)
                .where(m.OutboxEntry.event_id.is_(None))
                .group_by(m.EventRow.partition)
            ).all()
        )
        for part, held in quarantine.counts_by_partition(s).items():  # held aside, but here: no drift
            local[part] = local.get(part, 0) + held
        drift = []
        for part, count in counts.items():
            if isinstance(count, int) and local.get(part, 0) < count:
                drift.append(part)
        if drift:
            for c in s.scalars(select(m.SyncCursor)):
                if any(proto.in_scope(c.partition, p) for p in drift):
                    c.cursor = 0
        return drift

    def _save(self, r: SyncResult) -> None:
        with contextlib.suppress(SQLAlchemyError), self.desk.store.write() as s:
            st.set_setting(s, K_LAST, json.dumps(asdict(r), ensure_ascii=False))
            if self.sizer:
                st.set_setting(s, K_BATCH, self.sizer.setting())
            if self.pager:
                st.set_setting(s, K_PAGE, self.pager.setting())
            if self._own_transport:
                st.set_setting(s, K_PROTOCOL, str(self.transport.protocol))


def _page_events(data: dict) -> int:
    """How many events a reply's page holds (read before it is applied: a round may be sent ahead first)."""
    pull = data.get("pull")
    if not isinstance(pull, list):
        return 0
    return sum(len(g["e"]) for g in pull if isinstance(g, dict) and isinstance(g.get("e"), list))


def _unappliable(exc: Exception) -> str:
    """Why a case's pulled events could not be stored, without the SQL or its values (names, ID numbers)."""
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        text = str(orig or exc).split("\n")[0]
        if "UNIQUE" in text.upper():
            return "与本机已有的办件冲突(编号重复), 无法应用"
        return "本机数据库无法保存该办件的事件"
    return f"事件内容无法应用: {type(exc).__name__}"


# Why a run did not finish, as codes (SyncResult.error_code; the GUI words each one, ui/advice.py):
ERROR_CODES = (
    "not_enrolled",  # no server yet
    "revoked",  # 401: the device was revoked or its token is wrong
    "too_many",  # 429
    "not_a_server",  # a 404 or a reply that is not ours: another web server at that address {status}
    "server_trouble",  # 5xx {status}
    "refused",  # any other refusal {status, message, server_code}: the GUI words a code it knows
    "pin_mismatch",  # the certificate is not the one learned at enrollment
    "unreachable",  # no connection could be made
    "link_broken",  # the connection broke mid-run
    "upload_paused",  # the server's push quota holds uploads back for now {message}
    "other",  # {message}: anything else the transport said
)
_NOT_OURS = re.compile(r"\(HTTP (\d+)\)")
_NO_LINK = ("无法连接服务器", "ConnectionError", "ConnectTimeout", "NewConnectionError")


def _server_words(message: str) -> str:
    return message.split(": ", 1)[1] if message.startswith("上传暂停: ") else message


def error_reason(exc: Exception) -> tuple[str, dict]:
    """(code, parameters) for what ended a run: the GUI says it in its language, ``_reason`` in Chinese."""
    if isinstance(exc, NotEnrolled):
        return "not_enrolled", {}
    if isinstance(exc, ServerRefused):
        if exc.status == 401:
            return "revoked", {}
        if exc.status == 429:
            return "too_many", {}
        if exc.status == 404:
            return "not_a_server", {"status": 404}
        if exc.status >= 500:
            return "server_trouble", {"status": exc.status}
        return "refused", {"status": exc.status, "message": exc.message, "server_code": exc.code}
    if isinstance(exc, PinMismatch):
        return "pin_mismatch", {}
    text = str(exc)
    foreign = _NOT_OURS.search(text) if "无法解析" in text else None
    if foreign:
        status = int(foreign.group(1))
        return ("server_trouble" if status >= 500 else "not_a_server"), {"status": status}
    if isinstance(exc, TransportError):
        if not getattr(exc, "connected", True) or any(part in text for part in _NO_LINK):
            return "unreachable", {}
        if text.startswith(("网络连接失败", "TLS 连接失败")):
            return "link_broken", {}
    return "other", {"message": text}


def _reason(exc: Exception) -> str:
    if isinstance(exc, ServerRefused):
        if exc.status == 401:
            return "本设备已被吊销或令牌无效, 请联系镇中心管理员重新注册"
        if exc.status == 429:
            return "请求过于频繁, 请稍后再试"
        return f"服务器拒绝了请求(HTTP {exc.status}): {exc.message}"
    return str(exc)


# --- retry policy ---------------------------------------------------------------------------------


@dataclass
class RetryPolicy:
    """Exponential backoff with a cap and jitter for a background scheduler; resets on success.
    ``wake()`` (network back, new local write) makes the next attempt due at once."""

    base_s: float = 5.0
    factor: float = 2.0
    cap_s: float = 600.0
    jitter: float = 0.2
    failures: int = 0
    _due: float = 0.0

    def delay(self) -> float:
        if self.failures == 0:
            return 0.0
        raw = min(self.cap_s, self.base_s * self.factor ** (self.failures - 1))
        import random

        return raw * (1 - self.jitter + 2 * self.jitter * random.random())

    def record(self, result: SyncResult, now: float | None = None) -> float:
        """Update after a run; returns seconds until the next attempt (0 = keep going)."""
        now = time.monotonic() if now is None else now
        if result.ok or result.cancelled:
            self.failures = 0
        elif result.retryable:
            self.failures += 1
        else:
            self.failures = max(self.failures, 8)  # needs a person (revoked, pin mismatch): retry rarely
        wait = max(self.delay(), result.retry_after)  # never before the time the server asked for
        self._due = now + wait
        return wait

    def due(self, now: float | None = None) -> bool:
        return (time.monotonic() if now is None else now) >= self._due

    def wake(self) -> None:
        self._due = 0.0
