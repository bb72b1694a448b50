"""Plain copies of scans handed to the system's viewer (打开 on the case page), kept outside the profile.

Why: a system viewer can only open a plain file under a name with an extension, and the blob store holds
hashes (sealed ones on an encrypted profile). The copy is written to a folder of this session in the
OS temp dir (mode 0700, the file 0600), not inside the profile: it goes when the window closes, and a
session killed before that is swept at the next open of any profile (``check`` included). A session's
folder holds a lock file for as long as the session lives, so a sweep never takes a living window's copy.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from pathlib import Path

from villagedesk.services.file_lock import FileLock, LockHeld

PREFIX = "villagedesk-opened-"
LOCK = ".session.lock"
LEGACY = "opened"  # <profile>/opened: where older versions left the copies, for ever

_session: tuple[Path, FileLock] | None = None


def temp_root() -> Path:
    return Path(tempfile.gettempdir())


def session_folder() -> Path:
    """This process's folder (made on first use, 0700, its lock held until ``end_session``)."""
    global _session
    if _session is not None and _session[0].is_dir():
        return _session[0]
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=temp_root()))  # 0700, a name nobody could take first
    lock = FileLock(folder / LOCK).acquire()
    _session = (folder, lock)
    return folder


def place(name: str) -> Path:
    """Where the next copy called ``name`` goes; the earlier copies of the session are removed first, so
    scans of ID cards do not pile up (one a viewer still holds open on Windows stays until the sweep)."""
    folder = session_folder()
    for old in folder.iterdir():
        if old.name != LOCK and old.is_file():
            with contextlib.suppress(OSError):
                old.unlink()
    return folder / (Path(name).name or "scan")


def end_session() -> None:
    """Delete this session's copies (the window closes, or the process ends)."""
    global _session
    if _session is None:
        return
    folder, lock = _session
    _session = None
    lock.release()
    shutil.rmtree(folder, ignore_errors=True)


def sweep(profile: Path | None = None) -> int:
    """Remove the folders of sessions that ended without ``end_session`` (killed, power cut) and the copies
    an older version left in ``profile/opened``. A living session's folder (its lock held) is kept; a folder
    of another OS user cannot be opened and is left alone. Returns how many folders went."""
    removed = 0
    try:
        candidates = [p for p in temp_root().iterdir() if p.name.startswith(PREFIX)]
    except OSError:
        candidates = []
    for folder in candidates:
        if _session is not None and folder == _session[0]:
            continue
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            lock = FileLock(folder / LOCK).acquire()
        except LockHeld:
            continue  # a window of another process still shows it
        except OSError:
            continue  # not ours to open
        lock.release()
        shutil.rmtree(folder, ignore_errors=True)
        removed += not folder.exists()
    legacy = Path(profile) / LEGACY if profile is not None else None
    if legacy is not None and legacy.is_dir() and not legacy.is_symlink():
        shutil.rmtree(legacy, ignore_errors=True)
        removed += not legacy.exists()
    return removed


atexit.register(end_session)
