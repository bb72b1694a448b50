"""SQLite's general "disk I/O error" on a profile folder that is writable and has room was said as
「档案文件夹是只读的」 (issue 13): the agent checked folder permissions that were fine. It is now said as
what it is, a disk that failed a read or a write (a stick pulled out, a loose cable), with what to do.

SQLite raises it from below its VFS, which no test here can make a real disk do; the exception is the one
the driver raises (its text and code), given to the same ``explain`` every entry point calls."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import OperationalError

from villagedesk.services import failures


def _io_error() -> OperationalError:
    inner = sqlite3.OperationalError("disk I/O error")
    inner.sqlite_errorcode = sqlite3.SQLITE_IOERR
    return OperationalError("INSERT INTO cases …", {}, inner)


def test_a_disk_io_error_on_a_sound_folder_is_not_called_read_only(tmp_path: Path) -> None:
    sentence = failures.explain(_io_error(), tmp_path)
    assert sentence == failures.IO_ERROR  # was READ_ONLY
    assert "只读" not in sentence and "I/O" in sentence and "数据未丢失" in sentence


def test_a_full_disk_io_error_is_still_a_full_disk(tmp_path: Path) -> None:
    inner = sqlite3.OperationalError("disk I/O error: disk full")
    sentence = failures.explain(OperationalError("x", {}, inner), tmp_path)
    assert "磁盘空间已满" in sentence
