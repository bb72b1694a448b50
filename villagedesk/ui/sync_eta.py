"""How fast a sync moves and how long it still needs: a rate measured over the run, smoothed.

On a 2G link the first round trip carries the connection set-up and later ones jitter with the radio, so
the rate is an exponentially weighted mean of windows of at least ``min_window`` seconds; the estimate
is only offered once ``min_elapsed`` seconds have been measured (before that it would be a guess).
Pure Python: the panel feeds it, the tests drive it with their own clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class RateMeter:
    """Units (events, bytes) per second over one run."""

    def __init__(
        self,
        alpha: float = 0.3,
        min_window: float = 0.5,
        min_elapsed: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.alpha, self.min_window, self.min_elapsed, self.clock = alpha, min_window, min_elapsed, clock
        self.reset()

    def reset(self, done: int = 0) -> None:
        now = self.clock()
        self._start = now
        self._mark, self._mark_done = now, done
        self._rate: float | None = None
        self.done = done

    def update(self, done: int) -> None:
        """``done``: units moved so far this run (monotonic; a smaller figure starts a new window)."""
        now = self.clock()
        if done < self._mark_done:
            self._mark, self._mark_done = now, done
        self.done = done
        window = now - self._mark
        if window < self.min_window:
            return
        sample = (done - self._mark_done) / window
        self._rate = sample if self._rate is None else self.alpha * sample + (1 - self.alpha) * self._rate
        self._mark, self._mark_done = now, done

    @property
    def rate(self) -> float | None:
        """Smoothed units per second; None until enough of the run has been measured."""
        if self._rate is None or self.clock() - self._start < self.min_elapsed:
            return None
        return self._rate

    def eta(self, remaining: float) -> float | None:
        """Seconds until ``remaining`` more units have moved at the measured rate; None if unknown."""
        if remaining <= 0:
            return 0.0
        rate = self.rate
        if not rate or rate <= 0:
            return None
        return remaining / rate


def size_text(n: float) -> str:
    """Bytes as a person reads them: 850 B, 12.3 KB, 1.5 MB."""
    if n < 1024:
        return f"{int(n)} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def eta_parts(seconds: float) -> tuple[str, int, int]:
    """("soon" | "seconds" | "minutes" | "hours", first number, second number) for a Chinese template:
    seconds rounded up to 5, minutes rounded, hours with their minutes."""
    s = max(0.0, seconds)
    if s < 5:
        return "soon", 0, 0
    if s < 55:
        return "seconds", int(-(-s // 5) * 5), 0
    if s < 3600 - 30:
        return "minutes", max(1, round(s / 60)), 0
    minutes = round(s / 60)
    return "hours", minutes // 60, minutes % 60
