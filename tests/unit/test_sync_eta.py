"""The sync panel's rate and time-left arithmetic, driven with an explicit clock."""

from __future__ import annotations

import pytest

from villagedesk.ui.sync_eta import RateMeter, eta_parts, size_text


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_is_unknown_until_enough_was_measured() -> None:
    clock = Clock()
    meter = RateMeter(min_elapsed=2.0, clock=clock)
    clock.now += 1.0
    meter.update(50)
    assert meter.rate is None and meter.eta(100) is None  # a guess after one second is not offered
    clock.now += 1.0
    meter.update(100)
    assert meter.rate == pytest.approx(50.0)
    assert meter.eta(500) == pytest.approx(10.0)
    assert meter.eta(0) == 0.0


def test_smoothing_follows_a_change_gradually_and_ignores_tiny_windows() -> None:
    clock = Clock()
    meter = RateMeter(alpha=0.5, min_window=0.5, min_elapsed=0.0, clock=clock)
    done = 0
    for _ in range(4):
        clock.now += 1.0
        done += 10
        meter.update(done)
    assert meter.rate == pytest.approx(10.0)
    clock.now += 0.1
    meter.update(done + 1000)  # a burst inside 0.1 s is folded into the next window, not taken alone
    assert meter.rate == pytest.approx(10.0)
    clock.now += 0.9
    meter.update(done + 1030)
    assert meter.rate == pytest.approx(0.5 * 1030 + 0.5 * 10)
    clock.now += 1.0
    meter.reset()
    assert meter.rate is None and meter.done == 0


def test_a_smaller_figure_starts_a_new_window_instead_of_a_negative_rate() -> None:
    clock = Clock()
    meter = RateMeter(min_elapsed=0.0, clock=clock)
    clock.now += 1.0
    meter.update(100)
    clock.now += 1.0
    meter.update(20)
    clock.now += 1.0
    meter.update(40)
    assert meter.rate is not None and meter.rate > 0


@pytest.mark.parametrize(
    ("seconds", "parts"),
    [
        (0, ("soon", 0, 0)),
        (4.9, ("soon", 0, 0)),
        (5, ("seconds", 5, 0)),
        (21, ("seconds", 25, 0)),
        (54, ("seconds", 55, 0)),
        (55, ("minutes", 1, 0)),
        (130, ("minutes", 2, 0)),
        (3569, ("minutes", 59, 0)),
        (3600, ("hours", 1, 0)),
        (3 * 3600 + 20 * 60 + 10, ("hours", 3, 20)),
    ],
)
def test_eta_parts(seconds: float, parts: tuple[str, int, int]) -> None:
    assert eta_parts(seconds) == parts


def test_size_text() -> None:
    assert [size_text(n) for n in (0, 850, 1024, 12.3 * 1024, 1.5 * 1024 * 1024)] == [
        "0 B",
        "850 B",
        "1.0 KB",
        "12.3 KB",
        "1.5 MB",
    ]
