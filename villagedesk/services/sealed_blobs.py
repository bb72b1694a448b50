"""Attachment scans sealed at rest on an encrypted profile (AES-256-GCM), read back transparently.

Why: an encrypted profile's DB holds no villager's data in clear, but a copied ``blobs/`` folder used to
show every ID card scan. On an encrypted profile each attachment file is written sealed:

    b"VDBLOB1\\n" (8) | key id (8) | nonce (12) | AES-256-GCM(plain) with its 16-byte tag

under a key derived from the profile's DB key by HKDF-SHA256 with its own label (the DB key itself is
never used for two things); the key id (another HKDF output, not the key) says which DB key sealed it;
the header and the plain content's SHA-256 (the file's name) are GCM's associated data, so a sealed blob
moved under another attachment's name, or a flipped byte anywhere, fails the tag check. The hash the DB
stores stays the hash of the plain content: ``check`` unseals and compares it as before.

A file is told sealed or plain by its header alone, so a profile part-way through a conversion (some
files sealed, some not) reads every file; plain profiles write plain files exactly as before. Writes are
atomic (temporary name, fsync, rename).
"""

from __future__ import annotations

import hashlib
import io
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from villagedesk.db import cipher
from villagedesk.domain.errors import DomainError
from villagedesk.services import private_files
from villagedesk.services import sealed_stream as stream

MAGIC = b"VDBLOB1\n"
KEY_ID_BYTES = 8
NONCE_BYTES = 12
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES + NONCE_BYTES
TAG_BYTES = 16
DB_NAME = "villagedesk.db"  # services.desk.DB_NAME (desk imports this module's callers, not the reverse)
_KEY_LABEL = b"villagedesk/attachment-blobs/aes-256-gcm/v1"
_ID_LABEL = b"villagedesk/attachment-blobs/key-id/v1"
_TEMP_SUFFIXES = (".part", ".sealing", ".bundle", ".download")  # plain partial writes (personal data)

_derived: dict[bytes, tuple[bytes, bytes]] = {}  # DB key -> (blob key, key id): HKDF once per key
# (profile, DB file's device and inode, the folder's unlocked key) -> DB key (None: plain)
_profile_keys: dict[tuple[Path, int, int, bytes | None], bytes | None] = {}


class BlobError(DomainError):
    """An attachment file cannot be read back."""


class BlobDamaged(BlobError):
    """The file's bytes are not the attachment they are named after (flipped, truncated or swapped)."""


class BlobLocked(BlobError):
    """The file is sealed with a key this process does not hold."""


class BlobChanged(BlobError):
    """The file being stored did not hash to its name by the end (changed while it was read): not stored."""


@contextmanager
def folder_made_for(target: Path) -> Iterator[None]:
    """``target``'s folder (``blobs/ab/``, and ``blobs/`` itself) made if missing, and removed again if the
    block fails while it is still empty: a scan refused on a full disk leaves no empty folder behind."""
    folder = Path(target).parent
    made: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        made.append(folder)
        folder = folder.parent
    Path(target).parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the profile's scans: owner only
    try:
        yield
    except BaseException:
        for created in made:  # innermost first; a folder something else wrote into meanwhile stays
            with suppress(OSError):
                created.rmdir()
        raise


@contextmanager
def removed_on_failure(*temporaries: Path) -> Iterator[None]:
    """Every temporary named here is deleted if the block fails in any way (a full disk, a kill signal
    turned into an exception, a hash that differs): a partial copy of a scan must never stay behind."""
    try:
        yield
    except BaseException:
        for tmp in temporaries:
            with suppress(OSError):  # best effort: the first failure is the one to report
                Path(tmp).unlink(missing_ok=True)
        raise


def _derive(db_key: bytes) -> tuple[bytes, bytes]:
    if db_key not in _derived:
        key = HKDF(hashes.SHA256(), 32, salt=None, info=_KEY_LABEL).derive(db_key)
        ident = HKDF(hashes.SHA256(), KEY_ID_BYTES, salt=None, info=_ID_LABEL).derive(db_key)
        _derived[db_key] = (key, ident)
    return _derived[db_key]


def key_id(db_key: bytes) -> bytes:
    return _derive(db_key)[1]


def is_sealed_bytes(head: bytes) -> bool:
    """VDBLOB1 (sealed whole) or VDBLOB2 (sealed in records): both carry the key id at the same place."""
    return head[: len(MAGIC)] in (MAGIC, stream.MAGIC2)


def is_sealed(path: Path) -> bool:
    try:
        with Path(path).open("rb") as fh:
            return is_sealed_bytes(fh.read(len(MAGIC)))
    except OSError:
        return False


def sealed_key_id(raw: bytes) -> bytes:
    return raw[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES]


def seal(plain: bytes, digest: str, db_key: bytes) -> bytes:
    """The sealed form of ``plain`` (whose SHA-256 is ``digest``) under ``db_key``'s blob key."""
    key, ident = _derive(db_key)
    header = MAGIC + ident + secrets.token_bytes(NONCE_BYTES)
    return header + AESGCM(key).encrypt(header[-NONCE_BYTES:], plain, header + digest.encode("ascii"))


def unseal(raw: bytes, digest: str, keys: Iterable[bytes | None]) -> bytes:
    """The plain content of the sealed ``raw`` named ``digest``; ``BlobLocked`` when no key in ``keys`` sealed
    it, ``BlobDamaged`` when the right key's tag check fails (a changed byte, or a blob of another name)."""
    if raw[: len(MAGIC)] == stream.MAGIC2:
        return _unseal_records(io.BytesIO(raw), digest, keys)
    if len(raw) < HEADER_BYTES + TAG_BYTES:
        raise BlobDamaged("附件文件已损坏(加密附件不完整)")
    header, body = raw[:HEADER_BYTES], raw[HEADER_BYTES:]
    wanted = sealed_key_id(raw)
    for db_key in keys:
        if db_key is None:
            continue
        key, ident = _derive(db_key)
        if ident != wanted:
            continue
        try:
            return AESGCM(key).decrypt(header[-NONCE_BYTES:], body, header + digest.encode("ascii"))
        except InvalidTag:
            raise BlobDamaged("附件文件已损坏或被替换(加密校验未通过)") from None
    raise BlobLocked("附件已加密, 本机当前的密钥打不开它(请用加密时本机代办员的密码登录)")


def _record_key(wanted: bytes, keys: Iterable[bytes | None]) -> bytes:
    for db_key in keys:
        if db_key is not None and _derive(db_key)[1] == wanted:
            return _derive(db_key)[0]
    raise BlobLocked("附件已加密, 本机当前的密钥打不开它(请用加密时本机代办员的密码登录)")


def _unseal_records(fh: BinaryIO, digest: str, keys: Iterable[bytes | None]) -> bytes:
    """The plain content of the VDBLOB2 file open at its start, read a record at a time (the sealed file is
    never held whole in memory beside the plain one)."""
    header = fh.read(stream.HEADER2_BYTES)
    if len(header) != stream.HEADER2_BYTES:
        raise BlobDamaged("附件文件已损坏(加密附件不完整)")
    key = _record_key(header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES], keys)
    out = bytearray()
    try:
        for _end, plain, _last in stream.records(fh, header, key, digest):
            out += plain
    except stream.StreamBroken:
        raise BlobDamaged("附件文件已损坏或被替换(加密校验未通过)") from None
    return bytes(out)


def profile_key(root: Path) -> bytes | None:
    """The DB key this profile seals new attachment files with; None for a plain profile.

    Cached per DB file (its inode: a conversion or a restore renames a new file in, and calls
    ``forget_profile``), so attaching costs no SQLCipher open. An encrypted DB whose key this process does
    not hold raises ``BlobLocked``."""
    root = Path(root).absolute()
    db = root / DB_NAME
    try:
        stat = db.stat()
    except OSError:
        return None
    slot = (root, stat.st_dev, stat.st_ino, cipher.key_for_folder(root))
    if slot not in _profile_keys:
        encrypted = cipher.is_encrypted(db)
        key = cipher.key_of(db) if encrypted else None
        if key is None and encrypted:
            raise BlobLocked("数据库已加密但尚未解锁, 不能读写附件")
        if not encrypted and stat.st_size == 0:
            return None  # a DB being created: not cached, it may be made encrypted in a moment
        _profile_keys[slot] = key
    return _profile_keys[slot]


def forget_profile(root: Path) -> None:
    """The profile's DB file was replaced (encrypted, restored): its key is looked up again."""
    root = Path(root).absolute()
    for slot in [s for s in _profile_keys if s[0] == root]:
        del _profile_keys[slot]


def known_keys(root: Path) -> list[bytes]:
    """Every key this process holds, the profile's first: a blob sealed before a restore changed the key
    still opens while this process holds the older key too."""
    first = profile_key(root)
    return [k for k in [first, *cipher.known_keys()] if k is not None]


def put(tmp: Path, target: Path) -> None:
    """Rename a finished attachment temporary into the store, owner-only first (0600 on POSIX): a scan of an
    ID card made readable by the umask's 0644 is readable by every local account."""
    private_files.private(tmp)
    os.replace(tmp, target)


def path_of(blobs: Path, digest: str) -> Path:
    return Path(blobs) / digest[:2] / digest


def plain_of(raw: bytes, digest: str, keys: Iterable[bytes | None]) -> bytes:
    """``raw`` as read from a blob file, plain: unsealed when it carries the header, else as it is.

    A plain file that happens to start with the magic is still read right: its own hash says it is plain."""
    if is_sealed_bytes(raw):
        try:
            return unseal(raw, digest, keys)
        except BlobError:
            if hashlib.sha256(raw).hexdigest() == digest:
                return raw
            raise
    return raw


def read(root: Path, digest: str) -> bytes:
    """The plain bytes of the attachment ``digest`` of the profile at ``root`` (``OSError`` if absent)."""
    path = path_of(Path(root) / "blobs", digest)
    with path.open("rb") as fh:
        if fh.read(len(MAGIC)) == stream.MAGIC2:
            fh.seek(0)
            try:
                return _unseal_records(fh, digest, known_keys(root))
            except BlobError:
                fh.seek(0)
                raw = fh.read()
                if hashlib.sha256(raw).hexdigest() == digest:
                    return raw  # a plain file that happens to start with the magic
                raise
    raw = path.read_bytes()
    return plain_of(raw, digest, known_keys(root) if is_sealed_bytes(raw) else ())


def plain_chunks(root: Path, digest: str) -> Iterator[bytes]:
    """The plain bytes of the attachment ``digest`` of the profile at ``root``, a record (or a megabyte) at a
    time, never whole (``plain_stream``); ``OSError`` if the file is absent."""
    with path_of(Path(root) / "blobs", digest).open("rb") as fh:
        yield from plain_stream(fh, digest, known_keys(root))


def plain_stream(fh: BinaryIO, digest: str, keys: Iterable[bytes | None]) -> Iterator[bytes]:
    """The plain bytes of the attachment file (or backup member) open at its start in ``fh`` (seekable),
    a record at a time: for copies that go to a file (the viewer's copy, a backup member, a restored
    file), so a 50 MB scan is never whole in memory. The hash is checked as they pass: after the last
    piece ``BlobDamaged`` if it differs, so a consumer keeps what it wrote only once the iteration ends.
    A VDBLOB1 file is unsealed whole (it is one record); a plain file that happens to start with the magic
    is read as it is (its own hash says so)."""
    h = hashlib.sha256()
    for piece in _plain_pieces(fh, digest, [k for k in keys if k is not None]):
        h.update(piece)
        yield piece
    if h.hexdigest() != digest:
        raise BlobDamaged("附件文件内容与其校验值(SHA-256)不符, 已损坏")


def _plain_pieces(fh: BinaryIO, digest: str, keys: list[bytes]) -> Iterator[bytes]:
    head = fh.read(len(MAGIC))
    fh.seek(0)
    if not is_sealed_bytes(head):
        yield from iter(lambda: fh.read(stream.RECORD_BYTES), b"")
        return
    given = False
    try:
        if head == stream.MAGIC2:
            header = fh.read(stream.HEADER2_BYTES)
            if len(header) != stream.HEADER2_BYTES:
                raise BlobDamaged("附件文件已损坏(加密附件不完整)")
            key = _record_key(header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES], keys)
            try:
                for _end, plain, _last in stream.records(fh, header, key, digest):
                    given = True
                    yield plain
            except stream.StreamBroken:
                raise BlobDamaged("附件文件已损坏或被替换(加密校验未通过)") from None
        else:
            yield unseal(fh.read(), digest, keys)
        return
    except BlobError:
        if given or _file_hash(fh) != digest:
            raise
    fh.seek(0)  # a plain file whose first bytes happen to be the magic (no record of it opened)
    yield from iter(lambda: fh.read(stream.RECORD_BYTES), b"")


def _file_hash(fh: BinaryIO) -> str:
    fh.seek(0)
    h = hashlib.sha256()
    for piece in iter(lambda: fh.read(stream.RECORD_BYTES), b""):
        h.update(piece)
    return h.hexdigest()


def verify_stream(fh: BinaryIO, digest: str, keys: Iterable[bytes | None]) -> None:
    """Read the file through ``plain_stream`` to its end: ``BlobDamaged``/``BlobLocked`` if it is not the
    attachment ``digest`` (a record of memory, not the scan)."""
    for _piece in plain_stream(fh, digest, keys):
        pass


def head_key_id(path: Path) -> bytes | None:
    """The key id in a sealed file's header (None for a plain file or one that cannot be read)."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(len(MAGIC) + KEY_ID_BYTES)
    except OSError:
        return None
    return sealed_key_id(head) if is_sealed_bytes(head) and len(head) == len(MAGIC) + KEY_ID_BYTES else None


def seal_pieces(pieces: Iterable[bytes], digest: str, out: BinaryIO, db_key: bytes) -> None:
    """Write ``pieces`` (plain) to ``out`` as VDBLOB2 sealed with ``db_key``, a record at a time, without an
    fsync (``out`` may be a zip member). ``pieces`` raising (a hash that failed) leaves ``out`` partial:
    the caller drops it."""
    blob_key, ident = _derive(db_key)
    header = stream.new_header(ident)
    out.write(header)
    writer = stream.Writer(out, header, blob_key, digest)
    for piece in pieces:
        writer.write(piece)
    writer.end()


def copy_plain(root: Path, digest: str, target: Path, mode: int = 0o600) -> Path:
    """The attachment's plain bytes written to ``target`` (created with ``mode``, through a temporary, a
    record at a time, renamed only once the hash checked): ``BlobDamaged``/``BlobLocked`` leave nothing."""
    target = Path(target)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as out:
            for piece in plain_chunks(root, digest):
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def read_verified(root: Path, digest: str) -> bytes:
    """``read``, and the plain bytes must hash to ``digest`` (``BlobDamaged`` otherwise)."""
    data = read(root, digest)
    if hashlib.sha256(data).hexdigest() != digest:
        raise BlobDamaged("附件文件内容与其校验值(SHA-256)不符, 已损坏")
    return data


def state(root: Path, digest: str) -> str:
    """``ok``, ``missing``, ``garbled`` (bytes are not the attachment) or ``locked`` (sealed by a key this
    process does not hold)."""
    path = path_of(Path(root) / "blobs", digest)
    if not path.is_file():
        return "missing"
    try:
        for _piece in plain_chunks(root, digest):  # streamed: a record of memory, not the scan
            pass
    except BlobLocked:
        return "locked"
    except BlobDamaged:
        return "garbled"
    except OSError:
        return "missing"
    return "ok"


def write(root: Path, digest: str, plain: bytes) -> Path:
    """Write the attachment file for ``plain`` (hash ``digest``) atomically, sealed on an encrypted profile."""
    target = path_of(Path(root) / "blobs", digest)
    key = profile_key(root)
    if key is None:
        tmp = target.with_suffix(".part")  # exactly as plain profiles always wrote it
        with folder_made_for(target), removed_on_failure(tmp):
            tmp.write_bytes(plain)
            put(tmp, target)
    else:
        _seal_stream(target, digest, key, io.BytesIO(plain))
    return target


def _seal_stream(target: Path, digest: str, db_key: bytes, source: BinaryIO) -> None:
    """``target`` written atomically as VDBLOB2 from ``source``, a record at a time (a 50 MB scan needs
    one record of memory, not the scan and its sealed copy)."""
    blob_key, ident = _derive(db_key)
    header = stream.new_header(ident)
    _stream_to(target, source, digest, header, lambda fh: stream.Writer(fh, header, blob_key, digest))


def _stream_to(
    target: Path, source: BinaryIO, digest: str, header: bytes, sealer: Callable[[BinaryIO], stream.Writer] | None
) -> None:
    """Copy ``source`` into ``target`` through a temporary (sealed by ``sealer``'s writer, or as it is when
    ``sealer`` is None), hashing as it goes: renamed into place only if the bytes hash to ``digest``."""
    tmp = target.with_name(target.name + (".sealing" if sealer else ".part"))
    h = hashlib.sha256()
    with folder_made_for(target):
        with removed_on_failure(tmp), tmp.open("wb") as fh:
            fh.write(header)
            out = sealer(fh) if sealer else fh
            for piece in iter(lambda: source.read(stream.RECORD_BYTES), b""):
                h.update(piece)
                out.write(piece)
            if sealer:
                out.finish()
        if h.hexdigest() != digest:
            tmp.unlink(missing_ok=True)
            raise BlobChanged("文件在读取时被改动了, 没有保存, 请重新添加")
        put(tmp, target)


def write_file(root: Path, digest: str, source: Path) -> Path:
    """Write the attachment file from the file ``source`` (its hash ``digest``, checked again as it is read:
    ``BlobChanged`` if it differs): copied on a plain profile, sealed as it is read on an encrypted one."""
    target = path_of(Path(root) / "blobs", digest)
    key = profile_key(root)
    with Path(source).open("rb") as src:
        if key is None:
            _stream_to(target, src, digest, b"", None)
        else:
            _seal_stream(target, digest, key, src)
    return target


def install_file(root: Path, part: Path, digest: str) -> Path:
    """Move a received plain file (its hash already checked) into the store: renamed on a plain profile,
    sealed (and the plain temporary removed) on an encrypted one."""
    target = path_of(Path(root) / "blobs", digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    if profile_key(root) is None:
        put(part, target)
        return target
    write_file(root, digest, part)
    Path(part).unlink(missing_ok=True)
    return target


class SealedDownload:
    """A download in progress on an encrypted profile, kept as sealed VDBLOB2 records (``….download``):
    a cut or a kill leaves only sealed bytes, and the next sync resumes from the last whole record."""

    def __init__(self, root: Path, part: Path, digest: str) -> None:
        key = profile_key(root)
        if key is None:
            raise ValueError("a plain profile keeps its downloads plain")
        blob_key, ident = _derive(key)
        self.root, self.part, self.digest = Path(root), Path(part), digest
        got = stream.resume(self.part, blob_key, ident, digest)
        if got is None:  # none yet, or left by an older version in clear, or sealed by another key
            self.part.unlink(missing_ok=True)
            self._fh: BinaryIO = self.part.open("w+b")
            header = stream.new_header(ident)
            self._fh.write(header)
            self._writer = stream.Writer(self._fh, header, blob_key, digest)
            self._writer.flush()
            self.offset = 0
        else:
            self._writer, self.offset, self._fh = got

    def write(self, data: bytes) -> None:
        self._writer.write(data)

    def flush(self) -> None:
        """What arrived so far, sealed and on disk."""
        self._writer.flush()

    def close(self) -> None:
        self._fh.close()

    def discard(self) -> None:
        self.close()
        self.part.unlink(missing_ok=True)

    def finish(self) -> bool:
        """Seal the last record; if the plain content hashes to its name the file becomes the attachment
        (renamed: it is already sealed), otherwise it is deleted (False)."""
        self._writer.finish()
        self._fh.close()
        h = hashlib.sha256()
        try:
            with self.part.open("rb") as fh:
                header = fh.read(stream.HEADER2_BYTES)
                key = _record_key(header[len(MAGIC) : len(MAGIC) + KEY_ID_BYTES], known_keys(self.root))
                for _end, plain, _last in stream.records(fh, header, key, self.digest):
                    h.update(plain)
        except (BlobError, stream.StreamBroken):
            self.part.unlink(missing_ok=True)
            return False
        if h.hexdigest() != self.digest:
            self.part.unlink(missing_ok=True)
            return False
        put(self.part, path_of(self.root / "blobs", self.digest))
        return True


def sealed_download(root: Path, part: Path, digest: str) -> SealedDownload | None:
    """The sealed partial download for ``digest`` on an encrypted profile; None on a plain one."""
    return SealedDownload(root, part, digest) if profile_key(root) is not None else None


def iter_files(blobs: Path) -> Iterator[Path]:
    """Attachment files as the store keeps them (``ab/abcdef…``), temporaries left out."""
    if not Path(blobs).is_dir():
        return
    for sub in sorted(Path(blobs).iterdir()):
        if sub.is_dir() and len(sub.name) == 2:
            for blob in sorted(sub.iterdir()):
                if blob.is_file() and len(blob.name) == 64 and blob.name.startswith(sub.name):
                    yield blob


def plain_files(root: Path) -> list[Path]:
    """Attachment files of the profile still in clear (on an encrypted profile: what ``encrypt`` seals)."""
    return [p for p in iter_files(Path(root) / "blobs") if not is_sealed(p)]


def conform(root: Path, db_key: bytes, keys: Iterable[bytes] = ()) -> int:
    """Seal every attachment file of the profile under ``db_key``: plain ones, and those sealed with another
    key this process holds (``keys``: a restore that changed the key). Each file is replaced atomically,
    so a kill leaves every file plain or sealed, whole; temporaries (plain partial writes) are removed.
    A file that does not match its name is left as it is for ``check`` to report. Returns how many."""
    blobs = Path(root) / "blobs"
    wanted = key_id(db_key)
    others = [db_key, *keys]
    done = 0
    if blobs.is_dir():
        for sub in blobs.iterdir():
            if sub.is_dir():
                for stale in sub.iterdir():
                    if stale.suffix in _TEMP_SUFFIXES:
                        stale.unlink(missing_ok=True)
    for path in iter_files(blobs):
        if head_key_id(path) == wanted:
            continue
        if _reseal(path, db_key, others):
            done += 1
    return done


def _reseal(path: Path, db_key: bytes, keys: list[bytes]) -> bool:
    """Replace the attachment file ``path`` by its VDBLOB2 form under ``db_key``, a record at a time through
    a fsynced temporary; False (the file left as it is) when it does not open or match its name."""
    tmp = path.with_name(path.name + ".sealing")
    try:
        with path.open("rb") as src, tmp.open("wb") as out:
            seal_pieces(plain_stream(src, path.name, keys), path.name, out, db_key)
            out.flush()
            os.fsync(out.fileno())
    except BlobError:
        tmp.unlink(missing_ok=True)
        return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    put(tmp, path)
    return True


def forget() -> None:
    """Drop the cached profile keys (tests; a process that locks its profile again)."""
    _profile_keys.clear()
    _derived.clear()
