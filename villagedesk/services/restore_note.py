"""A restore's report that must survive a kill: the cases the restore set aside.

Why: a restore replaces the database, then says which newer cases only the safety copy
(``backups/before-restore-….vdbak``) still has. Killed between the two (``kill -9``, a power cut), nobody
is ever told, and ``check`` calls the restored database 正常. So the restore writes this small note
before the swap and removes it once it has reported; the next command finds it and says it, once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

NOTE = "restore-pending.json"
SHOWN = 10  # case numbers listed in the sentence; the rest are counted

log = logging.getLogger(__name__)


def write(root: Path, safety: Path, case_nos: list[str]) -> None:
    """Record, fsynced and renamed into place, what the restore about to swap will have set aside."""
    target = root / NOTE
    part = target.with_name(NOTE + ".part")
    data = {"safety": safety.name, "cases": sorted(case_nos)}
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
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("restore note unreadable")
        return "上次恢复在报告结果前被中断: 原数据库保存在 backups/before-restore-… 中, 可能有备份里没有的办件"
    shown = "、".join(cases[:SHOWN]) + (f" 等 {len(cases)} 件" if len(cases) > SHOWN else "")
    return (
        f"上次恢复在报告结果前被中断: 原数据库中有 {len(cases)} 件较新的办件不在恢复的备份中, "
        f"只保存在 backups/{safety} 里: {shown}"
    )


def take(root: Path) -> str | None:
    """The pending sentence, once: the note is removed when read."""
    said = sentence(root)
    if said is not None:
        with contextlib.suppress(OSError):
            clear(root)
    return said
