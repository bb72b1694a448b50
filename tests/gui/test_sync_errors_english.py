"""The sync page's errors in English (issue 14): the engine ended a run with a Chinese sentence
(「同步未完成: 本设备已被吊销或令牌无效…」) that the page showed as it was in either language. The engine
now also returns a code and its parameters (``SyncResult.error_code``/``error_args``), and the page words
them in the UI language; the Chinese sentence stays for the command line and is the default wording."""

from __future__ import annotations

from tests.flows import register
from tests.gui.test_english_pages import CJK, english  # noqa: F401 (the fixture)
from tests.gui.test_sync_gui import enroll_through_dialog, fresh_desk, run_sync, server, win  # noqa: F401
from villagedesk.server import auth
from villagedesk.sync import engine


def test_sync_errors_are_codes_worded_in_english(qtbot, english, win, server) -> None:  # noqa: F811
    enroll_through_dialog(qtbot, win, server)
    register(win.desk)
    assert auth.revoke(server.db, win.desk.identity.device_id)
    revoked = run_sync(qtbot, win)
    text = win.sync_panel.result_label.text()
    assert "revoked" in text.lower() and not CJK.search(text), text  # was 本设备已被吊销或令牌无效…
    assert revoked.error_code == "revoked" and not revoked.ok

    server.stop()
    gone = run_sync(qtbot, win)
    assert gone.error_code == "unreachable" and gone.retryable
    text = win.sync_panel.result_label.text()
    assert "reach" in text.lower() and not CJK.search(text), text
    assert f"“{win.sync_panel.sync_button.text()}”" in text and "Retry" not in text, text  # the page's button
    assert "ConnectionError" not in text
    stored = engine.last_result(win.desk)  # what the page shows after a restart, coded too
    assert stored is not None and stored.error_code == "unreachable"


def test_attachment_notes_are_codes_worded_in_english(qtbot, english, win, server, tmp_path) -> None:  # noqa: F811
    """A scan held back by the per-sync cap: the note was the Chinese sentence 「本次同步的附件流量已达
    上限…」 on the English 同步 page. The run now carries it as a code and parameters, the page words it;
    the command line's line (``attachment_note``, ``summary()``) stays Chinese."""
    import os

    from villagedesk.services import attachments as svc
    from villagedesk.sync import attachments as att

    enroll_through_dialog(qtbot, win, server)
    case = register(win.desk).case_id
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(os.urandom(60_000))
    svc.add_file(win.desk, case, scan)
    att.set_caps(win.desk, per_sync=50_000, per_month=0)
    result = run_sync(qtbot, win)
    assert result.ok and result.attachments_waiting == 1
    assert result.attachment_notes == [{"code": "cap_sync", "args": {"cap": 50_000}}], result.attachment_notes
    assert "本次同步的附件流量已达上限 48.8 KB" in result.attachment_note  # was "0.0 MB"
    assert result.attachment_note in result.summary()
    text = win.sync_panel.detail_label.text()
    assert "limit" in text.lower() and "48.8 KB" in text and not CJK.search(text), text
    stored = engine.last_result(win.desk)  # after a restart the page words the stored codes too
    assert stored is not None and [n["code"] for n in stored.attachment_notes] == ["cap_sync"]
