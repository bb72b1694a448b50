"""A file the desk could not write or read is told in one Chinese sentence naming the folder or the file,
never the OS's English words (``No such file or directory``): 导出同步包, 导入回执包, a backup, an attached scan."""

from __future__ import annotations

from pathlib import Path

from tests.gui.test_sync_progress_bundles import (  # noqa: F401 (fixtures)
    VILLAGE,
    answer,
    click,
    enrolled_window,
    new_desk,
    open_window,
    server,
)
from villagedesk.domain.lifecycle import Role
from villagedesk.ui.error_words import refusal_text

ENGLISH = ("No such file", "Permission denied", "Errno", "directory")


def test_export_to_a_missing_folder_names_the_folder_in_chinese(qtbot, new_desk, open_window, server, tmp_path):  # noqa: F811
    village = new_desk("v", Role.AGENT, VILLAGE, "李娜")
    w = enrolled_window(open_window, qtbot, village, server, "agent", VILLAGE)
    box = w.sync_panel.bundles
    w.go(w.sync_panel)
    missing = tmp_path / "没有的文件夹"
    answer(box, missing / "包.vdb")
    text = click(qtbot, w, box.export_button)
    assert text.startswith("导出失败: ") and f"文件夹 {missing} 不存在" in text, text
    assert not any(word in text for word in ENGLISH), text
    answer(box, tmp_path / "不在这里.vdb")
    text = click(qtbot, w, box.import_button)
    assert "找不到文件" in text and "不在这里.vdb" in text and not any(w_ in text for w_ in ENGLISH), text


def test_any_os_error_a_window_shows_is_a_chinese_sentence(qtbot, tmp_path: Path) -> None:
    """What every ``refusal_text`` caller (attach a scan, import a sheet, back up) shows for an OSError."""
    missing = tmp_path / "gone"
    try:
        (missing / "扫描件.jpg").read_bytes()
    except OSError as err:
        text = refusal_text(err)
    assert text.startswith(f"找不到文件 {missing / '扫描件.jpg'}") or f"文件夹 {missing} 不存在" in text, text
    try:
        tmp_path.write_bytes(b"")  # a folder, not a file
    except OSError as err:
        text = refusal_text(err)
    assert str(tmp_path) in text and not any(word in text for word in ENGLISH), text

