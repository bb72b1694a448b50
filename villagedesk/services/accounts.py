"""Local logins: accounts hashed with Argon2id, login, unlock after the idle lock.

A village PC is shared; the password keeps villagers' data from whoever sits down next. Wrong passwords
get one message whatever was wrong (user or password), so nobody learns which usernames exist.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2 import exceptions as argon2_errors
from sqlalchemy import func, select

from villagedesk.db import audit_chain, cipher
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import DomainError, ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.services import keyfile
from villagedesk.services.desk import Desk

MIN_PASSWORD = 6
MAX_PASSWORD = 128
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,32}$")
_hasher = PasswordHasher()  # Argon2id with argon2-cffi's memory-hard defaults


class AuthError(DomainError):
    """Login or unlock refused."""


@dataclass(frozen=True)
class AccountInfo:
    id: str
    username: str
    display_name: str
    role: str
    region_code: str
    active: bool = True
    recovery_code: str = ""  # only right after it was issued: shown once, kept only as a hash


def _info(row: m.Account, code: str = "") -> AccountInfo:
    return AccountInfo(row.id, row.username, row.display_name, row.role, row.region_code, bool(row.active), code)


# A recovery code is read off paper and typed: no 0/O, 1/I/L; 12 characters (about 60 bits).
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_RECOVERY_KEY = "account.recovery."  # + account id: the Argon2id hash of its recovery code


def _new_recovery_code(session, account_id: str) -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    st.set_setting(session, _RECOVERY_KEY + account_id, _hasher.hash(raw))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def _db_key(desk: Desk) -> bytes | None:
    """The DB key when this profile is encrypted (then ``keys.json`` must follow every account change)."""
    if not cipher.is_encrypted(desk.paths.db):
        return None
    return cipher.key_for_folder(desk.paths.db.absolute().parent)


def _rewrap(desk: Desk, row: m.Account, password: str | None, code: str | None) -> None:
    """Seal the DB key for ``row``'s new password and/or recovery code (``None``: leave that wrap);
    called inside the account's write transaction, so a refused key-file write rolls the change back.
    A deactivated account's wraps are removed; only its password hash stays (to say 已停用)."""
    key = _db_key(desk)
    if key is None:
        return
    if not row.active:  # no wrap: that password opens nothing; its hash only says why (keyfile.STOPPED)
        stopped = [keyfile.stopped_verifier(row.id, row.username, row.password_hash)] if row.password_hash else []
        keyfile.replace_wraps(desk.paths.root, row.id, stopped, (keyfile.PASSWORD, keyfile.RECOVERY, keyfile.STOPPED))
        return
    new, kinds = [], [keyfile.STOPPED]
    if password is not None:
        new.append(keyfile.seal(key, password, keyfile.PASSWORD, row.id, row.username))
        kinds.append(keyfile.PASSWORD)
    if code is not None:
        new.append(keyfile.seal(key, _normal_code(code), keyfile.RECOVERY, row.id, row.username))
        kinds.append(keyfile.RECOVERY)
    keyfile.replace_wraps(desk.paths.root, row.id, new, tuple(kinds))


_normal_code = keyfile.normal_code


normal_code = _normal_code  # the key file wraps the code in this form (services/encryption.py)


def issue_recovery_code(session, account_id: str) -> str:
    """A new recovery code for ``account_id`` inside the caller's transaction (the conversion to SQLCipher
    issues one per account: the old codes are only hashes and cannot wrap the key)."""
    return _new_recovery_code(session, account_id)


def _find(session, username: str) -> m.Account | None:
    name = (username or "").strip().lower()
    return session.scalars(select(m.Account).where(func.lower(m.Account.username) == name)).first()


def _actor(desk: Desk) -> str:
    try:
        return desk.identity.user or "本机"
    except DomainError:  # a profile being set up has no identity yet
        return "本机"


def check_password(password: str, field: str = "password") -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(field, f"密码至少{MIN_PASSWORD}位")
    if len(password) > MAX_PASSWORD:
        raise ValidationError(field, f"密码过长(最多{MAX_PASSWORD}位)")
    return password


def check_username(username: str, field: str = "username") -> str:
    name = (username or "").strip()
    if not _USERNAME.match(name):
        raise ValidationError(field, "登录名为2-32位字母、数字或 _ . -")
    return name


def has_accounts(desk: Desk) -> bool:
    with desk.store.read() as s:
        return (s.scalar(select(func.count()).select_from(m.Account).where(m.Account.active.is_(True))) or 0) > 0


def create_account(
    desk: Desk, username: str, display_name: str, password: str, role: Role, region_code: str
) -> AccountInfo:
    """Add a local account; the password is stored only as an Argon2id hash."""
    username = check_username(username)
    display = v.person_name(display_name, "display_name")
    with desk.store.read() as s:  # an existing login is said first: no password makes it new
        known = s.scalars(select(m.Account).where(func.lower(m.Account.username) == username.lower())).first()
        if known is not None and known.active:
            raise ValidationError("username", "该登录名已存在")
    check_password(password)
    digest = _hasher.hash(password)
    with desk.store.write() as s:
        known = s.scalars(select(m.Account).where(func.lower(m.Account.username) == username.lower())).first()
        if known is not None and not known.active:  # a returning person keeps their id, name and past work
            raise ValidationError(
                "username",
                f"登录名 {known.username} 属于已停用的账号({known.display_name}): 如是本人回来, "
                f"请用 villagedesk --user 登录名 accounts reactivate {known.username} 恢复该账号",
            )
        if known is not None:
            raise ValidationError("username", "该登录名已存在")
        row = m.Account(
            id=str(uuid.uuid4()),
            username=username,
            display_name=display,
            role=role.value,
            region_code=region_code,
            password_hash=digest,
            created_at=datetime.now(),
            active=True,
        )
        s.add(row)
        s.flush()
        code = _new_recovery_code(s, row.id)
        _rewrap(desk, row, password, code)
        audit_chain.add_audit(s, "account_add", f"{username} ({role.value})", _actor(desk))
        return _info(row, code)


def add_person(desk: Desk, username: str, display_name: str, password: str) -> AccountInfo:
    """A second (third, …) person on this PC, with this PC's role and region; returns the recovery code."""
    ident = desk.identity
    return create_account(desk, username, display_name, password, ident.role, ident.region_code)


def deactivate(desk: Desk, username: str) -> AccountInfo:
    """停用: the person can no longer log in; their past work keeps their name. The last active account
    cannot be stopped (nobody could log in any more)."""
    with desk.store.write() as s:
        row = _find(s, username)
        if row is None:
            raise ValidationError("username", f"没有登录名为 {username.strip()[:32]} 的账号")
        if not row.active:
            raise ValidationError("username", f"账号 {row.username} 已停用")
        others = s.scalar(
            select(func.count()).select_from(m.Account).where(m.Account.active.is_(True), m.Account.id != row.id)
        )
        if not others:
            raise ValidationError("username", "这是本机最后一个可登录的账号, 不能停用(请先添加接替的代办员)")
        row.active = False
        _rewrap(desk, row, None, None)
        audit_chain.add_audit(s, "account_deactivate", row.username, _actor(desk))
        return _info(row)


def needs_password_to_reactivate(desk: Desk) -> bool:
    """An encrypted profile: bringing an account back must seal the DB key under its password again."""
    return _db_key(desk) is not None


def reactivate(desk: Desk, username: str, password: str | None = None) -> AccountInfo:
    """恢复: a stopped account may log in again (an agent back from leave), by whoever may stop one. Its
    password is unchanged. On an encrypted profile stopping removed the account's key wraps, so the person
    types their password (checked against the kept hash) to seal the key again, and gets a new recovery
    code; on a plain profile no password is needed and the recovery code on paper still works."""
    encrypted = _db_key(desk) is not None
    with desk.store.write() as s:
        row = _find(s, username)
        if row is None:
            raise ValidationError("username", f"没有登录名为 {username.strip()[:32]} 的账号")
        if row.active:
            raise ValidationError("username", f"账号 {row.username} 在用, 无需恢复")
        code = ""
        if encrypted:
            if not password:
                raise ValidationError("password", "本机数据已加密: 恢复账号时须由本人输入其原密码")
            if not _stopped_with_password(row, password):
                raise AuthError("密码不正确, 账号未恢复")
        row.active = True
        if encrypted:
            code = _new_recovery_code(s, row.id)
            _rewrap(desk, row, password, code)
        audit_chain.add_audit(s, "account_reactivate", row.username, _actor(desk))
        return _info(row, code)


def reset_password(desk: Desk, username: str, recovery_code: str, new_password: str) -> AccountInfo:
    """A forgotten password: the recovery code printed when the account was made sets a new one. The code
    is used up; the returned info carries the next one."""
    check_password(new_password, "new_password")
    with desk.store.write() as s:
        row = _find(s, username)
        stored = st.get_setting(s, _RECOVERY_KEY + row.id, "") if row is not None else ""
        ok = False
        if row is not None and stored:
            try:
                ok = _hasher.verify(stored, _normal_code(recovery_code))
            except (argon2_errors.VerificationError, argon2_errors.InvalidHashError):
                ok = False
        if ok and row is not None and not row.active:
            # the right code proves who it is: they learn only that the account is stopped (as at login)
            raise AccountStopped(f"{STOPPED}(恢复账号: villagedesk --user 登录名 accounts reactivate {row.username})")
        if not ok and row is not None and row.active:
            ok = _code_in_key_file(desk, row, recovery_code)
        if not ok or row is None:
            raise AuthError("登录名或恢复码不正确(恢复码在创建账号时打印, 用过一次即作废)")
        row.password_hash = _hasher.hash(new_password)
        code = _new_recovery_code(s, row.id)
        _rewrap(desk, row, new_password, code)
        audit_chain.add_audit(s, "password_reset", row.username, row.display_name)
        return _info(row, code)


def _code_in_key_file(desk: Desk, row: m.Account, code: str) -> bool:
    """The account's recovery wrap opens with ``code``: the code is good even when the DB's hash is another's.

    Why: a restore on the PC that made the backup keeps this profile's key file (the key is the same), so
    the restored DB may hold the hash of an older code than the one last printed; and a kill between the key
    file and the DB commit leaves the same. Only a holder of the DB key can seal a wrap, as for a password
    (``_trust_key_file``)."""
    if _db_key(desk) is None or not keyfile.exists(desk.paths.root):
        return False
    try:
        _key, wrap = keyfile.unlock(desk.paths.root, _normal_code(code), row.username, keyfile.RECOVERY)
    except keyfile.KeyFileError:
        return False
    return wrap.account_id == row.id


def new_recovery_code(desk: Desk, username: str, password: str) -> AccountInfo:
    """A new recovery code for an account whose password is known (the old code stops working)."""
    with desk.store.write() as s:
        row = _find(s, username)
        if not _verify(row, password) or row is None:
            raise AuthError("登录名或密码错误")
        code = _new_recovery_code(s, row.id)
        _rewrap(desk, row, None, code)
        audit_chain.add_audit(s, "recovery_code", row.username, row.display_name)
        return _info(row, code)


def _verify(row: m.Account | None, password: str) -> bool:
    if row is None or not row.active or not row.password_hash:
        return False
    try:
        return _hasher.verify(row.password_hash, password or "")
    except (argon2_errors.VerificationError, argon2_errors.InvalidHashError):
        return False


def authenticate(desk: Desk, username: str, password: str) -> AccountInfo:
    """Check a login; on success events are authored by this account from now on."""
    with desk.store.read() as s:
        row = s.scalars(
            select(m.Account).where(func.lower(m.Account.username) == (username or "").strip().lower())
        ).first()
        ok = _verify(row, password)
        info = _info(row) if ok and row else None
        stopped = info is None and _stopped_with_password(row, password)
    if info is None and row is not None and row.active:
        info = _trust_key_file(desk, row, password)
    if info is None:
        raise AccountStopped(STOPPED) if stopped else AuthError("登录名或密码错误")
    desk.act_as(info.display_name, info.id)
    with desk.store.write() as s:
        audit_chain.add_audit(s, "login", info.username, info.display_name)
    return info


def _trust_key_file(desk: Desk, row: m.Account, password: str) -> AccountInfo | None:
    """On an encrypted profile the key file is written before the DB commits: if a kill fell between the two,
    the wrap holds the newer password. A wrap opening with it proves the password (only a holder of the DB
    key can seal one), so the DB's hash is brought in step instead of locking the agent out."""
    if _db_key(desk) is None or not keyfile.exists(desk.paths.root):
        return None
    try:
        keyfile.unlock(desk.paths.root, password or "", row.username)
    except keyfile.KeyFileError:
        return None
    with desk.store.write() as s:
        fresh = s.get(m.Account, row.id)
        if fresh is None or not fresh.active:
            return None
        fresh.password_hash = _hasher.hash(password)
        return _info(fresh)


def verify_password(desk: Desk, account_id: str, password: str) -> bool:
    """Unlock after the idle lock: the same account's password."""
    with desk.store.read() as s:
        return _verify(s.get(m.Account, account_id), password)


def accounts(desk: Desk, active_only: bool = False) -> list[AccountInfo]:
    with desk.store.read() as s:
        query = select(m.Account).order_by(m.Account.username)
        if active_only:
            query = query.where(m.Account.active.is_(True))
        return [_info(r) for r in s.scalars(query)]


STOPPED = "该账号已停用，请找本机管理员"


class AccountStopped(AuthError):
    """The right password of a stopped (停用) account: the person learns why, and whom to ask."""


def _stopped_with_password(row: m.Account | None, password: str) -> bool:
    """Said only to whoever gives the right password: a wrong guess on a stopped account still reads
    登录名或密码错误, so nobody learns which login names exist or were stopped without knowing the
    password (which opens nothing once the account is stopped)."""
    if row is None or row.active or not row.password_hash:
        return False
    try:
        return _hasher.verify(row.password_hash, password or "")
    except (argon2_errors.VerificationError, argon2_errors.InvalidHashError):
        return False
