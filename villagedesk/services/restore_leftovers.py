"""A restore that fails leaves nothing it created: no new profile folder, no lock, no empty ``backups/``.

Why: a wrong password (or a damaged backup) restored onto a new PC's folder left that folder behind with
a lock file and an empty ``backups/``; the next ``--profile`` typo check then took it for a profile, and an
office tester found empty folders wherever a restore had been tried. ``nothing_left_on_failure`` notes what
exists before the restore and, if it fails in any way, removes what it made: the folder itself (and the
parents made for it) when it was new, else only the entries a restore creates that were not there.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# What a restore makes in an existing folder before it may fail: the instance lock, backups/ (its lock,
# the safety copy's folder), logs/ (the failure's scrubbed traceback).
_MADE_BY_RESTORE = ("villagedesk.lock", "backups", "logs")


def _first_missing(root: Path) -> Path | None:
    """The outermost folder of ``root``'s path that does not exist yet (None: ``root`` exists)."""
    root = Path(root).absolute()
    if root.exists():
        return None
    missing = root
    while not missing.parent.exists() and missing.parent != missing:
        missing = missing.parent
    return missing


class Outcome:
    """``keep()`` once the restore has put its DB in place: from then on a failure removes nothing (a failed
    after-check must not delete the restored DB or the replaced one's safety copy: the office would have
    neither)."""

    def __init__(self) -> None:
        self.kept = False

    def keep(self) -> None:
        self.kept = True


@contextmanager
def nothing_left_on_failure(root: Path) -> Iterator[Outcome]:
    root = Path(root).absolute()
    new_top = _first_missing(root)
    before = set() if new_top is not None else {p.name for p in root.iterdir()} if root.is_dir() else set()
    outcome = Outcome()
    try:
        yield outcome
    except BaseException:
        if outcome.kept:
            raise
        with suppress(OSError):  # best effort: the restore's own failure is what the person reads
            if new_top is not None:
                shutil.rmtree(new_top, ignore_errors=True)
            else:
                for name in _MADE_BY_RESTORE:
                    made = root / name
                    if name in before or not made.exists():
                        continue
                    if made.is_dir():
                        shutil.rmtree(made, ignore_errors=True)
                    else:
                        made.unlink(missing_ok=True)
        raise
