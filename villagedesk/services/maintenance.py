"""Backup, restore, rotation and the health check (``villagedesk check``)."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.orm import defer

from villagedesk.db import audit_chain, cipher
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.db.engine import (
    NewerDatabaseError,
    connect_readonly,
    current_revision,
    head_revision,
    known_revisions,
)
from villagedesk.db.schema_repair import repair_schema
from villagedesk.domain.errors import DomainError
from villagedesk.domain.lifecycle import PAUSED_STATES, STOPPED_STATES, EventType
from villagedesk.domain.projection import project, standing
from villagedesk.domain.validators import mask_id
from villagedesk.services import audit, failures, health, private_files, restore_accounts, restore_note
from villagedesk.services import backup_archive as archive
from villagedesk.services.desk import Desk, ProfilePaths
from villagedesk.services.file_lock import FileLock, LockHeld
from villagedesk.services.leftovers import clean_leftovers as _clean_leftovers
from villagedesk.services.restore_counters import (
    RolledBack,
    counters_lost,
    local_records,
    logins_replaced,
    lost_numbers_skip,
    merged_counters,
    own_enrollment,
    own_preferences,
    read_seen,
    rolled_back,
    skip_lost_numbers,
    write_settings,
)

log = logging.getLogger(__name__)

BACKUPS_KEPT = 10
AUTO_PREFIX = "villagedesk-"


class RestoreError(DomainError):
    pass


class BackupRefused(RestoreError):
    """A backup not made because its source is damaged (the CLI exits 2: nothing was written)."""


# the tail of every sentence of a copy to the second folder not made: the backup on this PC was
COPY_NOT_MADE = "{reason}: 本机的备份已完成, 未复制到第二备份文件夹"


class CopyNotMade(RestoreError):
    """The backup on this PC was made (``made``), its copy to the second folder was not: ``reason`` says
    why in one sentence; the exception's text adds that the backup itself is done."""

    def __init__(self, made: Path, reason: str) -> None:
        super().__init__(COPY_NOT_MADE.format(reason=reason))
        self.made, self.reason = made, reason


@dataclass(frozen=True)
class BackupInfo:
    """One backup in a folder, as the 备份与恢复 list shows it."""

    path: Path
    seq: int
    created: str
    cases: int


# the openings of ``damaged_advice``'s sentence (named here so the window's refusal table has them)
DAMAGED_DATABASE = "数据库文件已损坏"
BACKUP_OF_DAMAGED = "数据库文件已损坏(完整性检查未通过), 未做备份, 已有的备份一个也没有删除"
# what the window tells when the day's automatic backup failed for a reason with no sentence of its own
DAILY_BACKUP_FAILED = "自动备份失败, 详情已写入日志(logs/villagedesk.log); 请在设置页立即备份"


def backup(desk: Desk, target: Path | None = None, actor: str = "") -> Path:
    """One archive with the DB (online backup API), every attachment and a SHA-256 manifest.

    Written under a temporary name and renamed when complete; recorded in the audit log; the automatic
    backups in ``backups/`` are then rotated by creation order (never the one just made).
    """
    folder = desk.paths.backups
    with _backup_lock(folder):
        _clean_leftovers(folder)
        if target is not None:  # a folder of the user's: only what a killed backup to this name left
            target.with_name(target.name + ".part").unlink(missing_ok=True)
        seq = next_seq(folder)
        now = datetime.now()
        if target is None:
            target = folder / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}-{seq:05d}{archive.SUFFIX}"
        if target.exists():
            raise RestoreError(f"目标文件已存在, 不会覆盖: {target.name}")
        try:
            archive.write_archive(desk.paths.db, desk.paths.blobs, target, seq, now, scratch=folder)
        except archive.DamagedDatabase:
            log.warning("backup refused: the database fails its integrity check")
            raise BackupRefused(damaged_advice(desk.paths.backups, BACKUP_OF_DAMAGED)) from None
        except BaseException as err:
            if not failures.disk_full(err):
                raise
            log.info("backup: no room on the disk (%s)", type(err).__name__)  # info: no log file may be set up
            short = failures.failed_folder(err) or target.parent
            need = _room_needed(short, {folder: _size(desk.paths.db), target.parent: _backup_size(desk)})
            raise RestoreError(failures.short_of_room(short, need, "backup")) from None
        with desk.store.write() as s:
            audit_chain.add_audit(s, "backup", target.name, actor or _actor(desk), now)
        rotate(folder, keep=BACKUPS_KEPT, protect=target)
    return target


def _size(path: Path) -> int:
    try:
        return path.stat().st_size + sum(
            path.with_name(path.name + x).stat().st_size for x in ("-wal",) if path.with_name(path.name + x).exists()
        )
    except OSError:
        return 0


def _backup_size(desk: Desk) -> int:
    """About what an archive of the profile takes: its DB and every attachment file (stored as they are)."""
    total = _size(desk.paths.db)
    for blob in archive.iter_blob_files(desk.paths.blobs):
        total += _size(blob)
    return total


def _device(path: Path) -> int | None:
    probe = Path(path).absolute()
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    try:
        return probe.stat().st_dev
    except OSError:
        return None


def _room_needed(short: Path, pieces: dict[Path, int]) -> int:
    """What of ``pieces`` (folder -> bytes written there) lands on the disk of ``short``, the full one."""
    disk = _device(short)
    return sum(size for where, size in pieces.items() if _device(where) == disk) or sum(pieces.values())


def left_out_scans(desk: Desk, made: Path) -> str:
    """The sentence for the scans a backup left out (deleted from ``blobs/`` or damaged there), counted
    and named by case number; empty when it has them all."""
    if not archive.is_archive(made):
        return ""
    skipped = sorted(set(archive.read_manifest(made).skipped))
    if not skipped:
        return ""
    with desk.store.read() as s:
        rows = s.execute(
            select(m.Case.case_no).join(m.Attachment, m.Attachment.case_id == m.Case.id)
            .where(m.Attachment.sha256.in_(skipped)).distinct()
        ).scalars().all()  # fmt: skip
    cases = "、".join(sorted(rows)) or "—"
    return (f"{len(skipped)} 个附件在本机缺失或已损坏, 未放入备份(备份仍可恢复): 办件 {cases}; "
            "请运行 villagedesk check 查看, 并重新扫描这些材料")  # fmt: skip


K_SECOND_FOLDER = "backup.second_folder"  # chosen in 设置 → 备份与恢复: a USB stick or a second disk


def second_folder(desk: Desk) -> Path | None:
    with desk.store.read() as s:
        value = st.get_setting(s, K_SECOND_FOLDER, "") or ""
    return Path(value) if value.strip() else None


def set_second_folder(desk: Desk, folder: Path | None) -> None:
    """Remember (or forget, with None) the folder every backup is also copied to. A folder that is not
    there now is refused (a typo, a stick not plugged in): saving it would only fail at every backup."""
    if folder is not None and not Path(folder).is_dir():
        where = Path(folder).absolute()
        if where.exists():
            raise RestoreError(f"{where} 不是文件夹: 请选择U盘或另一块硬盘上的一个文件夹; 第二备份文件夹未保存")
        raise RestoreError(
            f"文件夹 {where} 不存在: 请先接上U盘或移动硬盘(或建好这个文件夹)再保存; 第二备份文件夹未保存"
        )
    with desk.store.write() as s:
        st.set_setting(s, K_SECOND_FOLDER, str(folder) if folder else "")


K_COPY_FOLDERS = "backup.copy_folders"  # JSON: every other folder a backup was copied to (``backup --also``)
MAX_COPY_FOLDERS = 8


def copy_folders(desk: Desk) -> list[Path]:
    """The folders this PC's backups were copied to: the second folder of 设置, then every ``--also`` one.
    ``encrypt`` and ``check`` ask them all: a stick written once with ``--also`` kept its plain copies, and
    ``check`` said 正常 after ``encrypt``."""
    import json

    with desk.store.read() as s:
        raw = st.get_setting(s, K_COPY_FOLDERS, "") or "[]"
    try:
        named = [Path(p) for p in json.loads(raw) if isinstance(p, str) and p.strip()]
    except ValueError:
        named = []
    second = second_folder(desk)
    return list(dict.fromkeys([*([second] if second is not None else []), *named]))


def remember_copy_folder(desk: Desk, folder: Path) -> None:
    import json

    with desk.store.write() as s:
        try:
            known = [p for p in json.loads(st.get_setting(s, K_COPY_FOLDERS, "") or "[]") if isinstance(p, str)]
        except ValueError:
            known = []
        where = str(Path(folder).absolute())
        known = [where, *(p for p in known if p != where)][:MAX_COPY_FOLDERS]
        st.set_setting(s, K_COPY_FOLDERS, json.dumps(known, ensure_ascii=False))


def backup_with_copy(desk: Desk, target: Path | None = None) -> tuple[Path, Path | None]:
    """A backup, then its checked copy in the second folder when one is set (``None`` if not)."""
    made = backup(desk, target)
    folder = second_folder(desk)
    copy = copy_to_second_folder(made, folder) if folder is not None else None
    seal_second_folder(desk, folder)
    return made, copy


def seal_second_folder(desk: Desk, folder: Path | None, only_own: bool = False) -> None:
    """On an encrypted profile, older plain backups in the second folder (made before ``encrypt``) are
    rewritten encrypted at every backup run: a USB stick must not keep what the profile no longer does."""
    from villagedesk.services import backup_sealing, sealed_blobs

    key = sealed_blobs.profile_key(desk.paths.root)
    if key is not None and folder is not None:
        keep = backup_sealing.made_by(desk.identity.device_tag) if only_own else None
        with _backup_lock(desk.paths.backups):
            backup_sealing.seal_second_folder(desk.paths.root, folder, key, keep)


def backup_if_due(desk: Desk, today: date | None = None) -> Path | None:
    """The daily automatic backup (copied to the second folder too): made unless ``backups/`` already
    has one created today.

    "Today" and the manifests' creation times come from the same clock, so a clock that is wrong but
    steady still gives one backup a day; rotation by creation order keeps the newest whatever the date.
    """
    day = (today or datetime.now().date()).isoformat()
    automatic = [b for b in list_backups(desk.paths.backups) if b.path.name.startswith(AUTO_PREFIX)]
    if any(b.created.startswith(day) for b in automatic):
        return None
    return backup_with_copy(desk)[0]


def copy_to_second_folder(archive_path: Path, folder: Path, keep: int = BACKUPS_KEPT) -> Path:
    """Copy a finished backup to a second folder (a USB stick, a second disk), checked and rotated there.

    Why: a backup on the same disk dies with the disk. The copy is written under a temporary name,
    verified against its manifest, then renamed; the second folder keeps the newest ``keep`` by
    creation order too. The folder is never made: an absent one means the stick or disk is not there
    (its mount point may be), and a copy made on the system disk in its place would be a false comfort.
    """
    folder = Path(folder)
    if not folder.is_dir():  # never made: on an unplugged stick's mount point it would be the system disk
        raise CopyNotMade(archive_path, f"第二备份文件夹 {folder} 不存在(U盘或移动硬盘没有接上?)")
    for stale in folder.glob(f"*{archive.SUFFIX}.part"):  # a killed copy's leftover (personal data)
        stale.unlink(missing_ok=True)
    target = folder / archive_path.name
    part = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(archive_path, part)
        private_files.private(part)
        with part.open("rb+") as fh:
            os.fsync(fh.fileno())
        archive.verify_archive(part)
        os.replace(part, target)
    except archive.ArchiveError as err:
        part.unlink(missing_ok=True)
        raise CopyNotMade(archive_path, f"复制到第二个文件夹后校验不符, 已删除该副本: {err}") from None
    except BaseException as err:
        part.unlink(missing_ok=True)
        if failures.disk_full(err):  # the stick is full, not the profile's disk: how much it needs
            raise CopyNotMade(archive_path, failures.short_of_room(folder, _size(archive_path), "copy")) from None
        if isinstance(err, OSError):  # a stick pulled out, a read-only one: the folder named, in Chinese
            raise CopyNotMade(archive_path, failures.file_error(err)) from None
        raise
    rotate(folder, keep=keep, protect=target, scratch=archive_path.parent)
    return target


def _backup_lock(folder: Path) -> FileLock:
    """One backup or restore at a time per profile; the refusal says who is at it."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # the profile's backups/: owner-only
    try:
        return FileLock(folder / ".backup.lock").acquire()
    except LockHeld as held:
        raise RestoreError(f"另一个备份或恢复正在进行({held.holder.describe()}): 请等它完成后再试") from None


def _actor(desk: Desk) -> str:
    try:
        return desk.identity.user
    except DomainError:
        return ""


def remove_leftovers(folder: Path) -> None:
    """What a killed backup, copy or re-sealing left in ``folder`` (some of it plain personal data)."""
    with _backup_lock(folder):
        _clean_leftovers(folder)


def list_backups(folder: Path) -> list[BackupInfo]:
    """Archives in ``folder``, oldest first by creation order (manifest sequence, then file time)."""
    found = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"*{archive.SUFFIX}"):
        try:
            man = archive.read_manifest(path)
            found.append(BackupInfo(path, man.seq, man.created, man.cases))
        except DomainError:
            continue  # unreadable: never counted as a backup, never deleted by rotation
    found.sort(key=lambda b: (b.seq, _mtime(b.path)))
    return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def next_seq(folder: Path) -> int:
    """Creation order that a wrong clock cannot reverse: one more than any backup in the folder."""
    return max((b.seq for b in list_backups(folder)), default=0) + 1


def rotate(
    folder: Path, keep: int = BACKUPS_KEPT, protect: Path | None = None, scratch: Path | None = None
) -> list[Path]:
    """Delete the oldest automatic backups beyond ``keep``, by creation order, never by name or clock.

    The newest backup and ``protect`` (the one just made) are never deleted, nor is a lone backup, nor the
    newest backup whose database verifies (checked before anything is deleted: ten damaged backups must
    not push out the last good one); when none verifies, nothing is deleted. Older plain-DB backups
    (``villagedesk-*.db``) count as older than every archive. ``scratch``: where an archive's database is
    checked (the profile's ``backups/``, never a USB stick).
    """
    keep = max(keep, 1)
    legacy = sorted(folder.glob(f"{AUTO_PREFIX}*.db"), key=_mtime)
    ordered = legacy + [b.path for b in list_backups(folder) if b.path.name.startswith(AUTO_PREFIX)]
    doomed = ordered[: max(len(ordered) - keep, 0)]
    if not doomed:
        return []
    good = next((p for p in reversed(ordered) if backup_sound(p, scratch or folder)), None)
    if good is None:
        log.warning("rotation skipped: no backup in the folder verifies")
        return []
    removed = []
    for old in doomed:
        if old == good or (protect is not None and old.resolve() == protect.resolve()):
            continue
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


EMPTY_BACKUP = "备份文件 {name} 是空的(0 字节): 可能复制中断或当时磁盘已满, 不能用来恢复; 当前数据未改动"


def backup_sound(path: Path, scratch: Path) -> bool:
    """Whether a backup (archive or an older version's plain ``.db``) holds a database a restore accepts."""
    if archive.is_archive(path):
        return archive.archive_db_sound(path, scratch)
    try:
        verify_backup_file(path)
    except RestoreError:
        return False
    return True


def newest_sound_backup(folder: Path) -> Path | None:
    """The newest backup in ``folder`` (automatic or not, by creation order) whose database verifies."""
    if not folder.is_dir():
        return None
    ordered = sorted(folder.glob(f"{AUTO_PREFIX}*.db"), key=_mtime) + [b.path for b in list_backups(folder)]
    return next((p for p in reversed(ordered) if backup_sound(p, folder)), None)


def damaged_advice(backups: Path, opening: str = DAMAGED_DATABASE) -> str:
    """What to do about a damaged database: restore from the newest backup that verifies, named, or say
    there is none here (a USB stick's copy, or the town's records)."""
    good = newest_sound_backup(backups)
    if good is None:
        return (f"{opening}: 备份文件夹 {backups} 中没有可用的完好备份; 请用第二备份文件夹(U盘)中的备份运行 "
                "villagedesk restore 文件, 并告知镇中心")  # fmt: skip
    return f"{opening}: 请用最新的完好备份恢复: villagedesk restore {good}"


NOT_A_BACKUP = "这不是 VillageDesk 的备份文件, 或备份文件已损坏, 不能恢复; 当前数据未改动"


def verify_backup_file(path: Path) -> str:
    """Check that ``path`` is a VillageDesk DB this version can open; returns its revision."""
    if not path.is_file():
        raise RestoreError(f"找不到备份文件: {path}")
    if path.stat().st_size == 0:  # SQLite opens an empty file as an empty DB: "no revision" would mislead
        raise RestoreError(EMPTY_BACKUP.format(name=path.name))
    try:
        conn = connect_readonly(path)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
    except cipher.DATABASE_ERRORS as err:
        log.info("not a backup: %s", type(err).__name__)
        raise RestoreError(NOT_A_BACKUP) from None
    if ok != "ok":
        raise RestoreError("备份文件已损坏(integrity_check 未通过)")
    try:
        revision = current_revision(path)
    except cipher.DATABASE_ERRORS as err:
        log.info("not a backup: %s", type(err).__name__)
        raise RestoreError(NOT_A_BACKUP) from None
    if revision is None:
        raise RestoreError("不是 VillageDesk 备份文件(没有结构版本)")
    if revision not in known_revisions():  # restoring it would leave a profile this version cannot open
        raise RestoreError(f"备份来自更新版本的 VillageDesk(结构版本 {revision}), 请先升级程序; 当前数据未改动")
    return revision


@dataclass(frozen=True)
class RestoreResult:
    safety: Path | None  # the replaced DB, kept as a database-only archive
    cases: int  # cases in the restored DB
    kept_aside: int  # cases of the replaced DB that the backup does not have (they are in ``safety``)
    attachments: int  # attachment files put back into the blob store
    counters_raised: int  # counters moved past numbers the replaced DB had already issued
    enrolled: bool = False  # the restored DB syncs with a town server: a sync brings back what it holds
    numbers_skipped: bool = False  # a new PC: the days since the backup skip past what the lost PC issued
    kept_enrollment: bool = False  # this PC's enrollment (device id, token, server…) kept, not the backup's
    logins: list[str] = field(default_factory=list)  # login names whose password is now the backup's
    had_logins: bool = False  # the replaced DB had accounts of its own (their passwords no longer hold)
    rolled_back: RolledBack = field(default_factory=RolledBack)  # later steps and records undone
    # this PC's stops kept, the key file made to agree, and per account what opens the desk now
    accounts: restore_accounts.AccountsPlan = field(default_factory=restore_accounts.AccountsPlan)
    numbers_skip: int = 0  # with ``numbers_skipped``: how far past the highest known number the days start


Secret = Callable[[], tuple[str | None, str]]  # asks (login name or None, password) when a backup is encrypted


def hold_backup_lock(folder: Path) -> FileLock:
    """The lock a restore holds, taken by its caller so that it stays held until the restore has reported
    (``restore_note`` is not read as stale meanwhile); pass it to ``restore``."""
    return _backup_lock(folder)


def restore(
    paths: ProfilePaths,
    source: Path,
    secret: Secret | None = None,
    today: date | None = None,
    lock: FileLock | None = None,
) -> RestoreResult:
    """Replace the profile DB with the backup ``source`` after verifying all of it.

    Call with no Desk open on the profile. Nothing is touched until the whole backup checked out (every
    member against its SHA-256, then SQLite's integrity check and the schema revision); the replaced DB
    is first kept as an archive under ``backups/``; the counters continue past every number this device
    issued; the newer cases the backup lacks are counted and stay in that safety copy.
    """
    source = _backup_file(source)
    try:
        manifest = archive.verify_archive(source) if archive.is_archive(source) else None
    except archive.ArchiveError as err:
        raise RestoreError(str(err)) from None
    paths.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    held = contextlib.nullcontext(lock) if lock is not None else _backup_lock(paths.backups)
    with held:  # no backup writes a safety copy's folder meanwhile
        _clean_leftovers(paths.backups)
        for stale in paths.root.glob(".restore-*.db*"):  # a killed restore's staged copy (personal data)
            stale.unlink(missing_ok=True)
        try:
            return _restore_verified(paths, source, manifest, secret, today or date.today())
        except BaseException as err:
            if not failures.disk_full(err):
                raise
            log.info("restore: no room on the disk (%s)", type(err).__name__)  # info: never on stderr
            need = _restore_room(paths, source, manifest)
            raise RestoreError(failures.short_of_room(paths.root, need, "restore")) from None


def _restore_room(paths: ProfilePaths, source: Path, manifest: archive.Manifest | None) -> int:
    """About the room a restore takes in the profile: the staged DB and the DB put in place, the safety copy
    of the replaced DB, and the backup's attachment files the profile lacks."""
    if manifest is None:
        return 2 * _size(source) + _size(paths.db)
    total = 2 * manifest.members[archive.DB_MEMBER]["size"] + _size(paths.db)
    for name, member in manifest.members.items():
        there = paths.blobs / Path(name).parent.name / Path(name).name
        if name.startswith(archive.BLOBS + "/") and not there.is_file():
            total += member["size"]
    return total


def _backup_file(source: Path) -> Path:
    """The backup file named, refused in its own words when it is missing or empty: a 0-byte file is a copy
    that never got its bytes (a stick pulled out, a full disk), not "not a VillageDesk backup"."""
    source = Path(source)
    if not source.is_file():
        raise RestoreError(f"找不到备份文件: {source}")
    if source.stat().st_size == 0:
        raise RestoreError(
            f"备份文件 {source.name} 是空的(0 字节): 备份或拷贝没有完成, 不能恢复; "
            "请换一个完整的备份文件, 当前数据未改动"
        )
    return source


def _created_day(manifest: archive.Manifest | None) -> date | None:
    try:
        return datetime.fromisoformat(manifest.created).date() if manifest is not None else None
    except ValueError:
        return None


def _restore_verified(
    paths: ProfilePaths, source: Path, manifest: archive.Manifest | None, secret: Secret | None, today: date
) -> RestoreResult:
    stage = paths.root / f".restore-{os.getpid()}.db"
    sealed = stage.with_name(stage.name + ".sealed")
    staged_keys = paths.root / f".restore-{os.getpid()}-keys"
    safety: Path | None = None
    swapping = False
    try:
        if manifest is not None:
            archive.extract_db(source, manifest, stage)
            _unlock_staged(source, manifest, stage, staged_keys, secret)
        else:
            verify_backup_file(source)  # an older version's plain DB backup: no checksum to check
            _copy_db(source, stage)
        verify_backup_file(stage)
        restored, replaced = read_seen(stage), read_seen(paths.db)
        records = local_records(paths.backups)  # this PC's own backups and safety copies (their manifests)
        # taken before the safety copy: a damaged DB is moved aside whole, and its key (from the key file,
        # the DB unread) still decides that what replaces it is encrypted
        profile_key = _profile_key(paths)
        safety = _keep_replaced(paths, profile_key) if paths.db.exists() else None
        raised = merged_counters(restored, replaced, records)
        lost = counters_lost(restored, replaced)
        skip = lost_numbers_skip(restored, raised) if lost else 0
        if lost:  # a new PC: what the lost one numbered after the backup is unknown
            raised = skip_lost_numbers(restored, raised, _created_day(manifest), today, skip)
        kept = own_enrollment(restored, replaced)  # this PC stays itself to the town server
        write_settings(stage, {**raised, **kept, **own_preferences(restored, replaced)})
        people = _plan_accounts(paths, stage, staged_keys, restored, replaced, profile_key)
        restore_accounts.stop_in_stage(stage, people.stop_ids)  # this PC's stops, and who no wrap opens for
        final_key = cipher.key_of(stage) if cipher.is_encrypted(stage) else profile_key
        try:  # the scans, sealed with the key the restored DB will have (a plain backup's are sealed here)
            blobs = (
                archive.extract_blobs(source, manifest, paths.blobs, final_key, cipher.known_keys())
                if manifest is not None else 0
            )  # fmt: skip
        except archive.ArchiveError as err:
            raise RestoreError(f"{err}; 当前数据库未改动") from None
        if not cipher.is_encrypted(stage) and profile_key is not None:  # an encrypted profile stays encrypted
            cipher.export_encrypted(stage, sealed, profile_key)
            stage.unlink()
            os.replace(sealed, stage)
        aside = sorted(replaced.numbers[c] for c in replaced.case_ids - restored.case_ids)
        if aside and safety is not None:  # told by the next command if this one is killed before it reports
            restore_note.write(paths.root, safety, aside, paths.db)
        try:
            if cipher.is_encrypted(stage) or cipher.is_encrypted(paths.db):
                swapping = True  # renames: a failure part-way may leave the restored DB in place
                _swap_in(paths, stage, staged_keys / archive.KEYS_MEMBER, people.wraps)
            else:
                _copy_db(stage, paths.db)  # one SQLite transaction: a failure leaves the old DB as it was
        except BaseException:
            restore_note.clear(paths.root)  # the old database is still there: nothing was set aside
            raise
    except BaseException:
        # failed before the swap (a full disk while the scans came out…): the DB is in place, untouched, so
        # its safety copy goes too and a retry starts from what was there (a DB kept byte for byte stays:
        # it was removed from the profile, that copy is all there is of it)
        if not swapping and safety is not None and safety.name.endswith(archive.SUFFIX) and paths.db.exists():
            safety.unlink(missing_ok=True)
        raise
    finally:
        for leftover in (stage, stage.with_name(stage.name + "-wal"), stage.with_name(stage.name + "-shm"), sealed):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(staged_keys, ignore_errors=True)
    _seal_replaced(paths)
    kept_aside = len(replaced.case_ids - restored.case_ids)
    enrolled = bool(restored.settings.get("sync.server"))
    return RestoreResult(
        safety,
        len(restored.case_ids),
        kept_aside,
        blobs,
        len(raised),
        enrolled or bool(kept),
        lost,
        bool(kept),
        logins_replaced(restored, replaced),
        bool(replaced.logins),
        rolled_back(restored, replaced),
        people,
        skip,
    )


def record_restored_accounts(desk: Desk, result: RestoreResult) -> None:
    """The trail of the restored DB says the stops the restore kept (its own entry of them was undone)."""
    people = result.accounts
    if not (people.kept_stops or people.keyless):
        return
    with desk.store.write() as s:
        for name in [*people.kept_stops, *people.keyless]:
            audit_chain.add_audit(s, "account_deactivate", name, _actor(desk) or "本机")


def _plan_accounts(
    paths: ProfilePaths, stage: Path, staged_keys: Path, restored, replaced, profile_key: bytes | None
) -> restore_accounts.AccountsPlan:
    """Who is in use and stopped in the restored DB, and (an encrypted result) the key file it gets."""
    from villagedesk.services import keyfile

    def load(folder: Path) -> list:
        try:
            return keyfile.load(folder) if keyfile.exists(folder) else []
        except keyfile.KeyFileError:
            return []

    current = load(paths.root)
    encrypted = cipher.is_encrypted(stage) or profile_key is not None
    incoming = staged_keys / archive.KEYS_MEMBER
    wraps = (load(staged_keys) if incoming.is_file() else current) if encrypted else None
    return restore_accounts.plan(restored, replaced, wraps or None, current)  # no key file: none written


def _seal_replaced(paths: ProfilePaths) -> None:
    """An encrypted result keeps no plain copy in ``backups/``: the replaced plain DB's safety copy (an
    archive, or a damaged DB kept byte for byte) and any older plain backup are sealed with its key."""
    from villagedesk.services import backup_sealing

    key = cipher.key_of(paths.db) if cipher.is_encrypted(paths.db) else None
    if key is not None:
        backup_sealing.seal_backups(paths.root, paths.backups, key)


def _unlock_staged(source: Path, manifest: archive.Manifest, stage: Path, folder: Path, secret: Secret | None) -> None:
    """An encrypted backup whose key this process does not hold: its own key file, opened by a password or
    a recovery code that opened the key when the backup was made (the same PC's current key needs none)."""
    from villagedesk.services import keyfile

    if not cipher.is_encrypted(stage) or cipher.key_of(stage) is not None:
        return
    folder.mkdir(exist_ok=True)
    if archive.extract_keys(source, manifest, folder) is None:
        raise RestoreError(_no_key_file(source))
    if secret is None:
        raise RestoreError("此备份已加密: 需要制作它时那台电脑上代办员的登录密码或恢复码; 当前数据未改动")
    username, password = secret()
    try:
        key = keyfile.open_any(folder, password, username)
    except keyfile.KeyFileError:
        raise RestoreError(keyfile.WRONG_BACKUP_SECRET) from None
    cipher.register_key(folder, key)
    if cipher.key_of(stage) is None:
        raise RestoreError("备份的密钥文件与其数据库不匹配, 不能恢复; 当前数据未改动")


def _no_key_file(source: Path) -> str:
    """An encrypted backup without its key file (made while ``keys.json`` was missing beside the DB): no
    password opens it, so the sentence names the file and says what to do instead."""
    return (
        f"备份文件 {source} 中的数据库已加密, 但没有密钥文件(keys.json), 任何密码都打不开它, 不能恢复; "
        "当前数据未改动: 请换一个含密钥文件的备份(在原电脑上登录后重新备份), "
        "或找到制作备份时与数据库放在一起的 keys.json"
    )


def backup_key(source: Path, secret: str, username: str | None = None) -> bytes | None:
    """The DB key an encrypted archive's own key file gives for ``secret`` (a password or a recovery code);
    None when it is not such an archive or the secret opens none of its wraps. Reads only its key file."""
    from villagedesk.services import keyfile

    try:
        if not archive.is_archive(Path(source)):
            return None
        manifest = archive.read_manifest(Path(source))
        with tempfile.TemporaryDirectory(prefix=".vd-keys-") as tmp:
            if archive.extract_keys(Path(source), manifest, Path(tmp)) is None:
                return None
            return keyfile.open_any(Path(tmp), secret, username)
    except (archive.ArchiveError, keyfile.KeyFileError, OSError):
        return None


def _swap_in(paths: ProfilePaths, stage: Path, archive_keys: Path, wraps: list | None = None) -> None:
    """Put an encrypted stage in place by rename (the backup API cannot copy between two keys).

    The key file first holds both keys' wraps (a kill before the rename still opens the old DB), then
    only the restored DB's; the old DB's WAL was kept in the safety copy and goes before the rename. The
    profile's attachment files not in the backup are sealed with the restored DB's key while the key file
    still holds both (plain ones, and those the replaced DB's key sealed)."""
    from villagedesk.services import keyfile, sealed_blobs

    key = cipher.key_of(stage)
    if archive_keys.is_file():  # the backup's own wraps: its accounts open the restored DB
        current = keyfile.load(paths.root) if keyfile.exists(paths.root) else []
        incoming = keyfile.load(archive_keys.parent)
        keyfile.save(paths.root, incoming + current)
        final: list | None = incoming
    else:
        final = None
    for suffix in ("-wal", "-shm"):
        paths.db.with_name(paths.db.name + suffix).unlink(missing_ok=True)
    os.replace(stage, paths.db)
    sealed_blobs.forget_profile(paths.root)
    if key is not None:
        sealed_blobs.conform(paths.root, key, cipher.known_keys())
    if wraps is not None:  # agreeing with the restored DB's accounts (restore_accounts.plan)
        final = wraps
    if final is not None:
        keyfile.save(paths.root, final)
    if key is not None:
        cipher.register_key(paths.root, key)


def _profile_key(paths: ProfilePaths) -> bytes | None:
    """The key of the profile's encrypted DB: the one that opens it, else (a damaged DB) the one its key
    file gave this process; None for a plain or absent DB."""
    if not cipher.is_encrypted(paths.db):
        return None
    return cipher.key_of(paths.db) or (cipher.key_for_folder(paths.root) if cipher.looks_sealed(paths.db) else None)


def _keep_replaced(paths: ProfilePaths, key: bytes | None = None) -> Path:
    """The replaced DB as a DB-only archive; a DB SQLite cannot read (the reason to restore, often) is
    kept byte for byte instead, with its WAL, so nothing of it is lost either way. On an encrypted profile
    (``key``) that copy is sealed whole at once (``….vdsealed``, ``villagedesk unseal`` gives it back):
    nothing in ``backups/`` is readable without the key, whatever page of it is damaged."""
    from villagedesk.services import backup_sealing

    stamp = datetime.now()
    name = f"before-restore-{stamp:%Y%m%d-%H%M%S}-{os.getpid()}"
    safety = paths.backups / f"{name}{archive.SUFFIX}"
    try:
        archive.write_archive(paths.db, None, safety, 0, stamp)
        return safety
    except (*cipher.DATABASE_ERRORS, MemoryError, cipher.LockedDatabase, archive.DamagedDatabase) as err:
        # SQLCipher: MemoryError on a bad page; the damaged file is kept aside byte for byte below
        safety.unlink(missing_ok=True)
        safety.with_name(safety.name + ".part").unlink(missing_ok=True)
        if failures.disk_full(err):  # no room for the copy: the DB is fine, the restore stops here
            raise
    raw = paths.backups / f"{name}-unreadable.db"
    kept = raw
    for suffix in ("", "-wal"):
        source = paths.db.with_name(paths.db.name + suffix)
        if source.exists():
            copy = raw.with_name(raw.name + suffix)
            part = copy.with_name(copy.name + ".part")
            try:
                shutil.copyfile(source, part)
                os.replace(part, copy)
            except BaseException:  # a full disk: no partial copy left, nor the half of the pair made
                part.unlink(missing_ok=True)
                for made in (raw, raw.with_name(raw.name + "-wal")):
                    made.unlink(missing_ok=True)
                raise
            if key is not None:
                sealed = backup_sealing.seal_copy(copy, key)
                kept = sealed if not suffix else kept
    for suffix in ("", "-wal", "-shm"):  # kept above; SQLite cannot write a restore into it
        paths.db.with_name(paths.db.name + suffix).unlink(missing_ok=True)
    return kept


@dataclass(frozen=True)
class RestorePreview:
    """What a restore would do, for the confirmation: N cases in the backup, M now, K kept aside."""

    created: str
    backup_cases: int
    current_cases: int
    kept_aside: int
    rolled_back: RolledBack = field(default_factory=RolledBack)


def preview_restore(paths: ProfilePaths, source: Path, secret: Secret | None = None) -> RestorePreview:
    """Verify ``source`` fully (as ``restore`` does) and count what it would change; writes nothing."""
    source = _backup_file(source)
    try:
        manifest = archive.verify_archive(source) if archive.is_archive(source) else None
    except archive.ArchiveError as err:
        raise RestoreError(str(err)) from None
    with tempfile.TemporaryDirectory(prefix=".vd-preview-", dir=paths.root if paths.root.is_dir() else None) as tmp:
        stage = Path(tmp) / "backup.db"
        if manifest is not None:
            archive.extract_db(source, manifest, stage)
            _unlock_staged(source, manifest, stage, Path(tmp) / "keys", secret)
        else:
            verify_backup_file(source)
            _copy_db(source, stage)
        verify_backup_file(stage)
        restored = read_seen(stage)
    replaced = read_seen(paths.db)
    created = manifest.created if manifest is not None else ""
    kept = len(replaced.case_ids - restored.case_ids)
    return RestorePreview(
        created, len(restored.case_ids), len(replaced.case_ids), kept, rolled_back(restored, replaced)
    )


def _copy_db(source: Path, target: Path) -> None:
    """Online-backup-API copy of ``source`` (opened read-only: its path may hold ``#`` or ``%``)."""
    key = cipher.key_of(source)  # an encrypted source is copied encrypted, with its own key
    src = connect_readonly(source)
    dst = cipher.connect(target, key=key) if key is not None else sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


@dataclass
class CheckReport:
    revision: str | None
    head: str
    integrity: str
    cases: int
    events: int
    outbox_pending: int
    outbox_rejected: int
    mismatched: list[str] = field(default_factory=list)
    rebuilt: int = 0
    problems: list[str] = field(default_factory=list)  # attachments, schema, orphans: what and what to do
    repaired: list[str] = field(default_factory=list)  # schema objects ``rebuild`` created
    quarantined: int = 0  # pulled events set aside by sync (not a fault of this PC: shown, not failed)
    audit_entries: int = 0
    tampered: list[str] = field(default_factory=list)  # what the audit chain says was edited or deleted
    held: list[str] = field(default_factory=list)  # case numbers not rebuilt: an event edited or deleted
    enrolled: bool = False  # the town holds this PC's synced events (the way back from a forged row)
    refused_steps: int = 0  # this PC's steps the server refused: kept and shown, never driving a case
    refused_cases: list[str] = field(default_factory=list)  # their case numbers (standing as the server has them)
    # cases whose registration the server refused: the town does not hold the case at all (its receipt opens
    # nothing there), so check is not 正常 while there is one (#18)
    refused_registrations: list[str] = field(default_factory=list)
    # (masked ID number, case numbers) of ID numbers on file under two names: cases pulled from the town,
    # or written by an older version; each case names its own registration's person, the agent decides (#13)
    two_names: list[tuple[str, list[str]]] = field(default_factory=list)
    # (count, latest day, up to 10 case numbers) of cases registered after today: this PC's clock was fast
    # when they were registered (or is slow now); nothing but ``sync`` said so, and not when not enrolled
    future: tuple[int, date | None, list[str]] = (0, None, [])
    today: date | None = None  # the day ``check`` took for today (this PC's clock)

    @property
    def ok(self) -> bool:
        return (
            self.revision == self.head
            and self.integrity == "ok"
            and not self.mismatched
            and not self.problems
            and not self.tampered
            and not self.refused_registrations
        )

    @property
    def warned(self) -> bool:
        """Something for the agent to look into that damages nothing: an ID number on file under two
        names (同号异名), pulled events set aside, this PC's steps refused by the town. ``check`` says
        有警告 then, never 正常 (it said 正常 beside a 同号异名 line, #18), and exits 0 as for any warning."""
        return bool(self.two_names or self.quarantined or self.refused_steps or self.future[0])


_COMPARED = ("status", "case_no", "due_on", "open", "paused", "conflict", "return_rounds", "outcome", "event_count")


def check(desk: Desk, rebuild: bool = False) -> CheckReport:
    """Schema revision, integrity, the schema against a fresh DB, attachment files against their hashes,
    orphan rows, outbox size, and projections equal to a rebuild from events."""
    with desk.store.read() as s:
        integrity = s.execute(text("PRAGMA integrity_check")).scalar() or "?"
        counts = {
            "cases": s.scalar(select(func.count()).select_from(m.Case)) or 0,
            "events": s.scalar(select(func.count()).select_from(m.EventRow)) or 0,
            "quarantined": s.scalar(select(func.count()).select_from(m.QuarantinedEvent)) or 0,
        }
        outbox = dict(s.execute(select(m.OutboxEntry.status, func.count()).group_by(m.OutboxEntry.status)).all())
    report = CheckReport(
        revision=current_revision(desk.paths.db),
        head=head_revision(),
        integrity=integrity,
        cases=counts["cases"],
        events=counts["events"],
        outbox_pending=outbox.get("pending", 0),
        outbox_rejected=outbox.get("rejected", 0),
        quarantined=counts["quarantined"],
    )
    if rebuild and integrity == "ok" and health.schema_problems(desk.paths.db):
        with desk.store.write() as s:
            report.repaired = repair_schema(s.connection())
    if integrity == "ok":
        report.problems = [
            *health.schema_problems(desk.paths.db),
            *health.attachment_problems(desk),
            *health.outbox_orphans(desk.paths.db),
            *health.plain_backup_problems(desk.paths.db, desk.paths.backups),
            *health.restore_stage_problems(desk.paths.root),
            *_second_folder_problems(desk),
        ]
    edited: frozenset[str] = frozenset()
    if integrity == "ok":
        verdict = audit.verify(desk)
        report.audit_entries = verdict.entries
        report.tampered = [f.message for f in verdict.findings]
        edited = verdict.edited_cases | verdict.gutted_cases  # both: the events left are not the record
    with desk.store.read() as s:
        report.enrolled = bool(st.get_setting(s, "sync.server"))
        refused = st.refused_ids(s)
        report.refused_steps = len(refused)
        report.refused_cases = _case_numbers_of(s, refused)
        registrations = set()
        listed = sorted(refused)
        for i in range(0, len(listed), 500):
            query = select(m.EventRow.id).where(
                m.EventRow.id.in_(listed[i : i + 500]), m.EventRow.type == EventType.CASE_REGISTERED.value
            )
            registrations.update(s.scalars(query))
        report.refused_registrations = _case_numbers_of(s, registrations)
        report.two_names = _two_names(s)
        report.today = desk.today()
        report.future = _registered_after(s, report.today)
    # A case whose event row was edited or deleted in the database is never rebuilt from it: the rebuild would make a
    # forged decision official. Its stored row stays as the app wrote it; check says how to get back.
    report.mismatched, report.held = _compare_projections(desk, desk.today(), rebuild, edited)
    if rebuild:
        report.rebuilt = len(report.mismatched) - len(report.held)
        if integrity == "ok":  # the stored statistics facts are derived too: computed again when next asked
            from villagedesk.services import metrics  # lazy: metrics imports appointments, intake, …

            metrics.clear_stored(desk)
    return report


def _registered_after(s, today: date) -> tuple[int, date | None, list[str]]:
    c = m.Case
    later = c.registered_on > today
    count = s.scalar(select(func.count()).select_from(c).where(later)) or 0
    if not count:
        return 0, None, []
    latest = s.scalar(select(func.max(c.registered_on)).where(later))
    numbers = list(s.scalars(select(c.case_no).where(later).order_by(c.registered_on.desc(), c.case_no).limit(10)))
    return count, latest, numbers


def _two_names(s) -> list[tuple[str, list[str]]]:
    """ID numbers whose cases name different people (their registrations' names), with the cases' numbers
    (at most 20 numbers, 10 cases each)."""
    a, c = m.Applicant, m.Case
    query = (
        select(a.id_number)
        .join(c, c.applicant_id == a.id)
        .where(a.id_number != "")
        .group_by(a.id_number)
        .having(func.count(func.distinct(c.applicant_name)) > 1)
        .limit(20)
    )
    out = []
    for number in s.scalars(query):
        ids = select(a.id).where(a.id_number == number)
        cases = sorted(s.scalars(select(c.case_no).where(c.applicant_id.in_(ids)).limit(10)))
        out.append((mask_id(number), cases))
    return out


def _second_folder_problems(desk: Desk) -> list[str]:
    from villagedesk.services import backup_sealing

    if not cipher.is_encrypted(desk.paths.db):
        return []
    second, own = second_folder(desk), backup_sealing.made_by(desk.identity.device_tag)
    return [
        problem
        for folder in copy_folders(desk)
        for problem in backup_sealing.second_folder_problems(folder, None if folder == second else own)
    ]


def _case_numbers_of(s, event_ids: set[str]) -> list[str]:
    """The case numbers of the cases these events belong to (those not yet projected: their ids)."""
    cases: set[str] = set()
    listed = sorted(event_ids)
    for i in range(0, len(listed), 500):
        cases.update(s.scalars(select(m.EventRow.case_id).where(m.EventRow.id.in_(listed[i : i + 500]))))
    numbers = dict(s.execute(select(m.Case.id, m.Case.case_no).where(m.Case.id.in_(sorted(cases)))).all())
    return sorted(numbers.get(c, c) for c in cases)


def _compare_projections(
    desk: Desk, today: date, rebuild: bool, edited: frozenset[str] = frozenset()
) -> tuple[list[str], list[str]]:
    """Re-project every case from its events: the case numbers whose stored row differs, and those of them
    not rebuilt because one of their events was edited behind the app's back (``edited``: case ids)."""
    mismatched: list[str] = []
    held: list[str] = []
    with desk.store.read() as s:
        case_ids = list(s.scalars(select(m.EventRow.case_id).distinct()))
        refused = st.refused_ids(s)  # this PC's refused steps drive no case (projection.standing)
    batch = 2000
    for start in range(0, len(case_ids), batch):
        chunk = case_ids[start : start + batch]
        with desk.store.read() as s:
            events: dict[str, list] = {}
            table = m.EventRow.__table__  # plain rows: ORM objects for a million events cost minutes
            for row in s.execute(select(table).where(table.c.case_id.in_(chunk)).order_by(table.c.local_seq)):
                events.setdefault(row.case_id, []).append(st.row_to_event(row))
            query = select(m.Case).options(defer(m.Case.view)).where(m.Case.id.in_(chunk))
            stored = {r.id: r for r in s.scalars(query)}
        wrong = []
        for case_id in chunk:
            view = project(case_id, standing(events.get(case_id, []), refused))
            row = stored.get(case_id)
            if view.state is None or not view.registered:  # not a case (a progress report stream)
                continue
            if row is None or _differs(desk, view, row, today):
                mismatched.append(row.case_no if row else case_id)
                if case_id in edited:
                    held.append(row.case_no if row else case_id)
                else:
                    wrong.append(case_id)
        if rebuild and wrong:
            with desk.store.write() as s:
                for case_id in wrong:
                    st.reproject(s, desk.calendar, case_id, today)
    return mismatched, held


def _differs(desk: Desk, view, row: m.Case, today: date) -> bool:
    expected = {
        "status": view.state.value,
        "case_no": view.case_no,
        "due_on": st.compute_due(desk.calendar, view, today) if not row.paused else row.due_on,
        "open": view.state not in STOPPED_STATES,
        "paused": view.state in PAUSED_STATES,
        "conflict": view.conflict,
        "return_rounds": view.return_rounds,
        "outcome": view.outcome,
        "event_count": view.event_count,
    }
    return any(getattr(row, k) != expected[k] for k in _COMPARED)


__all__ = [
    "BACKUPS_KEPT", "BackupInfo", "CheckReport", "NewerDatabaseError", "RestoreResult",
    "backup", "check", "list_backups", "restore", "rotate",
]  # fmt: skip
