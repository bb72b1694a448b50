"""Per-device push quota: one device (a valid token) cannot flood the town's feed for everyone.

Every event a device pushes is pulled by the town's clerks and its village's PCs, so a device that pushes
without end makes every other sync of the town slow. Two token buckets per device, one in events and one
in bytes of stored payload JSON, are checked before anything is judged: a push is taken while the device
has tokens, and answered 429 with a Retry-After once they are spent. The buckets hold more than an honest
device ever sends at once (a year of a busy village's work, e.g. its first upload after setting up) and
refill at ten times the busiest real day (figures in docs/sync-protocol.md, "Push quota").

The buckets live in the server database (table ``push_buckets``, one row a device): a restart does not
refill them, and the workers of ``serve --workers N`` (or several servers on one database) spend the same
tokens. ``take`` reserves a push's events under the row's lock (PostgreSQL ``SELECT … FOR UPDATE``;
SQLite's ``BEGIN IMMEDIATE`` holds the one write lock) before anything is judged; the transaction that
stores the push gives back what a retried duplicate did not cost and takes its payload bytes (``settle``),
so the charge commits with the events or not at all. A USB bundle a clerk imports spends its village
device's quota the same way (bundles.py).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from villagedesk.server import models as sm
from villagedesk.server.db import Database

DAY_S = 24 * 3600.0
MAX_PUSH_EVENTS = 10_000  # events in one request; more is 413 and the client halves its batch
EVENTS_PER_DAY = 3_000  # ten times the busiest day of a busy village (272 events in the corpus)
BURST_DAYS = 5  # a full bucket: five days' refill, more than a year of that village's events (12,029)
BYTES_PER_EVENT = 700  # payload JSON allowed per event of the quota (the corpus averages 334 B)


@dataclass(frozen=True)
class QuotaConfig:
    """The limits; ``enabled`` False (benchmarks, load tests of the server itself) takes every push."""

    enabled: bool = True
    events_per_day: int = EVENTS_PER_DAY  # refill
    burst_events: int = BURST_DAYS * EVENTS_PER_DAY  # what a device may push at once with a full bucket
    bytes_per_day: int = BYTES_PER_EVENT * EVENTS_PER_DAY  # payload JSON (UTF-8) stored
    burst_bytes: int = BURST_DAYS * BYTES_PER_EVENT * EVENTS_PER_DAY

    @classmethod
    def per_day(cls, events: int) -> QuotaConfig:
        """``serve --push-quota N``: N events a day, the bytes and the bucket scaled alike; 0 is no quota."""
        if events <= 0:
            return cls(enabled=False)
        return cls(True, events, BURST_DAYS * events, BYTES_PER_EVENT * events, BURST_DAYS * BYTES_PER_EVENT * events)


class Refused(Exception):
    """A push over the device's quota: ``retry_after`` whole seconds until it would be taken."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


_B = sm.PushBucket.__table__
_SETTLE = (
    update(_B)
    .where(_B.c.device_id == bindparam("b_dev"))
    .values(events=_B.c.events + bindparam("b_back"), data=_B.c.data - bindparam("b_bytes"))
)


class PushQuota:
    """Every device's buckets, in the server database: ``take`` before judging, ``settle`` when storing.

    ``clock``: wall seconds (the stamp is kept in the database, so it must mean the same after a restart
    and in every process; a clock set back refills nothing, one set forward refills early)."""

    def __init__(self, db: Database, config: QuotaConfig | None = None, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.config = config or QuotaConfig()
        self._clock = clock
        self._insert = (postgresql.insert if db.dialect == "postgresql" else sqlite.insert)(_B)

    @property
    def enabled(self) -> bool:
        return self.config.enabled

    def take(self, device_id: str, events: int, bundle: bool = False) -> bool:
        """Reserve ``events`` events of the device's bucket (refilled to now) in one locked read-modify-write;
        raise Refused, taking nothing, when it holds fewer or the device's bytes are spent. True when
        something was reserved: the push must then be stored with ``charged`` (feed.store settles it).
        ``bundle``: a USB bundle is imported whole or not at all, so one larger than a full bucket needs a
        full bucket (and empties it) rather than never fitting."""
        cfg = self.config
        if not cfg.enabled or events <= 0:
            return False
        if bundle:
            events = min(events, cfg.burst_events)
        with self.db.write() as s:
            conn = s.connection()
            now = self._clock()
            row = self._locked(conn, device_id)
            if row is None:
                full = {"device_id": device_id, "events": cfg.burst_events, "data": cfg.burst_bytes, "at": now}
                conn.execute(self._insert.on_conflict_do_nothing(index_elements=["device_id"]), full)
                row = self._locked(conn, device_id)
                assert row is not None
            elapsed = max(0.0, now - row.at)
            have = min(cfg.burst_events, row.events + elapsed * cfg.events_per_day / DAY_S)
            data = min(cfg.burst_bytes, row.data + elapsed * cfg.bytes_per_day / DAY_S)
            waits = []
            if have < events:
                waits.append((events - have) / (cfg.events_per_day / DAY_S))
            if data <= 0:
                waits.append((1 - data) / (cfg.bytes_per_day / DAY_S))
            if not waits:
                have -= events
            values = {"events": have, "data": data, "at": max(now, row.at)}
            conn.execute(update(_B).where(_B.c.device_id == device_id).values(**values))
        if waits:
            wait = max(1, math.ceil(max(waits)))
            raise Refused(_message(wait, cfg, bundle), wait)
        return True

    def give_back(self, device_id: str, events: int) -> None:
        """Return a reservation nothing was stored for (a bundle refused after ``take``)."""
        if events > 0 and self.config.enabled:
            with self.db.write() as s:
                settle(s.connection(), [(device_id, events, 0)])

    @staticmethod
    def _locked(conn: Connection, device_id: str):
        return conn.execute(select(_B).where(_B.c.device_id == device_id).with_for_update()).first()


def settle(conn: Connection, charges: list[tuple[str, int, int]]) -> None:
    """In the transaction that stores pushes: per (device, events given back, payload bytes stored), the
    additive update (atomic on either database, whatever other workers do meanwhile). The byte bucket may
    go below zero: the device's next push then waits."""
    if charges:
        conn.execute(_SETTLE, [{"b_dev": d, "b_back": back, "b_bytes": data} for d, back, data in charges])


def size_words(n: int) -> str:
    """A byte count as the agent reads it: MB from 0.1 MB up, else KB, never "0.0 MB" (a quota of 50
    events a day is 35 KB)."""
    if n >= 100_000:
        return f"{n / 1e6:.1f} MB"
    if n >= 1000:
        return f"{n / 1000:.0f} KB"
    return "不足 1 KB"


def _message(wait: int, cfg: QuotaConfig, bundle: bool = False) -> str:
    """Chinese, for the agent (or the clerk importing a bundle): what happened, that nothing is lost,
    and when to try again."""
    if wait >= 3600:
        when = f"约 {math.ceil(wait / 3600)} 小时"
    elif wait >= 60:
        when = f"约 {math.ceil(wait / 60)} 分钟"
    else:
        when = f"{wait} 秒"
    limit = f"每天 {cfg.events_per_day} 条、{size_words(cfg.bytes_per_day)}"
    if bundle:
        return (
            f"此离线同步包所属设备上传的事件超过了限额({limit}), 本次导入未进行, 没有任何数据改变; "
            f"请{when}后再导入同一个同步包(无需村里重新导出)。如确有大量补录, 请联系镇中心管理员"
        )
    return (
        f"本设备上传的事件超过了限额({limit}), "
        f"服务器暂停接收本设备的上传; 未上传的事件仍保存在本机, 请{when}后再同步。"
        "如确有大量补录, 请联系镇中心管理员"
    )


SYNCS_AT_ONCE = 3  # a device's sync requests served at the same time (an honest PC sends one; a retry
# after a cut link may overlap the request the server is still finishing)


class InFlight:
    """How many sync requests of each device are being served now. One device opening many connections
    at once (each pulling megabytes) slowed every other device's sync to seconds; past ``limit`` a device
    is answered 429 ``busy`` at once, before its body is read. Used on the event loop only."""

    def __init__(self, limit: int = SYNCS_AT_ONCE) -> None:
        self.limit = limit
        self._now: dict[str, int] = {}

    def enter(self, device_id: str) -> bool:
        n = self._now.get(device_id, 0)
        if self.limit and n >= self.limit:
            return False
        self._now[device_id] = n + 1
        return True

    def leave(self, device_id: str) -> None:
        n = self._now.get(device_id, 1) - 1
        if n > 0:
            self._now[device_id] = n
        else:
            self._now.pop(device_id, None)


# --- attachment bytes ----------------------------------------------------------------------------------

MB = 1_000_000
UPLOAD_MB_PER_DAY = 1_000  # a busy village: ~20 cases a day with a few MB of scans each (~100 MB); ten times
UPLOAD_WINDOW_S = DAY_S


GB = 1000 * MB
# The disk the scans are stored on keeps this much free: the database, its WAL and journal, the logs and
# the town's backups live on it too, and a disk filled by scans stops every sync of the town (SQLite and
# PostgreSQL refuse writes), not only uploads. 5 % of the disk, at least 2 GB (a 40 GB VPS keeps 2 GB, a
# 1 TB disk 50 GB): the share a filesystem reserves for such a reason, and room for a day of events.
FREE_FLOOR_SHARE = 0.05
FREE_FLOOR_MIN = 2 * GB
AUTO = -1  # ``min_free``: the floor above, from the disk's size


def free_floor(min_free: int, disk_total: int) -> int:
    """The bytes that must stay free on a disk of ``disk_total`` bytes (``min_free``: AUTO, 0 or bytes)."""
    if min_free == AUTO:
        return max(FREE_FLOOR_MIN, int(disk_total * FREE_FLOOR_SHARE))
    return max(0, min_free)


@dataclass(frozen=True)
class UploadQuota:
    """Attachment bytes one device may store: ``per_day`` in any 24 hours (a rolling window) and ``total``
    ever; 0 is no limit. Counted from the attachment rows the device started (``attachments.device_id``,
    ``created_at``, ``size``), so workers, restarts and several servers on one database see the same
    figure and a file refused by its hash frees what it took. ``min_free``: what every new upload leaves
    free on the scans' disk (``free_floor``; AUTO by default, 0 off): the per-device figures bound one
    token, the floor bounds all of them together (a town of 30 villages at their daily quota fills 30 GB
    a day)."""

    per_day: int = UPLOAD_MB_PER_DAY * MB
    total: int = 0
    min_free: int = AUTO

    @classmethod
    def of(cls, mb_per_day: int, gb_total: int = 0, gb_free: float | None = None) -> UploadQuota:
        """``serve --upload-quota-mb N --upload-total-gb G --upload-min-free-gb F`` (0: none; F None: AUTO)."""
        free = AUTO if gb_free is None else max(0, int(float(gb_free) * GB))
        return cls(max(0, int(mb_per_day)) * MB, max(0, int(gb_total)) * GB, free)


def disk_room(cfg: UploadQuota, need: int, disk_total: int, disk_free: int) -> None:
    """Raise UploadRefused (507) unless ``need`` more bytes leave the disk's floor free."""
    floor = free_floor(cfg.min_free, disk_total)
    if floor and disk_free - need < floor:
        raise UploadRefused(
            f"镇中心服务器的磁盘空间不足(须保留 {floor / GB:.1f} GB 可用), 附件仍保存在本机, 未上传; "
            "事件照常同步。请联系镇中心管理员清理磁盘或扩容后再同步",
            507,
        )


class UploadRefused(Exception):
    """A new upload past the device's attachment quota: answered ``status`` (429 with ``retry_after``
    seconds when the rolling day frees room, 413 when only the administrator can help)."""

    def __init__(self, message: str, status: int, retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


def upload_room(cfg: UploadQuota, need: int, now: float, rows: list[tuple[float, int]], total_used: int) -> None:
    """Raise UploadRefused unless ``need`` more bytes fit. ``rows``: (started, size) of the device's uploads
    within the last day, oldest first; ``total_used``: all bytes the device ever started here."""
    if cfg.total and total_used + need > cfg.total:
        raise UploadRefused(
            f"本设备在服务器上保存的附件已达总限额 {size_words(cfg.total)}, 附件仍保存在本机, 未上传; "
            "请联系镇中心管理员调整限额后再同步",
            413,
        )
    if not cfg.per_day:
        return
    if need > cfg.per_day:
        raise UploadRefused(
            f"此附件({size_words(need)})超过本设备每天可上传的附件限额 {size_words(cfg.per_day)}, "
            "附件仍保存在本机; 请联系镇中心管理员调整限额",
            413,
        )
    used = sum(size for _, size in rows)
    over = used + need - cfg.per_day
    if over <= 0:
        return
    wait, freed = UPLOAD_WINDOW_S, 0
    for started, size in rows:
        freed += size
        if freed >= over:
            wait = started + UPLOAD_WINDOW_S - now
            break
    wait_s = max(1, math.ceil(wait))
    if wait_s >= 3600:
        when = f"约 {math.ceil(wait_s / 3600)} 小时"
    elif wait_s >= 60:
        when = f"约 {math.ceil(wait_s / 60)} 分钟"
    else:
        when = f"{wait_s} 秒"
    raise UploadRefused(
        f"本设备今天上传的附件已达限额(每天 {size_words(cfg.per_day)}), 其余附件仍保存在本机, "
        f"请{when}后再同步(事件不受影响)。如确有大量扫描件, 请联系镇中心管理员",
        429,
        wait_s,
    )
