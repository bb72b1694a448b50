"""Observing a pulled page's timestamps in one pass ends where observing them one by one ends."""

from __future__ import annotations

import random

from villagedesk.domain.hlc import MAX_DRIFT_MS, HybridClock, Timestamp

NOW = 1_780_000_000_000


def test_observe_many_equals_observing_one_by_one() -> None:
    rng = random.Random(11)
    for _ in range(200):
        stamps = [
            Timestamp(
                NOW + rng.choice([-(10**9), -5, 0, 3, MAX_DRIFT_MS, MAX_DRIFT_MS + 1, 10**11]),
                rng.randrange(0, 99999),
                rng.choice("abc"),
            ).encode()
            for _ in range(rng.randrange(0, 12))
        ]
        saved = Timestamp(NOW + rng.choice([-50, 0, 50]), rng.randrange(0, 50), "me").encode()
        one = HybridClock("me", last=saved, wall=lambda: NOW)
        refused = sum(not one.observe(s) for s in stamps)
        many = HybridClock("me", last=saved, wall=lambda: NOW)
        assert many.observe_many(stamps) == refused
        assert many.last == one.last
        assert many.now() == one.now()
