"""The profile's instance lock, shared by every command that must hold a profile alone (the GUI, restore,
encrypt). A module of its own so that ``encrypt_cli`` need not import ``cli``, which imports it back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from villagedesk.domain.errors import DomainError

if TYPE_CHECKING:
    from villagedesk.services.file_lock import Holder


def profile_lock(root: Path):
    """The profile's instance lock: one GUI (or restore) at a time; the refusal says who holds it."""
    from villagedesk.services.file_lock import FileLock, LockHeld

    lock = FileLock(root / LOCK_NAME)
    try:
        return lock.acquire()
    except LockHeld as held:
        busy = ProfileBusy(f"该档案正被另一个 VillageDesk 使用({held.holder.describe()}): 请先关闭它")
        busy.holder = held.holder
        raise busy from None


LOCK_NAME = "villagedesk.lock"


class ProfileBusy(DomainError):
    """Another VillageDesk holds this profile's instance lock (``holder`` says who)."""

    holder: Holder
