"""SQLCipher for the local database: which file is encrypted, which key opens it, one ``connect`` for all.

Why one function: the DB is opened by the engine, by ``check``, by backups and by restore; each used to
call ``sqlite3.connect``, and an encrypted file read that way is "file is not a database". A file is
known as encrypted by its first 16 bytes (a plain SQLite file starts with ``SQLite format 3``), so a
plain profile keeps opening as before and a half-finished conversion is never mistaken for the other
kind. Keys are held in this process only (``register_key``), never written anywhere in clear.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from villagedesk.domain.errors import DomainError

try:  # the wheel ships its own SQLite with SQLCipher compiled in (Linux and Windows, cp311/cp312)
    import sqlcipher3 as _sqlcipher
except ImportError:  # pragma: no cover - a build without it can still open plain profiles
    _sqlcipher = None  # type: ignore[assignment]


_LIBRARY_LOG_LEVEL = "WARN"  # SQLCipher's errors and warnings: page numbers and function names, no data
_library_log: Path | None = None


def _library_pragma(sql: str) -> None:
    """One PRAGMA on a throwaway connection: SQLCipher's log settings are process-wide."""
    if _sqlcipher is None:
        return
    conn = _sqlcipher.connect(":memory:")
    try:
        conn.execute(sql).fetchall()
    finally:
        conn.close()


def route_library_log(log_file: Path | None) -> None:
    """SQLCipher's own log lines (``ERROR CORE sqlcipher_page_cipher: hmac check failed for pgno=…``) go to
    ``log_file`` (the app's ``logs/villagedesk.log``), never to the agent's terminal; ``None``: dropped.

    Why a file and not a handler: the library writes them itself (``PRAGMA cipher_log``), not through
    Python; the file is opened in append mode beside our own handler's. They say which page and which
    check failed (what support needs for a damaged DB), never a value of a row."""
    global _library_log
    if log_file is None:
        _library_pragma("PRAGMA cipher_log_level = NONE")
        _library_log = None
        return
    target = Path(log_file).absolute()
    _library_pragma("PRAGMA cipher_log = '" + str(target).replace("'", "''") + "'")
    _library_pragma(f"PRAGMA cipher_log_level = {_LIBRARY_LOG_LEVEL}")
    _library_log = target


def flush_library_log() -> None:
    """Write out what SQLCipher buffered (it flushes only when its log file is closed): re-pointing the
    log closes the file, so the lines of a failure are in the log before its traceback."""
    if _library_log is not None:
        _library_pragma("PRAGMA cipher_log = '" + str(_library_log).replace("'", "''") + "'")


route_library_log(None)  # until a profile's log is set up: off the terminal (not yet anywhere)

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
KEY_FILE = "keys.json"  # services/keyfile.py writes it; only its presence is looked at here
_by_folder: dict[Path, bytes] = {}  # profile folder -> DB key, for files created there
_known: list[bytes] = []  # every key unlocked in this process (snapshots and staged restores)

# An encrypted DB raises SQLCipher's own exception classes, which are not sqlite3's.
ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error,) + ((_sqlcipher.Error,) if _sqlcipher else ())
DATABASE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,) + (
    (_sqlcipher.DatabaseError,) if _sqlcipher else ()
)


class LockedDatabase(DomainError):
    """The DB is encrypted and no key unlocked in this process opens it."""


DAMAGED_SENTENCE = "数据库文件已损坏，请用 villagedesk restore 从备份恢复"


class DamagedDatabase(DomainError):
    """The profile's DB cannot be read (a page fails SQLCipher's HMAC or SQLite's checks): one wording
    everywhere (CLI exit 2, the unlock dialog translates it), and ``restore`` still works over it."""

    def __init__(self, message: str = DAMAGED_SENTENCE) -> None:
        super().__init__(message)


def available() -> bool:
    return _sqlcipher is not None


def dbapi() -> Any:
    """The SQLCipher DB-API module (for SQLAlchemy's ``module=``)."""
    if _sqlcipher is None:
        raise LockedDatabase("本程序缺少 SQLCipher 组件(sqlcipher3-wheels), 不能打开加密的数据库")
    return _sqlcipher


def _folder(path: Path) -> Path:
    return Path(path).absolute().parent


def register_key(folder: Path, key: bytes) -> None:
    """``key`` opens (and encrypts new DB files in) ``folder``: kept in memory for this process only."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    _by_folder[Path(folder).absolute()] = key
    if key not in _known:
        _known.append(key)


def remember_key(key: bytes) -> None:
    """Hold ``key`` in this process without tying it to a folder (an older key some files are sealed with)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    if key not in _known:
        _known.append(key)


def forget_keys() -> None:
    """Drop every key (tests; a process that locks its profile again)."""
    _by_folder.clear()
    _known.clear()


def known_keys() -> list[bytes]:
    """Every key unlocked in this process (attachment files sealed before a restore changed the key)."""
    return list(_known)


def key_for_folder(folder: Path) -> bytes | None:
    return _by_folder.get(Path(folder).absolute())


def is_encrypted(path: Path) -> bool:
    """True for a non-empty file that is not plain SQLite (SQLCipher leaves no readable header)."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return len(head) == 16 and head != PLAIN_HEADER


def looks_sealed(path: Path) -> bool:
    """Encrypted and meant to be: a key file lies beside it (else a garbled header is damage, not a key)."""
    return is_encrypted(path) and Path(path).with_name(KEY_FILE).is_file()


def key_pragma(key: bytes) -> str:
    """A raw 256-bit key (no passphrase derivation: the key is random already)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def _keyed(target: str, key: bytes, uri: bool, check_same_thread: bool) -> Any:
    conn = dbapi().connect(target, uri=uri, check_same_thread=check_same_thread)
    conn.execute(key_pragma(key))
    return conn


def wrong_key(err: BaseException) -> bool:
    """SQLCipher's answer to a key that does not open the file: "file is not a database" (SQLITE_NOTADB).

    Why it matters: a full disk (no room for the ``-shm`` of a WAL), a read-only folder or a lock fail the
    same probe with another code, and calling them a wrong key sends the agent to restore a backup over a
    database that is fine."""
    code = getattr(err, "sqlite_errorcode", None)
    return code == sqlite3.SQLITE_NOTADB or (code is None and "not a database" in str(err).lower())


def _opens(conn: Any) -> bool:
    """True when the key opens the file, False when it is the wrong key; any other failure is raised."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except DATABASE_ERRORS as err:
        if wrong_key(err):
            return False
        conn.close()
        raise


def connect(path: Path, uri_target: str | None = None, check_same_thread: bool = True, key: bytes | None = None):
    """A DB-API connection on ``path``: plain ``sqlite3`` for a plain file, SQLCipher with the right key for an
    encrypted one; a new (absent or empty) file is created encrypted when its folder has a key.

    ``uri_target`` is a ``file:`` URI for ``path`` (read-only opens). Raises ``LockedDatabase`` when the
    file is encrypted and no key of this process opens it.
    """
    target = uri_target or str(path)
    uri = uri_target is not None
    if key is None and not is_encrypted(path):
        folder_key = key_for_folder(_folder(path))
        fresh = not Path(path).exists() or Path(path).stat().st_size == 0
        if folder_key is None or not fresh:
            return sqlite3.connect(target, uri=uri, check_same_thread=check_same_thread)
        key = folder_key
    if key is not None:
        return _keyed(target, key, uri, check_same_thread)
    folder_key = key_for_folder(_folder(path))
    candidates = ([folder_key] if folder_key else []) + [k for k in _known if k != folder_key]
    for candidate in candidates:
        conn = _keyed(target, candidate, uri, check_same_thread)
        if _opens(conn):
            return conn
        conn.close()
    if folder_key is None and not looks_sealed(path):  # no key file: a damaged plain DB, reported as such
        return sqlite3.connect(target, uri=uri, check_same_thread=check_same_thread)
    raise LockedDatabase("数据库已加密: 需要本机代办员的登录密码(或恢复码)才能打开")


def key_of(path: Path) -> bytes | None:
    """The key of this process that opens the encrypted ``path`` (None for a plain or unopenable file)."""
    if not is_encrypted(path):
        return None
    for candidate in [key_for_folder(_folder(path)), *_known]:
        if candidate is None:
            continue
        probe = _keyed(str(path), candidate, False, True)
        try:
            if _opens(probe):
                return candidate
        finally:
            probe.close()
    return None


def key_of_with(path: Path, key: bytes) -> bool:
    """``key`` opens the encrypted ``path`` (a key found elsewhere, before it is registered)."""
    if not is_encrypted(path):
        return False
    probe = _keyed(str(path), key, False, True)
    try:
        return _opens(probe)
    finally:
        probe.close()


def export_encrypted(plain: Path, target: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain DB ``plain`` to ``target`` (``sqlcipher_export``), fsynced."""
    import os

    target.unlink(missing_ok=True)
    conn = dbapi().connect(str(plain))
    try:
        conn.execute("ATTACH DATABASE ? AS enc KEY \"x'" + key.hex() + "'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('enc')").fetchall()
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        conn.execute("DETACH DATABASE enc")
    finally:
        conn.close()
    with target.open("rb+") as fh:
        os.fsync(fh.fileno())


_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def is_damaged(path: Path) -> bool:
    """``path`` exists and cannot be read whole: asked on a fresh connection after a failure, so a damaged
    page is told apart from a locked file, a full disk or a bug of ours (only corruption counts: a file
    that cannot be opened or written is not damaged). An encrypted file no key of this process opens is
    damaged only when its folder's key (unwrapped from its key file) is held: then the key is right and
    the file is not. SQLCipher raises ``MemoryError`` on some bad pages: damage too."""
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
    except OSError:
        return False
    encrypted = is_encrypted(path)
    if encrypted and key_of(path) is None:
        return key_for_folder(_folder(path)) is not None or not looks_sealed(path)
    try:
        conn = connect(path, uri_target=Path(path).absolute().as_uri() + "?mode=ro", check_same_thread=True)
    except (*ERRORS, LockedDatabase):
        return False
    try:
        if encrypted and conn.execute("PRAGMA cipher_integrity_check").fetchall():
            return True  # every row names a page whose HMAC failed
        return conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except MemoryError:
        return True
    except ERRORS as err:
        return getattr(err, "sqlite_errorcode", None) in _DAMAGE_CODES
    finally:
        conn.close()
