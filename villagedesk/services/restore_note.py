"""A restore's report that must survive a kill: the cases the restore set aside.

Why: a restore replaces the database, then says which newer cases only the safety copy
(``backups/before-restore-….vdbak``) still has. Killed between the two (``kill -9``, a power cut), nobody
is ever told, and ``check`` calls the restored database 正常. So the restore writes this small note
before the swap and removes it once it has reported; the next command finds it and says it, once.

The note also records the identity of the database it was written beside (inode, size, modification
time): a restore killed *before* its swap left that database in place with every case, and the note is
then dropped without a word (an office re-try was told of cases "only in the safety copy" the DB still had).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

NOTE = "restore-pending.json"
DB_NAME = "villagedesk.db"  # desk.DB_NAME (desk builds on services this module must not import)
SHOWN = 10  # case numbers listed in the sentence; the rest are counted

log = logging.getLogger(__name__)


def identity(db: Path) -> list[int] | None:
    """What tells the database file in place from the one a swap puts there: its inode, size and
    modification time (a rename gives a new inode; SQLite's backup API into the file changes its time)."""
    try:
        st = db.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def write(root: Path, safety: Path, case_nos: list[str], replaced: Path | None = None) -> None:
    """Record, fsynced and renamed into place, what the restore about to swap will have set aside, and
    which database file (``replaced``) is still the old one."""
    target = root / NOTE
    part = target.with_name(NOTE + ".part")
    data = {"safety": safety.name, "cases": sorted(case_nos)}
    if replaced is not None:
        data["replaced"] = identity(replaced)
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, target)


def clear(root: Path) -> None:
    """The restore reported (or failed before its swap): nothing is pending."""
    (root / NOTE).unlink(missing_ok=True)
    (root / (NOTE + ".part")).unlink(missing_ok=True)


def sentence(root: Path) -> str | None:
    """What an interrupted restore never said, or None when no note is pending (an unreadable note: said so)."""
    path = root / NOTE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        safety, cases = str(data["safety"]), [str(c) for c in data["cases"]]
        replaced = data.get("replaced")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("restore note unreadable")
        return "上次恢复在报告结果前被中断: 原数据库保存在 backups/before-restore-… 中, 可能有备份里没有的办件"
    if replaced is not None and replaced == identity(root / DB_NAME):  # killed before its swap: nothing lost
        log.info("restore note dropped: the database it was written beside is still in place")
        return None
    if cases and _holds_all(root / DB_NAME, cases):  # the same, once the DB was opened (and written) since
        log.info("restore note dropped: the database in place still has every case it names")
        return None
    shown = "、".join(cases[:SHOWN]) + (f" 等 {len(cases)} 件" if len(cases) > SHOWN else "")
    return (
        f"上次恢复在报告结果前被中断: 原数据库中有 {len(cases)} 件较新的办件不在恢复的备份中, "
        f"只保存在 backups/{safety} 里: {shown}"
    )


def _holds_all(db: Path, case_nos: list[str]) -> bool:
    """Whether ``db`` has every one of ``case_nos``: then the restore never swapped (killed before it), and
    nothing is only in the safety copy. Asked of the content, not the file's identity, so the answer is the
    same after the program opened the database and its start-up wrote to it (an unreadable DB: False)."""
    from villagedesk.db import cipher
    from villagedesk.db.engine import connect_readonly

    try:
        conn = connect_readonly(db)
        try:
            found: set[str] = set()
            for i in range(0, len(case_nos), 500):
                chunk = case_nos[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in conn.execute(f"SELECT case_no FROM cases WHERE case_no IN ({marks})", chunk))
        finally:
            conn.close()
    except (*cipher.DATABASE_ERRORS, MemoryError, cipher.LockedDatabase, OSError):
        return False
    return found >= set(case_nos)


def restore_running(root: Path) -> bool:
    """A restore (or a backup) holds the profile's backup lock: a note there is that restore's own, not
    yet reported, never a killed one's."""
    from villagedesk.services.file_lock import FileLock, LockHeld

    folder = Path(root) / "backups"
    if not folder.is_dir():
        return False
    try:
        FileLock(folder / ".backup.lock").acquire().release()
    except LockHeld:
        return True
    except OSError:
        return False
    return False


def take(root: Path) -> str | None:
    """The pending sentence, once: the note is removed when read (and when it had nothing true to say).
    While a restore runs, nothing is said nor removed: it reports itself, and removes its note then."""
    if (Path(root) / NOTE).exists() and restore_running(root):
        return None
    said = sentence(root)
    if said is not None or (root / NOTE).exists():
        with contextlib.suppress(OSError):
            clear(root)
    return said
