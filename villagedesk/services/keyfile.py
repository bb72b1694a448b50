"""``keys.json``: the profile's DB key, wrapped once per login password and once per recovery code.

Why a file beside the DB: the accounts live inside the encrypted DB, so what a login needs before the DB
can be read must be outside it. The file holds no key in clear: each wrap is the 32-byte DB key sealed
with AES-256-GCM under a key derived by Argon2id from one secret (an account's password or its recovery
code), with the account id and kind as associated data so a wrap cannot be moved to another account.
Opening a wrap proves the secret: a wrong one fails GCM's tag check. Written atomically (fsynced
temporary file, then renamed), so a killed write leaves the old file or the new one, never half.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2 import exceptions as argon2_errors
from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from villagedesk.domain.errors import DomainError

KEYS_NAME = "keys.json"
FORMAT = "villagedesk-keys"
VERSION = 1
# argon2-cffi's PasswordHasher defaults (RFC 9106's second recommendation): memory-hard, ~0.1-0.3 s
KDF = {"alg": "argon2id", "t": 3, "m": 65536, "p": 4}
PASSWORD = "password"
RECOVERY = "recovery"
# A stopped (停用) account keeps no wrap, only its password's Argon2id hash (the DB's own, in PHC form):
# its right password then hears why it opens nothing; a wrong one the usual sentence.
STOPPED = "stopped"
STOPPED_SENTENCE = "该账号已停用，请找本机管理员"


class KeyFileError(DomainError):
    """The key file is missing, damaged, or no wrap in it opens with the secret given."""


class StoppedAccount(KeyFileError):
    """The right password of a stopped account: it opens nothing, and the person is told why."""


@dataclass
class Wrap:
    kind: str  # PASSWORD or RECOVERY
    account_id: str
    username: str
    salt: bytes
    nonce: bytes
    sealed: bytes
    kdf: dict = field(default_factory=lambda: dict(KDF))

    def to_json(self) -> dict:
        b64 = base64.b64encode
        return {
            "kind": self.kind, "account": self.account_id, "username": self.username, "kdf": self.kdf,
            "salt": b64(self.salt).decode(), "nonce": b64(self.nonce).decode(), "sealed": b64(self.sealed).decode(),
        }  # fmt: skip


def _derive(secret: str, salt: bytes, kdf: dict) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost=int(kdf["t"]), memory_cost=int(kdf["m"]),
        parallelism=int(kdf["p"]), hash_len=32, type=Type.ID,
    )  # fmt: skip


def _aad(kind: str, account_id: str) -> bytes:
    return f"{FORMAT}/{kind}/{account_id}".encode()


def seal(key: bytes, secret: str, kind: str, account_id: str, username: str) -> Wrap:
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    sealed = AESGCM(_derive(secret, salt, KDF)).encrypt(nonce, key, _aad(kind, account_id))
    return Wrap(kind, account_id, username, salt, nonce, sealed)


def open_wrap(wrap: Wrap, secret: str) -> bytes | None:
    try:
        return AESGCM(_derive(secret, wrap.salt, wrap.kdf)).decrypt(
            wrap.nonce, wrap.sealed, _aad(wrap.kind, wrap.account_id)
        )
    except (InvalidTag, ValueError):
        return None


def stopped_verifier(account_id: str, username: str, password_hash: str) -> Wrap:
    """The entry a stopped account keeps: the DB's Argon2id hash of its password, no key."""
    return Wrap(STOPPED, account_id, username, b"", b"", password_hash.encode("ascii"), {"alg": "argon2id-phc"})


def _stopped_with(wraps: list[Wrap], secret: str, username: str | None) -> bool:
    for entry in wraps:
        if entry.kind != STOPPED or (username and entry.username.lower() != username.strip().lower()):
            continue
        try:
            if PasswordHasher().verify(entry.sealed.decode("ascii"), secret):
                return True
        except (argon2_errors.VerificationError, argon2_errors.InvalidHashError, UnicodeDecodeError):
            continue
    return False


def path_in(profile: Path) -> Path:
    return Path(profile) / KEYS_NAME


def exists(profile: Path) -> bool:
    return path_in(profile).is_file()


def load(profile: Path) -> list[Wrap]:
    try:
        data = json.loads(path_in(profile).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT or int(data.get("version", 0)) > VERSION:
            raise ValueError("format")
        d64 = base64.b64decode
        return [
            Wrap(str(w["kind"]), str(w["account"]), str(w["username"]), d64(w["salt"]), d64(w["nonce"]),
                 d64(w["sealed"]), dict(w["kdf"]))
            for w in data["wraps"]
        ]  # fmt: skip
    except FileNotFoundError:
        raise KeyFileError(f"档案中缺少密钥文件 {KEYS_NAME}, 无法打开加密的数据库(请从备份恢复)") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise KeyFileError(f"密钥文件 {KEYS_NAME} 已损坏, 无法打开加密的数据库(请从备份恢复)") from None


def save(profile: Path, wraps: list[Wrap]) -> None:
    """Replace the key file atomically (temporary name, fsync, rename)."""
    target = path_in(profile)
    part = target.with_name(target.name + ".part")
    body = {"format": FORMAT, "version": VERSION, "wraps": [w.to_json() for w in wraps]}
    with part.open("w", encoding="utf-8") as fh:
        json.dump(body, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(part, target)


def unlock(profile: Path, secret: str, username: str | None = None, kind: str = PASSWORD) -> tuple[bytes, Wrap]:
    """The DB key and the wrap that opened it; ``username`` narrows the search (one derivation)."""
    every = load(profile)
    wraps = [w for w in every if w.kind == kind]
    if username:
        wraps = [w for w in wraps if w.username.lower() == username.strip().lower()]
    for wrap in wraps:
        key = open_wrap(wrap, secret)
        if key is not None:
            return key, wrap
    if kind == PASSWORD and _stopped_with(every, secret, username):
        raise StoppedAccount(STOPPED_SENTENCE)
    what = "恢复码" if kind == RECOVERY else "密码"
    raise KeyFileError(f"{what}不正确, 无法打开加密的数据库(可用本机任一代办员的登录密码, 忘记密码请用恢复码)")


def replace_wraps(profile: Path, account_id: str, new: list[Wrap], kinds: tuple[str, ...]) -> None:
    """Drop ``account_id``'s wraps of ``kinds`` and add ``new`` (adding, reset, deactivation)."""
    wraps = [w for w in load(profile) if not (w.account_id == account_id and w.kind in kinds)]
    save(profile, wraps + new)


def normal_code(code: str) -> str:
    """A recovery code as its wrap seals it: no spaces or dashes, upper case (as typed by hand or printed)."""
    return re.sub(r"[\s\-]", "", code or "").upper()


def open_any(folder: Path, secret: str, username: str | None = None) -> bytes:
    """The DB key from ``folder``'s key file with ``secret`` as a login password or as a recovery code.

    Why both: a backup carries the key file as it was when it was made, so after a password reset its
    old password and old recovery code are what open it, and the person may hold only the code; a
    login name that has no wrap there (the backup's PC had other accounts) does not stop the search."""
    for name in dict.fromkeys([username, None]):
        for kind, value in ((PASSWORD, secret), (RECOVERY, normal_code(secret))):
            try:
                return unlock(folder, value, name, kind)[0]
            except StoppedAccount:
                continue
            except KeyFileError:
                if not exists(folder):
                    raise
                continue
    raise KeyFileError(WRONG_BACKUP_SECRET)


WRONG_BACKUP_SECRET = (
    "备份的密码不正确: 此备份要用制作它时那台电脑上任一代办员的登录密码或恢复码打开"
    "(重设密码之前做的备份用重设前的密码或恢复码; 与本机现在的密码不同时, 请用环境变量 "
    "VILLAGEDESK_BACKUP_PASSWORD 给出); 当前数据未改动"
)
