"""What went wrong, in one Chinese sentence an agent can act on; the traceback goes to the log only.

Why: SQLAlchemy's error text carries the statement and its parameters (a villager's name or address),
and "restore from backup" is the wrong advice for a full disk or a read-only folder. The log gets the
exception types and the frames, never the messages (which hold those values).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import traceback
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from villagedesk.db import cipher

log = logging.getLogger("villagedesk.failure")

# What opening or probing the DB raises when the disk, the folder or a lock is at fault (not a wrong key).
STORAGE_ERRORS: tuple[type[BaseException], ...] = (OSError, *cipher.ERRORS)

LOCKED = "数据库正被另一个程序占用(已等待 10 秒仍未释放): 请关闭其他 VillageDesk 窗口或稍后重试; 数据未丢失"
FULL = "磁盘空间已满, 无法写入: 请清理磁盘(或换一个有空间的文件夹)后重试; 已保存的数据未丢失"
READ_ONLY = "档案文件夹是只读的, 无法写入: 请检查文件夹权限, 或把档案放到可写的磁盘上; 数据未改动"
DAMAGED = "数据库文件已损坏或不是 VillageDesk 数据库: 请运行 villagedesk check, 必要时用 villagedesk restore 从备份恢复"
CANNOT_OPEN = "无法打开数据库文件: 请检查档案文件夹是否存在、是否可写"
IO_ERROR = (
    "读写档案文件夹时磁盘出错(磁盘 I/O 错误): 请检查U盘或移动硬盘是否已拔出、连接是否松动, 然后重试; "
    "反复出现时请运行 villagedesk check; 已保存的数据未丢失"
)


def explain(exc: BaseException, folder: Path | None = None) -> str | None:
    """One sentence for a storage failure (locked, full, read-only, damaged), or None if it is not one.

    SQLite often says only "unable to open" or "disk I/O error"; then the profile ``folder`` itself is
    asked whether it is read-only or full, so the advice fits (never "restore" for a full disk).
    A file-system error that names a file outside the profile (a backup's target, a second backup folder,
    an export) is told of that file's folder: the message names the folder that refused the write, never
    the profile's when the profile was not at fault. A full disk is always named (the profile's folder
    when it is the profile's disk): "the disk is full" alone does not say which disk to clear.
    """
    sentence = _by_error(exc)
    failed = failed_folder(exc)
    outside = failed is not None and (folder is None or not _within(failed, folder))
    if outside and failed is not None and sentence in (None, CANNOT_OPEN, READ_ONLY, FULL, IO_ERROR):
        return _naming(_by_folder(failed) or sentence, failed)
    if sentence in (None, CANNOT_OPEN, DAMAGED, READ_ONLY, FULL, IO_ERROR) and folder is not None:
        sentence = _by_folder(folder) or sentence
    if sentence == FULL and folder is not None:  # which disk to clear: the profile's folder, named
        return full_at(folder)
    if sentence == FULL and failed is not None:
        return _naming(FULL, failed)  # which disk to clear: named
    return sentence


def full_at(folder: Path) -> str:
    """The full-disk sentence naming the folder whose disk has no room (an agent may have several disks)."""
    return (
        f"档案文件夹 {Path(folder).absolute()} 所在的磁盘空间已满, 无法写入: "
        "请清理该磁盘(或换一个有空间的文件夹)后重试; 已保存的数据未丢失"
    )


def failed_folder(exc: BaseException) -> Path | None:
    """The folder of the file an ``OSError`` in ``exc``'s chain names (the write that failed), if any."""
    seen: BaseException | None = exc
    chain: list[BaseException] = []
    while seen is not None and seen not in chain:
        chain.append(seen)
        name = getattr(seen, "filename", None) if isinstance(seen, OSError) else None
        if isinstance(seen, OSError) and seen.errno == errno.ENOSPC and seen.filename2:
            name = seen.filename2  # shutil's copy names its source first: the full disk is the target's
        if name:
            path = Path(os.fsdecode(name)).absolute()
            return path if path.is_dir() else path.parent
        seen = seen.__cause__ or seen.__context__
    return None


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(Path(folder).resolve())
    except OSError:
        return False


def _naming(sentence: str | None, failed: Path) -> str | None:
    """The sentence for a folder outside the profile, naming it (``sentence`` as ``_by_error`` gave it)."""
    if sentence == READ_ONLY:
        return f"文件夹 {failed} 是只读的, 无法写入: 请换一个可写的文件夹(或取下U盘的写保护)后重试; 档案数据未改动"
    if sentence == FULL:
        return f"{failed} 所在的磁盘空间已满, 无法写入: 请清理该磁盘或换一个有空间的文件夹后重试; 档案数据未丢失"
    if sentence == CANNOT_OPEN:
        return f"无法写入文件夹 {failed}: 请检查它是否存在、是否可写; 档案数据未改动"
    if sentence == IO_ERROR:
        return f"读写文件夹 {failed} 时磁盘出错(磁盘 I/O 错误): 请检查U盘是否已拔出、连接是否松动后重试; 档案数据未改动"
    return sentence


def file_error(exc: OSError, path: Path | str | None = None) -> str:
    """One Chinese sentence for a file-system error an export, an import, a backup, a PDF or an attached
    scan met, naming the file or the folder at fault (never the OS's English text, ``str(exc)``).

    ``path``: the file the operation meant (when the error itself names none, or names a temporary one).
    """
    name = path if path is not None else (exc.filename2 if exc.errno == errno.ENOSPC and exc.filename2 else None)
    name = name if name is not None else exc.filename
    target = Path(os.fsdecode(name)).absolute() if name else None
    folder = None if target is None else (target if target.is_dir() else target.parent)
    code, win = exc.errno, getattr(exc, "winerror", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) or win == 112:
        if folder is None:
            return FULL
        return f"{folder} 所在的磁盘空间已满, 无法写入: 请清理该磁盘或换一个有空间的文件夹后重试; 档案数据未丢失"
    if target is None or folder is None:
        return "读写文件时出错: 请检查文件和文件夹是否存在、是否可写(U盘是否已拔出)后重试; 档案数据未改动"
    if code == errno.ENOENT and not folder.exists():
        return f"文件夹 {folder} 不存在: 请先建好这个文件夹(或接上U盘), 或换一个文件夹后重试; 档案数据未改动"
    if code == errno.ENOENT:
        return f"找不到文件 {target}: 请检查文件名和位置(U盘是否已拔出)后重试; 档案数据未改动"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (f"文件夹 {folder} 是只读的或没有写入权限, 无法写入 {target.name}: "
                "请换一个可写的文件夹(或取下U盘的写保护)后重试; 档案数据未改动")  # fmt: skip
    if code in (errno.EISDIR, errno.ENOTDIR):
        return f"{target} 不是一个文件: 请换一个文件名或文件夹后重试; 档案数据未改动"
    if code == errno.ENAMETOOLONG:
        return f"文件名或路径太长, 无法写入 {folder}: 请换一个短一些的文件名或文件夹后重试; 档案数据未改动"
    return f"读写 {target} 时出错(磁盘或U盘故障?): 请检查U盘是否已拔出、连接是否松动后重试; 档案数据未改动"


def disk_full(exc: BaseException) -> bool:
    """A full disk (or a quota) anywhere in ``exc``'s chain: ENOSPC/EDQUOT, Windows' 112, SQLITE_FULL."""
    seen: BaseException | None = exc
    chain: list[BaseException] = []
    while seen is not None and seen not in chain:
        chain.append(seen)
        inner = seen.orig if isinstance(seen, DBAPIError) else seen
        full = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        if isinstance(inner, OSError) and (inner.errno in full or getattr(inner, "winerror", None) == 112):
            return True
        if isinstance(inner, cipher.ERRORS) and _by_error(inner) == FULL:
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def short_of_room(folder: Path, needed: int, what: str) -> str:
    """The sentence for a backup (``what`` "backup"), its copy to the second folder ("copy") or a restore
    ("restore") the disk had no room for: which folder's disk, about how much the operation needs and how
    much is free now (its partial files already removed), and what became of the data."""
    folder = Path(folder).absolute()
    probe = folder
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        free = 0
    need, have = f"{max(needed, 1) / 1048576:.1f}", f"{free / 1048576:.1f}"
    if what == "backup":
        return (f"{folder} 所在的磁盘空间不足: 需要约 {need} MB, 现在只有 {have} MB 可用; "
                "请清理该磁盘(或换一个有空间的文件夹)后重试; 未做备份, 已保存的数据未丢失")  # fmt: skip
    if what == "copy":  # maintenance.CopyNotMade adds that the backup on this PC was made
        return (f"{folder} 所在的磁盘空间不足: 需要约 {need} MB, 现在只有 {have} MB 可用; "
                "请清理该磁盘(或换一个有空间的文件夹)后重试")  # fmt: skip
    return (f"{folder} 所在的磁盘空间不足: 需要约 {need} MB, 现在只有 {have} MB 可用; "
            "请清理该磁盘(或换一个有空间的文件夹)后重试; 当前数据未改动")  # fmt: skip


def _by_folder(folder: Path) -> str | None:
    try:
        stat = os.statvfs(folder) if hasattr(os, "statvfs") else None
    except OSError:
        return None
    if stat is not None and stat.f_flag & os.ST_RDONLY:
        return READ_ONLY
    if stat is not None and stat.f_bavail * stat.f_frsize < 64 * 1024:
        return FULL
    if not os.access(folder, os.W_OK):
        return READ_ONLY
    return None


def _by_error(exc: BaseException) -> str | None:
    inner = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(inner, OSError):
        if inner.errno == errno.ENOSPC or getattr(inner, "winerror", None) == 112:
            return FULL
        if inner.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY
        return None
    if not isinstance(inner, cipher.ERRORS):
        return None
    code = getattr(inner, "sqlite_errorcode", None)
    text = str(inner).lower()
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return LOCKED
    if code == sqlite3.SQLITE_FULL or "disk is full" in text or "database or disk is full" in text:
        return FULL
    if code == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return READ_ONLY
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB) or "malformed" in text or "not a database" in text:
        return DAMAGED
    if code == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return CANNOT_OPEN
    if code == sqlite3.SQLITE_IOERR or "disk i/o error" in text:
        # SQLite's general I/O failure (a stick pulled out, a bad sector): the folder is then asked whether
        # it is read-only or full; if it is neither, it is said as what it is, not as 只读
        return FULL if "full" in text else IO_ERROR
    return None


def scrubbed_traceback(exc: BaseException) -> str:
    """The traceback's frames and exception types, without any exception message (they hold values)."""
    lines = []
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and seen not in chain:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for item in reversed(chain):
        lines += traceback.format_tb(item.__traceback__)
        code = getattr(item, "sqlite_errorcode", None) or getattr(getattr(item, "orig", None), "sqlite_errorcode", None)
        err_no = getattr(item, "errno", None)
        lines.append(f"{type(item).__module__}.{type(item).__qualname__} (sqlite code {code}, errno {err_no})\n")
    return "".join(lines)


def _has_handler(logger: logging.Logger) -> bool:
    """A handler of our own is configured: without one, logging's last resort prints the traceback on the
    person's screen (stderr), which is exactly what must not happen."""
    current: logging.Logger | None = logger
    while current is not None:
        if current.handlers:
            return True
        current = current.parent if current.propagate else None
    return False


def log_failure(exc: BaseException, logs: Path | None, where: str) -> None:
    """Write the scrubbed traceback to ``logs/villagedesk.log`` (best effort: the log may be unwritable)."""
    message = f"{where} failed:\n{scrubbed_traceback(exc)}"
    cipher.flush_library_log()  # SQLCipher's lines of this failure (which page failed) before its traceback
    if logs is None:  # no profile folder (a failed restore onto a new one removed it): a configured log only
        if _has_handler(log):
            log.error(message)
        return
    try:
        logs.mkdir(mode=0o700, parents=True, exist_ok=True)
        with (logs / "villagedesk.log").open("a", encoding="utf-8") as fh:
            fh.write(message)
    except OSError:
        pass
