"""What the dashboard reads back from sync: notices in ref_data and the last run, told truthfully."""

from __future__ import annotations

import json

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.services import dashboard, syncinfo


def _notice(s, rseq: int, key: str, data: object) -> None:
    s.add(m.RefData(rseq=rseq, kind="notice", key=key, region=None, effective_from=None, data=json.dumps(data)))


def test_notices_newest_first_republished_replaces_and_bad_rows_skipped(desk) -> None:
    with desk.store.write() as s:
        _notice(s, 1, "a", {"title": "旧标题", "body": "旧", "date": "2026-11-01"})
        _notice(s, 2, "b", {"title": "停电通知", "body": "周五停电", "date": "2026-11-10"})
        _notice(s, 3, "a", {"title": "新标题", "body": "新", "date": "2026-11-20"})
        _notice(s, 4, "c", ["not", "a", "notice"])
        _notice(s, 5, "d", {"title": "  ", "body": "no title"})
        s.add(m.RefData(rseq=6, kind="notice", key="e", region=None, effective_from=None, data="{broken"))
    lines = syncinfo.notice_lines(desk)
    assert lines == ["[2026-11-20] 新标题: 新", "[2026-11-10] 停电通知: 周五停电"]
    assert dashboard.summary(desk).notices == lines


def test_last_sync_text_tells_success_failure_and_cancel(desk) -> None:
    assert dashboard.summary(desk).last_sync == ""
    cases = [
        ({"ok": True, "finished_at": "2026-11-25T08:30:00+00:00"}, "同步成功"),
        (
            {"ok": False, "error": "网络连接失败: ConnectionError", "finished_at": "2026-11-25T08:31:00+00:00"},
            "网络连接失败",
        ),
        ({"ok": False, "cancelled": True, "finished_at": "2026-11-25T08:32:00+00:00"}, "同步已取消"),
    ]
    for data, expected in cases:
        with desk.store.write() as s:
            st.set_setting(s, syncinfo.LAST_RESULT_KEY, json.dumps(data))
        text = dashboard.summary(desk).last_sync
        assert expected in text and "2026-11-25" in text
        assert ("失败" in text or "未完成" in text) == (expected == "网络连接失败")
