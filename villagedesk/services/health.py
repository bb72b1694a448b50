"""What ``check`` looks at beyond SQLite's own integrity: attachment files and the schema.

Why: a profile restored without its scans, a garbled or deleted scan, or an upgrade path that lost a
table all passed ``check`` as 正常. Each problem is one Chinese sentence saying what is wrong and what
to do; nothing here writes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from villagedesk.db import cipher
from villagedesk.db import models as m
from villagedesk.db.engine import connect_readonly, open_database
from villagedesk.services import sealed_blobs
from villagedesk.services.desk import Desk

SHOWN = 5


@dataclass(frozen=True)
class Schema:
    tables: dict[str, frozenset[str]]  # table -> columns
    indexes: dict[str, tuple[str, tuple[str, ...]]]  # index -> (table, columns)


def read_schema(db: Path) -> Schema:
    """Tables, their columns and the named indexes of ``db`` (SQLite's internal ones left out)."""
    conn = connect_readonly(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        tables = {
            n: frozenset(c[1] for c in conn.execute(f'PRAGMA table_info("{n}")'))
            for n in names
            if not n.startswith("sqlite_")
        }
        indexes = {}
        for name, table in conn.execute("SELECT name, tbl_name FROM sqlite_master WHERE type='index'"):
            if name.startswith("sqlite_autoindex"):
                continue
            cols = tuple(c[2] or "" for c in conn.execute(f'PRAGMA index_info("{name}")'))
            indexes[name] = (table, cols)
    finally:
        conn.close()
    return Schema(tables, indexes)


@lru_cache(maxsize=1)
def expected_schema() -> Schema:
    """The schema a fresh database migrated to this version's head has (built once per process)."""
    with tempfile.TemporaryDirectory(prefix="villagedesk-schema-") as tmp:
        db = Path(tmp) / "fresh.db"
        open_database(db).dispose()
        return read_schema(db)


def schema_problems(db: Path) -> list[str]:
    """Missing tables, columns and indexes compared with a fresh database at head."""
    want, have = expected_schema(), read_schema(db)
    missing_tables = sorted(set(want.tables) - set(have.tables))
    missing_cols = sorted(
        f"{t}.{c}" for t, cols in want.tables.items() if t in have.tables for c in cols - have.tables[t]
    )
    missing_idx = sorted(n for n, spec in want.indexes.items() if have.indexes.get(n) != spec)
    problems = []
    if missing_tables or missing_cols:
        what = "、".join((missing_tables + missing_cols)[:SHOWN])
        problems.append(
            f"数据库结构缺少 {len(missing_tables)} 个表、{len(missing_cols)} 个字段({what}): "
            "这是升级过程中的缺陷, 请先 villagedesk backup 备份, 再联系技术支持修复; 不要继续录入"
        )
    if missing_idx:
        problems.append(
            f"数据库缺少或改变了 {len(missing_idx)} 个索引({'、'.join(missing_idx[:SHOWN])}): "
            "查询会变慢, 数据未受影响; 请联系技术支持"
        )
    return problems


def attachment_problems(desk: Desk) -> list[str]:
    """Attachment rows marked present whose file is missing or whose bytes no longer match the hash."""
    with desk.store.read() as s:
        rows = s.execute(
            select(m.Attachment.sha256, m.Attachment.case_id, m.Case.case_no)
            .outerjoin(m.Case, m.Case.id == m.Attachment.case_id)
            .where(m.Attachment.present.is_(True))
        ).all()
    missing, garbled, orphans, locked = [], [], [], []
    checked: dict[str, str] = {}
    for digest, case_id, case_no in rows:
        label = case_no or case_id
        if case_no is None:
            orphans.append(label)
        if digest not in checked:  # a sealed file is unsealed first: its plain bytes must hash to its name
            checked[digest] = sealed_blobs.state(desk.paths.root, digest)
        if checked[digest] == "missing":
            missing.append(label)
        elif checked[digest] == "garbled":
            garbled.append(label)
        elif checked[digest] == "locked":
            locked.append(label)
    problems = []
    if missing:
        problems.append(
            f"{len(missing)} 个附件文件不见了(办件 {'、'.join(sorted(set(missing))[:SHOWN])}): "
            "请从含附件的备份恢复(villagedesk restore), 或重新扫描后用 villagedesk attach 添加"
        )
    if garbled:
        problems.append(
            f"{len(garbled)} 个附件文件内容已损坏(办件 {'、'.join(sorted(set(garbled))[:SHOWN])}): "
            "请从含附件的备份恢复, 或重新扫描后添加"
        )
    if locked:
        problems.append(
            f"{len(locked)} 个附件文件是用另一把密钥加密的, 本机打不开(办件 {'、'.join(sorted(set(locked))[:SHOWN])}): "
            "请从本机的含附件备份恢复, 或重新扫描后添加"
        )
    if orphans:
        problems.append(f"{len(orphans)} 条附件记录没有对应的办件: 请联系技术支持(数据未删除)")
    clear = len(sealed_blobs.plain_files(desk.paths.root)) if sealed_blobs.profile_key(desk.paths.root) else 0
    if clear:
        problems.append(
            f"数据库已加密, 但有 {clear} 个附件文件仍未加密(加密过程被中断?): 请再运行 villagedesk encrypt 完成加密"
        )
    return problems


def outbox_orphans(db: Path) -> list[str]:
    """Outbox entries whose event is gone: they could never be sent."""
    conn = connect_readonly(db)
    try:
        count = conn.execute(
            "SELECT count(*) FROM outbox o LEFT JOIN events e ON e.id = o.event_id WHERE e.id IS NULL"
        ).fetchone()[0]
    except cipher.DATABASE_ERRORS:
        return []
    finally:
        conn.close()
    return [f"待同步队列中有 {count} 条记录找不到对应事件: 请联系技术支持(其余数据不受影响)"] if count else []


def _first_names(found: list[Path]) -> str:
    """The first ``SHOWN`` file names of a problem, and 等 when there are more (one line of ``check``)."""
    return "、".join(p.name for p in found[:SHOWN]) + (" 等" if len(found) > SHOWN else "")


def restore_stage_problems(root: Path) -> list[str]:
    """A restore's staged DB or key files in the profile folder (``Desk.open`` removes a killed one's: what
    is left belongs to a restore still running, or could not be removed); a plain stage holds ID numbers."""
    from villagedesk.services import leftovers

    found = leftovers.restore_stages(root)
    if not found:
        return []
    names = _first_names(found)
    return [
        f"档案文件夹中有 {len(found)} 个恢复时的临时文件({names}), 其中可能有未加密的姓名和身份证号:"
        " 没有恢复在进行时, 请关闭所有 VillageDesk 窗口后再运行 villagedesk check, 它会将其删除"
    ]


def plain_backup_problems(db: Path, backups: Path) -> list[str]:
    """On an encrypted profile, every file in ``backups/`` readable without the key (names, ID numbers)."""
    from villagedesk.services import backup_sealing

    if not cipher.is_encrypted(db):
        return []
    found = backup_sealing.plain_files(backups)
    if not found:
        return []
    names = _first_names(found)
    return [
        f"数据库已加密, 但备份文件夹中有 {len(found)} 个未加密的文件({names}), 任何人拿到即可读出姓名和身份证号:"
        " 请再运行 villagedesk encrypt 将其加密(确认无用的也可删除)"
    ]
