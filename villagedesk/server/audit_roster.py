"""The village PCs' account names at the town (账号名单; docs/audit.md): kept per sending device, read
when the clerk lists the trail. A PC names only its own accounts (the token names the device); a roster
that is not all plain names is refused whole, with a ``malformed`` alert."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select, tuple_

from villagedesk.domain import audit_roster as ar
from villagedesk.server import audit_entries
from villagedesk.server import models as sm
from villagedesk.server.db import Database

A = sm.AuditAccount


def receive(db: Database, device_id: str, raw: object, raw_logins: object = None) -> None:
    """Keep the names the device sent (``aud.n``; None: nothing sent) and their logins (``aud.u``; an
    older PC sends none, and a login once held is kept). Names already held as sent cost one read and
    no write."""
    now = datetime.now()
    try:
        roster = ar.parse(raw)
    except ar.Malformed as err:
        with db.write() as s:
            audit_entries.alert(s, device_id, "malformed", str(err), now)
        return
    if not roster:
        return
    logins = ar.parse_logins(raw_logins, roster)
    with db.read() as s:
        held = {
            a.account_id: (a.name, a.active, a.login) for a in s.scalars(select(A).where(A.device_id == device_id))
        }
    wanted = {a.id: (a.name, a.active, logins.get(a.id) or (held.get(a.id) or ("", False, None))[2]) for a in roster}
    changed = [a for a in roster if held.get(a.id) != wanted[a.id]]
    if not changed:
        return
    with db.write() as s:
        for a in changed:
            login = wanted[a.id][2]
            row = s.get(A, (device_id, a.id))
            if row is None:
                row = A(device_id=device_id, account_id=a.id, name=a.name, active=a.active, login=login, updated_at=now)
                s.add(row)
            else:
                row.name, row.active, row.login, row.updated_at = a.name, a.active, login, now


def names(s, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(device id, account id) → the name that device gave the account, for the pairs asked."""
    wanted = sorted(set(pairs))
    out: dict[tuple[str, str], str] = {}
    for i in range(0, len(wanted), 300):
        chunk = wanted[i : i + 300]
        rows = s.execute(
            select(A.device_id, A.account_id, A.name).where(tuple_(A.device_id, A.account_id).in_(chunk))
        )
        out.update({(d, a): n for d, a, n in rows})
    return out
