"""Hybrid logical clock: orders events across devices whose wall clocks disagree.

A timestamp is ``wall_ms`` (milliseconds) + ``counter`` + ``node``, encoded as a fixed-width string that
sorts like the tuple. The clock is persisted by its owner (the DB stores ``last``) and restarts from
max(saved, now). Remote timestamps are adopted only up to ``max_drift_ms`` ahead of local wall time, so a
device with a clock a year fast cannot drag everyone's clock into the future (actualbudget #7106).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_DRIFT_MS = 5 * 60 * 1000


@dataclass(frozen=True, order=True)
class Timestamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        wall, counter, node = text.split("-", 2)
        if len(wall) != 13 or len(counter) != 5 or not node:
            raise ValueError(f"not an HLC timestamp: {text!r}")
        return cls(int(wall), int(counter), node)


class HybridClock:
    """A persisted HLC for one node (device). Not thread-safe: owned by the DB writer."""

    def __init__(
        self,
        node: str,
        last: str | None = None,
        wall: Callable[[], int] | None = None,
        max_drift_ms: int = MAX_DRIFT_MS,
    ) -> None:
        self.node = node
        self._wall = wall or (lambda: time.time_ns() // 1_000_000)
        self._last = Timestamp.decode(last) if last else Timestamp(0, 0, node)
        self.max_drift_ms = max_drift_ms

    @property
    def last(self) -> str:
        return self._last.encode()

    def now(self) -> str:
        """A timestamp greater than every one this clock has issued or adopted."""
        wall = self._wall()
        if wall > self._last.wall_ms:
            self._last = Timestamp(wall, 0, self.node)
        else:
            self._last = Timestamp(self._last.wall_ms, self._last.counter + 1, self.node)
        return self._last.encode()

    def observe(self, remote: str) -> bool:
        """Merge a received timestamp. Returns False (and ignores its wall time) when it is too far ahead."""
        stamp = Timestamp.decode(remote)
        wall = self._wall()
        if stamp.wall_ms > wall + self.max_drift_ms:
            return False
        if stamp.wall_ms > self._last.wall_ms or (
            stamp.wall_ms == self._last.wall_ms and stamp.counter > self._last.counter
        ):
            self._last = Timestamp(stamp.wall_ms, stamp.counter, self.node)
        return True

    def observe_many(self, remotes: list[str]) -> int:
        """``observe`` each of ``remotes`` (well-formed timestamps: a pulled page, checked when parsed) in
        one pass: the result is the same, as observing keeps the greatest (wall, counter) adopted.
        Returns how many were too far ahead to adopt."""
        bound = self._wall() + self.max_drift_ms
        walls = [int(r[:13]) for r in remotes]
        adoptable = [r for r, w in zip(remotes, walls, strict=True) if w <= bound]
        if adoptable:
            self.observe(max(adoptable, key=lambda r: r[:19]))  # fixed width: sorts as (wall, counter)
        return len(remotes) - len(adoptable)


def after(stamp: str, floor: str | None) -> str:
    """``stamp``, or else the first stamp of its node after ``floor``: an event a desk authors follows
    every event of its case, whatever the clocks that stamped them said (the judge refuses an event
    stamped before its case's registration or an event it names). ``observe`` would not adopt a stamp
    more than a few minutes ahead; an event of that case must still come after it."""
    if floor is None or stamp[:19] > floor[:19]:
        return stamp
    low, own = Timestamp.decode(floor), Timestamp.decode(stamp)
    if low.counter >= 99_999:  # (five digits: the next millisecond instead)
        return Timestamp(low.wall_ms + 1, 0, own.node).encode()
    return Timestamp(low.wall_ms, low.counter + 1, own.node).encode()


def wall_ms_of(hlc: str) -> int:
    return Timestamp.decode(hlc).wall_ms
