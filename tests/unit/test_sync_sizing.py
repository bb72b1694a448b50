"""Batch sizing from the measured link (villagedesk/sync/sizing.py)."""

from __future__ import annotations

import itertools

from villagedesk.sync import sizing
from villagedesk.sync.sizing import BatchSizer, PageSizer


def test_a_slow_link_gets_batches_of_about_the_target_time() -> None:
    s = BatchSizer(256 * 1024)
    # 64 kbit/s = 8000 B/s; a full 256 KB batch went up as 32 000 wire bytes in 4.6 s (4 s bytes + 0.6 s RTT)
    s.observe(256 * 1024, 32_000, 0, 4.6)
    ratio = 32_000 / (256 * 1024)
    assert s.size == int(32_000 / 4.6 * sizing.TARGET_S / ratio)
    wire_seconds = s.size * ratio / 8000
    assert 0.5 * sizing.TARGET_S < wire_seconds < sizing.TARGET_S  # the RTT makes the estimate cautious


def test_growth_is_bounded_per_round_and_by_the_cap() -> None:
    s = BatchSizer(4096)
    s.observe(4096, 500, 100, 0.001)  # loopback: the rate is huge
    assert s.size == 4096 * sizing.GROWTH
    for _ in range(10):
        s.observe(s.size, s.size // 8, 100, 0.001)
    assert s.size == sizing.MAX_BYTES


def test_a_cut_quarters_the_batch_down_to_the_floor() -> None:
    s = BatchSizer(256 * 1024)
    s.cut()
    assert s.size == 64 * 1024
    for _ in range(20):
        s.cut()
    assert s.size == sizing.MIN_BYTES


def test_after_a_cut_growth_stays_under_half_the_size_that_broke_then_creeps_up() -> None:
    s = BatchSizer(512 * 1024)
    s.cut()  # 512 KB broke: ceiling 256 KB, size 128 KB
    s.observe(s.size, 1000, 100, 0.001)  # a fast round would grow ×8 without the ceiling
    assert s.size == 256 * 1024
    for _ in range(30):
        s.observe(s.size, 1000, 100, 0.001)
    assert s.size == sizing.MAX_BYTES  # the ceiling rose again round by round
    again = BatchSizer.from_setting(s.setting(), 65536)
    assert (again.size, again.ceiling) == (s.size, s.ceiling)


def test_a_slower_link_than_learned_shrinks_the_batch() -> None:
    s = BatchSizer(sizing.MAX_BYTES)
    s.observe(sizing.MAX_BYTES, 250_000, 1000, 70.0)  # 30 kbit/s: 2 MB raw took 70 s
    assert s.size < sizing.MAX_BYTES // 2


def test_the_setting_is_read_defensively() -> None:
    assert BatchSizer.from_setting(None, 65536).size == 65536
    assert BatchSizer.from_setting("garbage", 65536).size == 65536
    assert BatchSizer.from_setting("1", 65536).size == sizing.MIN_BYTES
    assert BatchSizer.from_setting(str(10**12), 65536).size == sizing.MAX_BYTES
    assert BatchSizer.from_setting("8192,4096", 65536).ceiling == 4096


def test_pages_shrink_after_a_cut_and_grow_back_with_full_pages() -> None:
    p = PageSizer.from_setting(None, 2000, 2000)
    p.cut()
    assert (p.size, p.ceiling) == (500, 1000)
    for _ in range(10):
        p.cut()
    assert p.size == sizing.MIN_PAGE
    for _ in range(60):
        p.full_page()
    assert p.size == 2000
    again = PageSizer.from_setting(p.setting(), 2000, 2000)
    assert (again.size, again.ceiling) == (p.size, p.ceiling)
    assert PageSizer.from_setting("x", 2000, 2000).size == 2000


def test_after_a_cut_the_batch_fits_what_the_link_carried() -> None:
    s = BatchSizer(512 * 1024)
    s.observe(512 * 1024, 64_000, 500, 8.0)  # gzip ratio measured: 64 000 / 512 KB
    s.size = 256 * 1024
    s.fit(20_000, progressed=True)  # the broken connection carried 20 KB
    wire = s.size * s.ratio + sizing.HEADER_BYTES
    assert abs(wire - sizing.FIT * 20_000) < 2
    assert s.ceiling == 128 * 1024  # the quarter rule's ceiling: a small estimate grows back fast
    s.fit(None, progressed=False)  # nothing known: the quarter rule
    assert s.size == max(sizing.MIN_BYTES, int((sizing.FIT * 20_000 - sizing.HEADER_BYTES) / s.ratio) // 4)


def test_a_run_that_moved_nothing_at_least_halves_the_size() -> None:
    """The same estimate after every cut must not retry the same failing size forever (a page whose
    events were bigger than guessed was cut at the same byte run after run)."""
    p = PageSizer.from_setting("259,259", 2000, 2000)
    sizes = []
    for _ in range(6):
        p.fit(19_500, progressed=False)
        sizes.append(p.size)
    assert sizes[0] <= 129 and all(b <= max(sizing.MIN_PAGE, a // 2) for a, b in itertools.pairwise(sizes))
    p.measured(129, 10_400)
    p.fit(20_000, progressed=True)
    assert p.size == int((sizing.FIT * 20_000 - sizing.HEADER_BYTES) / (10_400 / 129))
