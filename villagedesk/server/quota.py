"""Per-device push quota: one device (a valid token) cannot flood the town's feed for everyone.

Every event a device pushes is pulled by the town's clerks and its village's PCs, so a device that pushes
without end makes every other sync of the town slow. Two token buckets per device, one in events and one
in bytes of stored payload JSON, are checked before anything is judged: a push is taken while the device
has tokens, and answered 429 with a Retry-After once they are spent. The buckets hold more than an honest
device ever sends at once (a year of a busy village's work, e.g. its first upload after setting up) and
refill at ten times the busiest real day (figures in docs/sync-protocol.md, "Push quota").

The buckets live in the server process (no table, no migration): a restart refills them, and with
``serve --workers N`` each process keeps its own, so a device may push up to N times the quota.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass

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


@dataclass
class _Bucket:
    events: float
    data: float
    at: float


class Refused(Exception):
    """A push over the device's quota: ``retry_after`` whole seconds until it would be taken."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


class PushQuota:
    """The buckets of every device seen by this process; thread-safe (pushes are charged from workers)."""

    def __init__(self, config: QuotaConfig | None = None, clock=time.monotonic) -> None:
        self.config = config or QuotaConfig()
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}

    def _bucket(self, device_id: str, now: float) -> _Bucket:
        cfg = self.config
        b = self._buckets.get(device_id)
        if b is None:
            b = self._buckets[device_id] = _Bucket(float(cfg.burst_events), float(cfg.burst_bytes), now)
            return b
        elapsed = max(0.0, now - b.at)
        b.events = min(cfg.burst_events, b.events + elapsed * cfg.events_per_day / DAY_S)
        b.data = min(cfg.burst_bytes, b.data + elapsed * cfg.bytes_per_day / DAY_S)
        b.at = now
        return b

    def admit(self, device_id: str, events: int) -> None:
        """Before judging: raise Refused when the device lacks the tokens for ``events`` events or has
        spent its bytes (a push's bytes are known only once judged: they are charged after, in ``charge``)."""
        cfg = self.config
        if not cfg.enabled or events == 0:
            return
        with self._lock:
            b = self._bucket(device_id, self._clock())
            waits = []
            if b.events < events:
                waits.append((events - b.events) / (cfg.events_per_day / DAY_S))
            if b.data <= 0:
                waits.append((1 - b.data) / (cfg.bytes_per_day / DAY_S))
        if waits:
            wait = max(1, math.ceil(max(waits)))
            raise Refused(_message(wait, cfg), wait)

    def charge(self, device_id: str, events: int, data: int) -> None:
        """After storing: take what the push really cost (new events, their payload bytes; a retried
        duplicate costs nothing). The byte bucket may go below zero: the next push then waits."""
        if not self.config.enabled or not (events or data):
            return
        with self._lock:
            b = self._bucket(device_id, self._clock())
            b.events -= events
            b.data -= data


def _message(wait: int, cfg: QuotaConfig) -> str:
    """Chinese, for the agent: what happened, that nothing is lost, and when to try again."""
    if wait >= 3600:
        when = f"约 {math.ceil(wait / 3600)} 小时"
    elif wait >= 60:
        when = f"约 {math.ceil(wait / 60)} 分钟"
    else:
        when = f"{wait} 秒"
    return (
        f"本设备上传的事件超过了限额(每天 {cfg.events_per_day} 条、{cfg.bytes_per_day / 1e6:.1f} MB), "
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
