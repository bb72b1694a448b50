"""Push batch sizing that adapts to the measured link.

At 600 ms round trips a batch that moves in one second spends a third of its time waiting for the
reply; a batch that moves in 30 s spends 2 %. So after each full batch the next one is sized to take
about ``TARGET_S`` on the wire at the rate just measured (bytes both ways / seconds of the round trip,
which undercounts the rate and keeps the estimate cautious), growing at most ``GROWTH``-fold per round.
A cut link costs at most the batch in flight, so after a cut the size drops to a quarter: a link that
breaks every N bytes settles on batches that fit between its breaks. The learned size is kept in the
profile's settings, so the next run starts from it rather than from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_S = 30.0  # seconds of link time a batch should take: a cut never costs more than about this
GROWTH = 8  # at most this factor per round trip
MIN_BYTES = 2 * 1024
MAX_BYTES = 2 * 1024 * 1024  # raw JSON; well under the server's 8 MB request limit
SETTING = "sync.batch_bytes"


@dataclass
class BatchSizer:
    size: int

    @classmethod
    def from_setting(cls, raw: str | None, default: int) -> BatchSizer:
        try:
            size = int(raw) if raw else default
        except ValueError:
            size = default
        return cls(clamp(size))

    def observe(self, raw_bytes: int, sent: int, received: int, seconds: float) -> None:
        """A full batch of ``raw_bytes`` JSON went up as ``sent`` wire bytes; its round trip took
        ``seconds`` and brought ``received`` bytes back. Size the next one for TARGET_S."""
        if raw_bytes <= 0 or sent <= 0 or seconds <= 0:
            return
        rate = (sent + received) / seconds  # wire bytes per second, round trip included
        ratio = sent / raw_bytes  # wire bytes per raw byte (gzip)
        want = int(rate * TARGET_S / ratio)
        self.size = clamp(min(want, self.size * GROWTH))

    def cut(self) -> None:
        """The link broke with a batch in flight."""
        self.size = clamp(self.size // 4)


def clamp(size: int) -> int:
    return max(MIN_BYTES, min(MAX_BYTES, size))
