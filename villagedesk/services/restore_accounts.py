"""After a restore, who can log in, and with what: this PC's stops kept, the key file in step with the DB.

Why: the accounts come with the restored DB. Restored as they were, a person stopped (停用) here after the
backup was in use again without a word, and on an encrypted profile the DB said 在用 while the key file
kept only his stopped entry (login: 已停用; reactivate: 在用, 无需恢复: a dead end). A key file carried from
another profile kept the wraps of people the restored DB does not know, whose recovery codes then still
opened the data. And the sentence on passwords was guessed from the DB's hashes, while an encrypted
profile's login trusts the key file's wraps.

So a restore (``plan``): keeps every stop of the replaced DB (by account id or login name), unless that
would leave nobody to log in; on an encrypted result, makes the key file agree with the DB: a stopped
account keeps only its stopped entry, an account in use with no wrap at all is stopped too (its password
opens nothing; ``accounts reactivate`` by the person brings it back with a wrap), and the wraps of accounts
the DB does not have are dropped (kept only when no other wrap would open the data); and says, per
account, what opens the desk now (``Login``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from villagedesk.db import cipher
from villagedesk.services import keyfile
from villagedesk.services.restore_counters import Seen

SAME = "same"  # the password this PC had opens it, as before: nothing to say
BACKUP = "backup"  # the backup-time password (this PC's password for that login no longer does)
NEW = "new"  # a login this PC did not have: the backup-time password
CODE = "code"  # no password wrap, a recovery wrap: ``accounts reset NAME --code`` first


@dataclass
class AccountsPlan:
    """What a restore does to the accounts and the key file, and what it says of them."""

    stop_ids: list[str] = field(default_factory=list)  # accounts set 停用 in the restored DB
    kept_stops: list[str] = field(default_factory=list)  # login names stopped here, in use in the backup
    keyless: list[str] = field(default_factory=list)  # in use in the backup, no wrap opens the data for them
    logins: dict[str, str] = field(default_factory=dict)  # active login name -> SAME/BACKUP/NEW/CODE
    dropped: list[str] = field(default_factory=list)  # login names whose wraps left the key file
    foreign: list[str] = field(default_factory=list)  # wraps kept of logins the DB lacks (nothing else opens it)
    no_accounts: bool = False  # the restored DB has no account at all
    replaced_logins: list[str] = field(default_factory=list)  # this PC's active logins before the restore
    gone: list[str] = field(default_factory=list)  # of those, the logins the restored DB does not have
    wraps: list[keyfile.Wrap] | None = None  # the key file to write (an encrypted result), else None


def _lower(name: str) -> str:
    return (name or "").strip().lower()


def plan(restored: Seen, replaced: Seen, wraps: list[keyfile.Wrap] | None, current: list[keyfile.Wrap]) -> AccountsPlan:
    """``wraps``: the key file the restored DB will have (None: a plain result); ``current``: this profile's
    key file before the restore (its wraps are what "the password this PC had" means on an encrypted one)."""
    out = AccountsPlan(replaced_logins=sorted(replaced.logins))
    accounts = dict(restored.accounts or {})
    if restored.accounts is not None and not accounts:
        out.no_accounts = True
    stopped_here = {i for i, (_u, active, _h) in (replaced.accounts or {}).items() if not active}
    stopped_names = {_lower(u) for i, (u, _a, _h) in (replaced.accounts or {}).items() if i in stopped_here}
    stops = [i for i, (u, a, _h) in accounts.items() if a and (i in stopped_here or _lower(u) in stopped_names)]
    active_left = [i for i, (_u, a, _h) in accounts.items() if a and i not in stops]
    if active_left:  # never stop the last person who could log in
        out.stop_ids += stops
        out.kept_stops = sorted(accounts[i][0] for i in stops)
    if wraps is not None and restored.accounts is not None:  # accounts unread (an older schema): file kept
        wraps = _agree(out, accounts, wraps)
    for i, (name, active, digest) in sorted(accounts.items(), key=lambda x: x[1][0]):
        if not active or i in out.stop_ids:
            continue
        out.logins[name] = _how(name, digest, i, replaced, wraps, current)
    names = {_lower(u) for u, _a, _h in accounts.values()}
    out.gone = sorted(u for u in replaced.logins if _lower(u) not in names)
    out.wraps = wraps
    return out


def _owner(w: keyfile.Wrap, accounts: dict[str, tuple[str, bool, str]]) -> str | None:
    """The DB account a wrap opens the desk for: its id, or its login name (login narrows wraps by name)."""
    if w.account_id in accounts:
        return w.account_id
    return next((i for i, (u, _a, _h) in accounts.items() if _lower(u) == _lower(w.username)), None)


Accounts = dict[str, tuple[str, bool, str]]


def _agree(out: AccountsPlan, accounts: Accounts, wraps: list[keyfile.Wrap]) -> list[keyfile.Wrap]:
    """The key file for the restored DB: its wraps agree with who is in use and who is stopped."""
    opening = (keyfile.PASSWORD, keyfile.RECOVERY)
    owned = [(w, _owner(w, accounts)) for w in wraps]
    known = [(w, o) for w, o in owned if o is not None]
    foreign = [w for w, o in owned if o is None]

    def opens_for(i: str) -> bool:
        return any(o == i and w.kind in opening for w, o in known)

    # in use in the DB but no wrap of theirs: nothing they know opens the data; stopped, so that the person
    # can bring it back (accounts reactivate seals a wrap) once someone who has one logs in
    for i, (name, active, _h) in sorted(accounts.items(), key=lambda x: x[1][0]):
        if active and i not in out.stop_ids and not opens_for(i):
            others = [j for j, (_n, a, _d) in accounts.items() if a and j != i and j not in out.stop_ids]
            if any(opens_for(j) for j in others):
                out.stop_ids.append(i)
                out.keyless.append(name)
    result: list[keyfile.Wrap] = []
    for w, o in known:
        stopped = not accounts[o][1] or o in out.stop_ids
        if stopped and w.kind in opening:
            continue  # replaced by its stopped entry below
        if not stopped and w.kind == keyfile.STOPPED:
            continue
        result.append(w)
    for i, (name, active, digest) in accounts.items():
        stopped = not active or i in out.stop_ids
        if stopped and digest and not any(w.account_id == i and w.kind == keyfile.STOPPED for w in result):
            result.append(keyfile.stopped_verifier(i, name, digest))
    if any(w.kind in opening for w in result):
        out.dropped = sorted({w.username for w in foreign if w.kind in opening})
        return result
    # nothing of the DB's accounts opens it: this PC's passwords stay (someone must still get in), their
    # recovery codes only when no password is left
    kept = [w for w in foreign if w.kind == keyfile.PASSWORD] or [w for w in foreign if w.kind in opening]
    out.foreign = sorted({w.username for w in kept})
    out.dropped = sorted({w.username for w in foreign if w.kind in opening} - set(out.foreign))
    return result + kept


def _how(name: str, digest: str, account_id: str, replaced: Seen, wraps, current: list[keyfile.Wrap]) -> str:
    had = {_lower(u): h for u, h in replaced.logins.items()}
    if wraps is None:  # plain: login checks the DB's password hash
        if _lower(name) not in had:
            return NEW
        return SAME if had[_lower(name)] == digest else BACKUP
    ours = [w for w in wraps if w.account_id == account_id or _lower(w.username) == _lower(name)]
    mine = [w for w in ours if w.kind == keyfile.PASSWORD]
    if not mine:
        return CODE  # a recovery wrap only (``_agree`` stopped those with none)
    before = {(w.salt, w.sealed) for w in current if w.kind == keyfile.PASSWORD}
    if any((w.salt, w.sealed) in before for w in mine):
        return SAME
    return BACKUP if _lower(name) in had or any(_lower(w.username) == _lower(name) for w in current) else NEW


def stop_in_stage(db: Path, ids: list[str]) -> None:
    """Set the accounts ``ids`` 停用 in the (not yet opened) restored DB."""
    if not ids:
        return
    conn = cipher.connect(db)
    try:
        with conn:
            conn.executemany("UPDATE accounts SET active = 0 WHERE id = ?", [(i,) for i in ids])
    finally:
        conn.close()
