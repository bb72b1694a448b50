"""Push batch sizing that adapts to the measured link.

At 600 ms round trips a batch that moves in one second spends a third of its time waiting for the
reply; a batch that moves in 30 s spends 2 %. So after each full batch the next one is sized to take
about ``TARGET_S`` on the wire at the rate just measured (bytes both ways / seconds of the round trip,
which undercounts the rate and keeps the estimate cautious), growing at most ``GROWTH``-fold per round.
A cut link costs at most the batch in flight, so after a cut the size drops to a quarter and a ceiling
of half the size that broke holds growth back (it creeps up 1/8 per good round, so a link that got
better is found again): a link that breaks every N bytes settles on batches that fit between its
breaks instead of growing into the next cut. Size and ceiling are kept in the profile's settings, so
the next run starts from them rather than from scratch.

When the run learned how much the broken link still carried before it broke (the rounds that completed
on it plus the part of the reply that arrived, ``fit``), the next batch and page are sized to ``FIT`` of
that instead: a link that breaks every N bytes then moves one nearly full round per connection and loses
only the short round after it, rather than a quarter-sized batch that grows back into the next cut.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_S = 30.0  # seconds of link time a batch should take: a cut never costs more than about this
GROWTH = 8  # at most this factor per round trip
MIN_BYTES = 2 * 1024
MAX_BYTES = 2 * 1024 * 1024  # raw JSON; well under the server's 8 MB request limit
SETTING = "sync.batch_bytes"
FIT = 0.8  # after a cut, the next round takes this share of what the broken link carried
HEADER_BYTES = 400  # HTTP request + reply headers of one round trip (no TLS on the counted wire)
RATIO = 0.13  # wire bytes per raw JSON byte of a gzipped batch, until a round measured it


@dataclass
class BatchSizer:
    size: int
    ceiling: int = MAX_BYTES
    ratio: float = RATIO  # wire bytes per raw byte, as last measured (not kept in the setting)

    @classmethod
    def from_setting(cls, raw: str | None, default: int) -> BatchSizer:
        """``"size"`` or ``"size,ceiling"``; anything unreadable starts from ``default``."""
        try:
            parts = [int(x) for x in (raw or "").split(",")] if raw else [default]
        except ValueError:
            parts = [default]
        ceiling = clamp(parts[1]) if len(parts) > 1 else MAX_BYTES
        return cls(clamp(parts[0]), ceiling)

    def setting(self) -> str:
        return f"{self.size},{self.ceiling}"

    def observe(self, raw_bytes: int, sent: int, received: int, seconds: float) -> None:
        """A full batch of ``raw_bytes`` JSON went up as ``sent`` wire bytes; its round trip took
        ``seconds`` and brought ``received`` bytes back. Size the next one for TARGET_S."""
        if raw_bytes <= 0 or sent <= 0 or seconds <= 0:
            return
        rate = (sent + received) / seconds  # wire bytes per second, round trip included
        ratio = sent / raw_bytes  # wire bytes per raw byte (gzip)
        self.ratio = ratio
        want = int(rate * TARGET_S / ratio)
        self.size = clamp(min(want, self.size * GROWTH, self.ceiling))
        self.ceiling = clamp(self.ceiling + self.ceiling // 8)

    def cut(self) -> None:
        """The link broke with a batch in flight."""
        self.ceiling = clamp(self.size // 2)
        self.size = clamp(self.size // 4)

    def fit(self, carried: int | None, progressed: bool) -> None:
        """The link broke after carrying about ``carried`` wire bytes (None: unknown): the next batch
        takes FIT of that on the wire; the quarter rule when it knows no better. The ceiling is the
        quarter rule's (half the size that broke), so an estimate that came out small grows back fast.
        A run that moved nothing (``progressed`` False) at least halves the size: an estimate that keeps
        coming out the same can never retry the same failing batch forever."""
        if not carried:
            self.cut()
            return
        want = int((FIT * carried - HEADER_BYTES) / self.ratio)
        self.ceiling = clamp(max(self.size // 2, want))
        self.size = clamp(want if progressed else min(want, self.size // 2))


def clamp(size: int) -> int:
    return max(MIN_BYTES, min(MAX_BYTES, size))


PAGE_SETTING = "sync.page_events"
MIN_PAGE = 10


@dataclass
class PageSizer:
    """The pulled page's event limit (``lim``). The server sizes a page up to 512 KB of JSON; a link that
    breaks more often than that could never bring one home, so a cut quarters the limit (with a
    ceiling of half, as for batches) and each full page that did arrive doubles it again."""

    size: int
    ceiling: int
    top: int
    per_event: float = 60.0  # wire bytes per pulled event, as last measured (not kept in the setting)

    @classmethod
    def from_setting(cls, raw: str | None, default: int, top: int) -> PageSizer:
        try:
            parts = [int(x) for x in (raw or "").split(",")] if raw else [default, top]
        except ValueError:
            parts = [default, top]
        lo = lambda n: max(MIN_PAGE, min(top, n))  # noqa: E731
        return cls(lo(parts[0]), lo(parts[1] if len(parts) > 1 else top), top)

    def setting(self) -> str:
        return f"{self.size},{self.ceiling}"

    def full_page(self) -> None:
        self.size = max(MIN_PAGE, min(self.size * 2, self.ceiling, self.top))
        self.ceiling = min(self.top, self.ceiling + max(1, self.ceiling // 8))

    def cut(self) -> None:
        self.ceiling = max(MIN_PAGE, self.size // 2)
        self.size = max(MIN_PAGE, self.size // 4)

    def measured(self, events: int, received: int) -> None:
        """A reply brought ``events`` pulled events in ``received`` wire bytes."""
        if events >= MIN_PAGE and received > 0:
            self.per_event = received / events

    def fit(self, carried: int | None, progressed: bool) -> None:
        """As ``BatchSizer.fit``: the next page takes FIT of what the broken link carried (at least
        halved when the run moved nothing: the bytes per event may be guessed wrong)."""
        if not carried:
            self.cut()
            return
        want = min(self.top, int((FIT * carried - HEADER_BYTES) / self.per_event))
        self.ceiling = max(MIN_PAGE, want, self.size // 2)
        self.size = max(MIN_PAGE, want if progressed else min(want, self.size // 2))
