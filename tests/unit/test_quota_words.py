"""The push quota's refusal names the daily byte limit in words an agent can read: a small quota
(``serve --push-quota 50``: 35,000 bytes a day) was once "0.0 MB"."""

from __future__ import annotations

from villagedesk.server import quota


def test_a_small_quota_is_said_in_kb_not_zero_mb() -> None:
    for bundle in (False, True):
        text = quota._message(30, quota.QuotaConfig.per_day(50), bundle)
        assert "0.0 MB" not in text and "35 KB" in text, text
    assert "0.7 MB" in quota._message(30, quota.QuotaConfig.per_day(1000))


def test_size_words() -> None:
    assert [quota.size_words(n) for n in (5_000_000, 100_000, 99_999, 1000, 999)] == [
        "5.0 MB",
        "0.1 MB",
        "100 KB",
        "1 KB",
        "不足 1 KB",
    ]
