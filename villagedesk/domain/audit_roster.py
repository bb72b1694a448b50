"""The names of a village PC's accounts as the town holds them (账号名单), so the clerk's 留痕 reads
"王芳 (代办员)" and not an account id.

An event names its author by account id; only the PC that made the account knows whose it is. The PC
sends its accounts' display names (a cadre's name: nothing else of the person, no ID number) with its
audit entries; the town keeps them per sending device, so a PC can only ever name its own accounts,
and believes none that is not a plain person's name (no markup, no control characters, no lone
surrogates, bounded). Pure: values in, dataclasses and Chinese sentences out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.validators import person_name

MAX_ACCOUNTS = 100  # a village PC has a few agents; a hundred is the hand-over history of years
MAX_NAME = 40  # validators.person_name's bound
_ACCOUNT_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-]{0,63}$")
ROLE_WORDS = {"agent": "代办员", "clerk": "镇中心工作人员", "city": "市级中心工作人员"}
UNKNOWN = "未知账号"


@dataclass(frozen=True)
class Account:
    id: str
    name: str
    active: bool


class Malformed(ValueError):
    """The ``n`` field is not a roster of plain names (nothing of it is stored; the sync goes on)."""


def parse(value: object) -> tuple[Account, ...] | None:
    """``aud.n`` = ``[[account id, display name, active], …]``; None when absent. Any account that is
    not a plain name refuses the whole roster (a hostile PC's list is not half believed)."""
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_ACCOUNTS:
        raise Malformed(f"账号名单应为不超过{MAX_ACCOUNTS}个账号的列表")
    out: dict[str, Account] = {}
    for item in value:
        if not isinstance(item, list) or len(item) != 3:
            raise Malformed("账号名单的格式错误")
        account_id, name, active = item
        if not isinstance(account_id, str) or not _ACCOUNT_ID.fullmatch(account_id):
            raise Malformed("账号名单中的账号编号错误")
        if not isinstance(active, bool):
            raise Malformed("账号名单中的启用标记错误")
        if not isinstance(name, str) or len(name) > MAX_NAME:
            raise Malformed(f"账号名单中的姓名应为不超过{MAX_NAME}字的文本")
        try:
            clean = person_name(name)
        except ValidationError as err:
            raise Malformed(f"账号名单中的姓名不是正常的姓名: {err.message}") from None
        out[account_id] = Account(account_id, clean, active)
    return tuple(out.values())


_LOGIN = re.compile(r"^[A-Za-z0-9_.\-]{1,32}$")  # services.accounts' login names (and older, shorter ones)


def plain_login(login: object) -> bool:
    """Whether ``login`` is a login name as the PCs make them (the town keeps no other)."""
    return isinstance(login, str) and bool(_LOGIN.fullmatch(login))


def parse_logins(value: object, roster: tuple[Account, ...]) -> dict[str, str]:
    """``aud.u`` = ``[[account id, login], …]`` of the accounts ``roster`` holds: account id → login.
    Never raises: a malformed list (an older PC sends none) gives no logins, and the names stay."""
    if not isinstance(value, list) or len(value) > MAX_ACCOUNTS:
        return {}
    ids = {a.id for a in roster}
    out: dict[str, str] = {}
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return {}
        if item[0] not in ids or not plain_login(item[1]):
            return {}
        out[item[0]] = item[1]
    if len(set(out.values())) != len(out):  # one login for two accounts: not a list a PC makes
        return {}
    return out


def plain(account_id: object, name: object) -> bool:
    """Whether the town would take this account as sent (the PC leaves off any it would not)."""
    try:
        parse([[account_id, name, True]])
    except Malformed:
        return False
    return True


def who(name: str, role: str, account_id: str) -> str:
    """How the clerk reads a person: ``王芳 (代办员)``; an account the town has no name for as
    ``未知账号 1a2b3c4d`` (its id cut short: enough to tell two apart)."""
    if name:
        return f"{name} ({ROLE_WORDS.get(role, role)})" if role else name
    return f"{UNKNOWN} {account_id[:8]}".rstrip()
