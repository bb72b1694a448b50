"""What a killed backup, copy or re-sealing left in ``backups/`` (some of it plain personal data).

Why a module of its own: ``Desk.open`` sweeps it at every open of an encrypted profile, and must not
import maintenance (which builds on Desk).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from villagedesk.services import backup_archive as archive
from villagedesk.services.file_lock import FileLock, LockHeld

LOCK_NAME = ".backup.lock"  # the same lock maintenance's backups and restores hold


def clean_leftovers(folder: Path) -> None:
    """A killed backup's partial archive and DB snapshot (personal data): removed under the lock."""
    if not folder.is_dir():
        return
    for part in folder.glob(f"*{archive.SUFFIX}.part"):
        part.unlink(missing_ok=True)
    for part in folder.glob("*.db.part"):
        part.unlink(missing_ok=True)
    _clean_snapshots(folder)


def _clean_snapshots(folder: Path) -> None:
    """The DB snapshots (``.vdbak-*`` folders of ``villagedesk.db*`` files) a killed backup left."""
    for tmp in folder.glob(".vdbak-*"):
        try:
            names = [p.name for p in tmp.iterdir()] if tmp.is_dir() else None
        except OSError:
            continue
        if names is not None and all(n.startswith(archive.DB_MEMBER) for n in names):
            shutil.rmtree(tmp, ignore_errors=True)


def sweep(folder: Path) -> None:
    """At every open of an encrypted profile: a killed re-sealing's plain snapshot must not wait for the
    next backup. Skipped while another process backs up (its snapshot is live; it cleans up itself)."""
    if not folder.is_dir() or not (any(folder.glob(".vdbak-*")) or any(folder.glob("*.part"))):
        return
    try:
        lock = FileLock(folder / LOCK_NAME).acquire()
    except LockHeld:
        return
    with lock:
        clean_leftovers(folder)


RESTORE_STAGES = (".restore-*.db*", ".restore-*-keys")  # a restore's staged DB (plain, often) and key files


def restore_stages(root: Path) -> list[Path]:
    """What a restore stages in the profile folder: ``.restore-<pid>.db`` (its -wal, -shm, .sealed) and
    ``.restore-<pid>-keys``. A killed restore leaves them: a plain backup's stage holds every ID number."""
    if not Path(root).is_dir():
        return []
    return sorted(p for pattern in RESTORE_STAGES for p in Path(root).glob(pattern))


def sweep_restores(root: Path) -> None:
    """At every open of a profile: a killed restore's stage (a plain DB inside an encrypted profile) must not
    wait for the next restore. Skipped while a restore or backup holds the profile's backup lock (a living
    restore's stage is in use; a dead one's lock is free, whatever became of its pid)."""
    stages = restore_stages(root)
    if not stages:
        return
    try:
        lock = FileLock(Path(root) / "backups" / LOCK_NAME).acquire()
    except LockHeld:
        return
    with lock:
        for stage in restore_stages(root):
            if stage.is_dir() and not stage.is_symlink():
                shutil.rmtree(stage, ignore_errors=True)
            else:
                stage.unlink(missing_ok=True)
