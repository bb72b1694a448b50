"""Local logins: accounts hashed with Argon2id, login, unlock after the idle lock.

A village PC is shared; the password keeps villagers' data from whoever sits down next. Wrong passwords
get one message whatever was wrong (user or password), so nobody learns which usernames exist.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2 import exceptions as argon2_errors
from sqlalchemy import func, select

from villagedesk.db import models as m
from villagedesk.domain import validators as v
from villagedesk.domain.errors import DomainError, ValidationError
from villagedesk.domain.lifecycle import Role
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


def _info(row: m.Account) -> AccountInfo:
    return AccountInfo(row.id, row.username, row.display_name, row.role, row.region_code)


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
    check_password(password)
    digest = _hasher.hash(password)
    with desk.store.write() as s:
        if s.scalars(select(m.Account).where(func.lower(m.Account.username) == username.lower())).first():
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
        return _info(row)


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
    if info is None:
        raise AuthError("登录名或密码错误")
    desk.act_as(info.display_name, info.id)
    return info


def verify_password(desk: Desk, account_id: str, password: str) -> bool:
    """Unlock after the idle lock: the same account's password."""
    with desk.store.read() as s:
        return _verify(s.get(m.Account, account_id), password)


def accounts(desk: Desk) -> list[AccountInfo]:
    with desk.store.read() as s:
        return [_info(r) for r in s.scalars(select(m.Account).order_by(m.Account.username))]
