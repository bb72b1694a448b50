"""Encryption at rest: unlock an encrypted profile with a password or recovery code; convert a plain one.

Why the conversion is ordered as it is: at every point a kill may fall, the profile must open either
plain or encrypted with nothing lost. The plain DB is backed up first, then exported encrypted into a
temporary file beside it and verified (same case count, integrity); the key file is written before the
encrypted file is renamed over the plain one (an encrypted DB without its key file would be lost), and
the plain DB's WAL is folded in and gone before the rename (a plain WAL beside an encrypted DB would be
applied to it). A file is told plain or encrypted by its header, so a leftover key file beside a plain DB
changes nothing.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from villagedesk.db import audit_chain, cipher
from villagedesk.db import models as m
from villagedesk.domain.errors import DomainError
from villagedesk.services import accounts, backup_sealing, keyfile, sealed_blobs
from villagedesk.services.desk import DB_NAME, Desk, ProfilePaths

STAGE_SUFFIX = ".encrypting"

CodeSink = Callable[[dict[str, str]], None]  # shows the new recovery codes (username -> code) at once


class EncryptError(DomainError):
    """The profile could not be converted; it is left as it was (plain)."""


@dataclass
class EncryptResult:
    backup: Path | None
    cases: int
    codes: dict[str, str] = field(default_factory=dict)  # username -> new recovery code (printed once)
    backups_sealed: int = 0  # plain archives in backups/ rewritten encrypted
    already: bool = False
    blobs_sealed: int = 0  # attachment files sealed (``sealed_blobs``) in place of their plain copies


def is_encrypted(root: Path) -> bool:
    """The profile's DB is encrypted (设置 then offers no conversion)."""
    return cipher.is_encrypted(Path(root) / DB_NAME)


def needs_unlock(root: Path) -> bool:
    """The profile's DB is encrypted and no key of this process opens it yet."""
    db = Path(root) / DB_NAME
    return cipher.looks_sealed(db) and cipher.key_of(db) is None


def unlock(root: Path, secret: str, username: str | None = None, recovery: bool = False) -> keyfile.Wrap:
    """Open the key file's wrap with ``secret`` and keep the DB key in memory for this process.

    Every wrap ``secret`` opens is kept (after a killed restore the file may hold two keys' wraps: the DB
    opens with whichever is its own)."""
    kind = keyfile.RECOVERY if recovery else keyfile.PASSWORD
    secret = accounts.normal_code(secret) if recovery else secret
    key, wrap = keyfile.unlock(root, secret, username, kind)
    cipher.register_key(root, key)
    db = Path(root) / DB_NAME
    if cipher.is_encrypted(db) and cipher.key_of(db) is None:
        for other in keyfile.load(root):
            if other.kind == kind and other is not wrap and (found := keyfile.open_wrap(other, secret)):
                cipher.register_key(root, found)
                if cipher.key_of(db) is not None:
                    break
    if cipher.is_encrypted(db) and cipher.key_of(db) is None:
        raise keyfile.KeyFileError("密钥文件与数据库不匹配, 无法打开加密的数据库(请从备份恢复)")
    for other in keyfile.load(root):  # a killed restore's two keys: scans sealed with the older one still open
        same = other.kind == kind and other is not wrap and other.username.lower() == wrap.username.lower()
        if same and (found := keyfile.open_wrap(other, secret)) and found not in cipher.known_keys():
            cipher.remember_key(found)
    return wrap


def _fold_wal(db: Path) -> None:
    """Fold the WAL into the DB file and leave no -wal/-shm (no other connection may be open)."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        raise EncryptError("数据库仍被其他程序使用(请先关闭 VillageDesk 窗口), 未作改动")
    for extra in (wal, db.with_name(db.name + "-shm")):
        extra.unlink(missing_ok=True)


def _stamp(db: Path) -> tuple[int, int]:
    stat = db.stat()
    return stat.st_size, stat.st_mtime_ns


def _count(path: Path) -> int:
    conn = cipher.connect(path)
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise EncryptError("加密后的数据库校验未通过, 已放弃; 原数据库未改动")
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def encrypt_profile(root: Path, username: str, password: str, on_codes: CodeSink | None = None) -> EncryptResult:
    """Convert the plain profile at ``root`` (no window open on it: hold its lock) to SQLCipher.

    ``username``/``password`` must be an active account's: its password wraps the key. Every active
    account gets a new recovery code wrapping the key too (the old codes are only hashes: they cannot
    wrap anything); the others log in with it once (``accounts reset``) to set their password.

    ``on_codes`` shows the codes as soon as their wraps are durably in ``keys.json`` and before the
    encrypted DB replaces the plain one, so an encrypted DB always means its codes were shown: a failure
    or kill later cannot swallow them. A failure before that, once the codes are committed (the old ones
    are then void), shows them too: the DB stays plain and ``accounts reset`` takes them there; a kill
    before that leaves a plain profile whose rerun issues new ones.
    """
    on_codes = on_codes or (lambda codes: None)
    from villagedesk.services import maintenance

    if not cipher.available():
        raise EncryptError("本程序缺少 SQLCipher 组件(sqlcipher3-wheels), 不能加密")
    paths = ProfilePaths(Path(root))
    stage = paths.db.with_name(paths.db.name + STAGE_SUFFIX)
    stage.unlink(missing_ok=True)  # a killed conversion's partial (encrypted) export
    if paths.backups.is_dir():  # and a killed re-sealing's plain snapshot
        maintenance.remove_leftovers(paths.backups)
    if cipher.is_encrypted(paths.db):
        key = cipher.key_of(paths.db)
        if key is None:
            raise EncryptError("数据库已加密, 但本次未解锁")
        blobs = sealed_blobs.conform(paths.root, key, cipher.known_keys())  # what a killed run left plain
        return EncryptResult(None, _count(paths.db), {}, _seal_backups(paths, key), already=True, blobs_sealed=blobs)
    key = secrets.token_bytes(cipher.KEY_BYTES)
    with Desk.open(paths.root) as desk:
        who = accounts.authenticate(desk, username, password)
        backup = maintenance.backup(desk, actor=who.display_name)
        wraps = [keyfile.seal(key, password, keyfile.PASSWORD, who.id, who.username)]
        codes: dict[str, str] = {}
        with desk.store.write() as s:
            for row in s.scalars(select(m.Account).where(m.Account.active.is_(True)).order_by(m.Account.username)):
                code = accounts.issue_recovery_code(s, row.id)
                codes[row.username] = code
                wraps.append(keyfile.seal(key, accounts.normal_code(code), keyfile.RECOVERY, row.id, row.username))
            audit_chain.add_audit(s, "encrypt", f"{len(codes)} accounts", who.display_name)
    shown = False
    try:
        _fold_wal(paths.db)
        plain_cases = _count(paths.db)
        before = _stamp(paths.db)
        cipher.export_encrypted(paths.db, stage, key)
        cipher.register_key(paths.root, key)
        if _count(stage) != plain_cases:
            raise EncryptError("加密后的数据库办件数与原数据库不符, 已放弃; 原数据库未改动")
        keyfile.save(paths.root, wraps)  # before the rename: an encrypted DB never lacks its key file
        on_codes(codes)  # durable from here: shown before anything else can fail
        shown = True
        _fold_wal(paths.db)
        if _stamp(paths.db) != before:  # another program wrote meanwhile: the copy would lack it
            raise EncryptError(
                "数据库在加密过程中被其他程序改动, 已放弃(原数据库未改动); 请关闭其他 VillageDesk 程序后重试"
            )
        os.replace(stage, paths.db)
        _fsync_dir(paths.root)
        sealed_blobs.forget_profile(paths.root)
    except BaseException:
        stage.unlink(missing_ok=True)
        if not shown:
            _show_on_failure(codes, on_codes)
        raise
    cases = _count(paths.db)
    blobs = sealed_blobs.conform(paths.root, key)  # each file replaced atomically: a kill leaves plain or sealed
    return EncryptResult(backup, cases, codes, _seal_backups(paths, key), blobs_sealed=blobs)


def _show_on_failure(codes: dict[str, str], on_codes: CodeSink) -> None:
    """The DB stayed plain but holds the new codes' hashes (the old codes are void): show them anyway."""
    try:
        on_codes(codes)
    except Exception:  # e.g. a closed stdout: the original failure is the one to report
        return


def _seal_backups(paths: ProfilePaths, key: bytes) -> int:
    """No plain copy left in ``backups/`` (the backup made just before the conversion included): a plain
    copy there would undo the encryption; a damaged one is sealed whole (``backup_sealing``)."""
    return backup_sealing.seal_backups(paths.root, paths.backups, key)


def plain_copies(paths: ProfilePaths) -> list[Path]:
    """Files in ``backups/`` still readable without the key (for the warning after a conversion)."""
    return backup_sealing.plain_files(paths.backups)
