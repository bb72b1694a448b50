"""Owner-only permissions for a profile on POSIX: the folder 0700, its files 0600 (what the owner had).

Why: a plain profile's database, its backups and its logs hold every villager's name and ID number, and
the default umask leaves them readable by every local account of the PC. Windows keeps its folder ACLs
(the user's own data folder); a FAT USB stick has no permissions to set, so failures are ignored.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

_DEEP = ("backups", "logs", "exports")  # their files are tightened too (archives, logs, exports)


def private(path: Path) -> None:
    """One file or folder readable by its owner only (nothing on Windows; ignored where not possible)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            return
        if stat.S_IMODE(mode) & 0o077:  # group and others lose access; the owner's bits stay (a read-only
            os.chmod(path, stat.S_IMODE(mode) & 0o700)  # folder stays read-only)


def tighten(root: Path) -> None:
    """The profile folder, the files in it, its sub-folders (the blob store's two-letter folders too) and
    the files of ``backups/``, ``logs/`` and ``exports/``: made owner-only where they are not. Cheap on a
    profile already tight (one ``lstat`` each, the scans of ``blobs/`` too: an older version wrote them 0644)."""
    if os.name != "posix" or not root.is_dir():
        return
    private(root)
    for entry in _entries(root):
        private(entry)
        if entry.is_dir() and not entry.is_symlink():
            deep = entry.name in _DEEP
            for inner in _entries(entry):
                if deep or inner.is_dir():
                    private(inner)
                if entry.name == "blobs" and inner.is_dir() and not inner.is_symlink():
                    for scan in _entries(inner):  # an older version's scans were 0644 (the umask's)
                        private(scan)


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []
