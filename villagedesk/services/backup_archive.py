"""The backup file: one zip holding the database, every attachment and a manifest of SHA-256 sums.

Why one file: a backup that leaves the scans out restores into a profile whose attachment rows point at
nothing. Why a manifest: a flipped bit or an edited member must be refused before anything is touched.
The archive is written under a temporary name and renamed when complete, so a killed backup leaves no
half-written file that looks like a backup or blocks the next one.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from villagedesk.db import cipher
from villagedesk.db.engine import backup_to, connect_readonly
from villagedesk.domain.errors import DomainError
from villagedesk.services import private_files, sealed_blobs

FORMAT = "villagedesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = "villagedesk.db"
KEYS_MEMBER = "keys.json"  # an encrypted profile's wrapped DB key (docs/encryption.md): no key in clear
BLOBS = "blobs"
CHUNK = 1024 * 1024
SUFFIX = ".vdbak"


# What a member is, for the sentence that says which one failed its checksum (a flipped byte in the key
# file is not an attachment's fault).
_MEMBER_WORDS = {DB_MEMBER: "数据库", KEYS_MEMBER: "密钥文件(keys.json)"}


class ArchiveError(DomainError):
    """The file is not a complete, unaltered VillageDesk backup."""


class DamagedDatabase(ArchiveError):
    """The database being backed up fails SQLite's integrity check: its archive would restore nothing, and
    rotation would delete the good backups to make room for it."""


def database_sound(db: Path) -> bool:
    """SQLite's ``integrity_check`` on ``db`` (the test a restore applies, so what a backup takes a restore
    accepts); False also when SQLite cannot read the file at all."""
    try:
        conn = connect_readonly(db)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except cipher.DATABASE_ERRORS:
        return False
    return rows == [("ok",)]


def archive_db_sound(path: Path, scratch: Path) -> bool:
    """Whether the archive's database member matches its manifest and passes the integrity check.

    Why not the scans too: rotation asks this of the newest archive before every deletion, and the scans
    were hashed on their way in; the database is what a damaged source spoils. The copy is taken in
    ``scratch`` (the profile's ``backups/``), never on a USB stick."""
    try:
        manifest = read_manifest(path)
        scratch.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".vdbak-", dir=scratch) as tmp:
            return database_sound(extract_db(path, manifest, Path(tmp) / DB_MEMBER))
    except (DomainError, OSError, KeyError, zipfile.BadZipFile, zlib.error, EOFError, *cipher.DATABASE_ERRORS):
        return False


def _missing_scans(snapshot: Path, included: set[str]) -> list[str]:
    """Attachments the database lists as present whose file is not in the blob store (deleted, moved)."""
    conn = connect_readonly(snapshot)
    try:
        wanted = {row[0] for row in conn.execute("SELECT DISTINCT sha256 FROM attachments WHERE present")}
    finally:
        conn.close()
    return sorted(wanted - included)


@dataclass
class Manifest:
    created: str
    seq: int
    revision: str | None
    cases: int
    members: dict[str, dict] = field(default_factory=dict)  # name -> {"sha256", "size"}
    blobs_included: bool = True
    skipped: list[str] = field(default_factory=list)  # scans left out: already damaged in the profile
    # the device tag and day counters of the DB (``case_seq:YYMMDD``): a later restore on this PC reads what
    # it numbered from the manifest alone (services/restore_counters.py), even when its DB is unreadable
    numbering: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": self.created,
            "seq": self.seq,
            "revision": self.revision,
            "cases": self.cases,
            "blobs_included": self.blobs_included,
            "members": self.members,
            "skipped": self.skipped,
            "numbering": self.numbering,
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def is_archive(path: Path) -> bool:
    """By its first bytes, so a truncated archive is still known as one (and refused as damaged)."""
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def iter_blob_files(blobs: Path) -> Iterator[Path]:
    """Attachment files as the blob store keeps them (``ab/abcdef…``); partial writes are skipped."""
    if not blobs.is_dir():
        return
    for sub in sorted(blobs.iterdir()):
        if sub.is_dir() and len(sub.name) == 2:
            for blob in sorted(sub.iterdir()):
                if blob.is_file() and len(blob.name) == 64 and blob.name.startswith(sub.name):
                    yield blob


def _numbering(db: Path) -> dict[str, str]:
    conn = connect_readonly(db)
    try:
        query = "SELECT key, value FROM settings WHERE key = 'device_tag' OR key LIKE 'case_seq:%'"
        return {str(k): str(v) for k, v in conn.execute(query)}
    finally:
        conn.close()


def _count_cases(db: Path) -> tuple[str | None, int]:
    conn = connect_readonly(db)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    finally:
        conn.close()
    return (revision[0] if revision else None), int(cases)


_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # no room, over quota


def write_archive(
    db: Path, blobs: Path | None, target: Path, seq: int, created: datetime, scratch: Path | None = None
) -> Manifest:
    """Write ``target`` from the live DB (online backup API) and the blob folder; atomically.

    ``blobs=None`` writes a database-only archive (the safety copy before a restore: the profile's
    attachment files are never deleted, so they need not be copied again). The DB snapshot is taken in
    ``scratch`` (the profile's ``backups/``): a killed backup leaves no copy of the villagers' data on
    the USB stick, and the next backup removes it under the profile's lock.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    scratch = scratch or target.parent
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".vdbak-", dir=scratch) as tmp:
        snapshot = backup_to(db, Path(tmp) / DB_MEMBER)
        if not database_sound(snapshot):  # checked on the copy the backup API made: nothing written yet
            raise DamagedDatabase("数据库文件已损坏(完整性检查未通过), 未做备份")
        revision, cases = _count_cases(snapshot)
        stamp = created.isoformat(timespec="seconds")
        manifest = Manifest(stamp, seq, revision, cases, blobs_included=blobs is not None)
        manifest.numbering = _numbering(snapshot)
        try:
            with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
                manifest.members[DB_MEMBER] = _add(zf, snapshot, DB_MEMBER)
                keys = db.with_name(KEYS_MEMBER)
                if cipher.is_encrypted(snapshot) and keys.is_file():  # the password opens the restored copy
                    manifest.members[KEYS_MEMBER] = _add(zf, keys, KEYS_MEMBER)
                sealing = sealed_blobs.profile_key(db.parent) if blobs is not None else None
                for blob in iter_blob_files(blobs) if blobs is not None else ():
                    name = f"{BLOBS}/{blob.parent.name}/{blob.name}"
                    if sealing is not None or sealed_blobs.is_sealed(blob):  # an encrypted profile's: sealed
                        member = _sealed_member(zf, db.parent, blob, sealing, name)
                        if member is None:
                            manifest.skipped.append(blob.name)
                        else:
                            manifest.members[name] = member
                        continue
                    if _sha256_file(blob) != blob.name:  # damaged here already: a restore would refuse the archive
                        manifest.skipped.append(blob.name)
                        continue
                    manifest.members[name] = _add(zf, blob, name, compress=False)  # scans are compressed already
                if blobs is not None:  # a scan deleted from blobs/ is left out too, and said so
                    present = {blob.name for blob in iter_blob_files(blobs)}
                    manifest.skipped.extend(_missing_scans(snapshot, present))
                zf.writestr(MANIFEST, manifest.to_json())
            with part.open("rb+") as fh:
                os.fsync(fh.fileno())
            private_files.private(part)
            os.replace(part, target)
        except BaseException as err:
            part.unlink(missing_ok=True)
            name_full_target(err, part)
            raise
    return manifest


def name_full_target(err: BaseException, written: Path) -> None:
    """A full disk while writing ``written`` names it: zipfile's ENOSPC carries no file name and shutil's
    names the file it read (in the profile), so the failure's sentence blamed the profile's folder for a
    full USB stick whose disk alone had no room. Only a write fills a disk: ``written`` is the one."""
    if isinstance(err, OSError) and err.errno in _FULL_ERRNOS:
        err.filename, err.filename2 = str(written), None


def _sealed_member(zf: zipfile.ZipFile, root: Path, blob: Path, key: bytes | None, name: str) -> dict | None:
    """One attachment file of an encrypted profile into the archive, streamed (a record of memory, not the
    scan): the file as it is when the profile's key sealed it, else sealed on the way as VDBLOB2 (a plain
    one a killed conversion left: the backup holds no scan in clear); None when the file is damaged (left
    out, as a damaged plain file is). Its plain bytes are checked against its name before it is added."""
    keys = sealed_blobs.known_keys(root)
    try:
        with blob.open("rb") as fh:
            sealed_blobs.verify_stream(fh, blob.name, keys)
    except sealed_blobs.BlobError:
        return None
    if key is None or sealed_blobs.head_key_id(blob) == sealed_blobs.key_id(key):
        return _add(zf, blob, name, compress=False)  # a plain profile holding a sealed file keeps it as it is
    with blob.open("rb") as src, _member(zf, name) as out:
        sealed_blobs.seal_pieces(sealed_blobs.plain_stream(src, blob.name, keys), blob.name, out, key)
    return out.entry()


class _HashingMember:
    """A stored zip member being written, with the SHA-256 and size of what went in (for the manifest)."""

    def __init__(self, dst) -> None:
        self._dst, self._digest, self.size = dst, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        self.size += len(data)
        return self._dst.write(data)

    def flush(self) -> None:
        self._dst.flush()

    def entry(self) -> dict:
        return {"sha256": self._digest.hexdigest(), "size": self.size}

    def __enter__(self) -> _HashingMember:
        return self

    def __exit__(self, *exc: object) -> None:
        self._dst.close()


def _member(zf: zipfile.ZipFile, name: str) -> _HashingMember:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED  # scans are compressed already, sealed ones do not compress
    return _HashingMember(zf.open(info, "w", force_zip64=True))


def _add(zf: zipfile.ZipFile, path: Path, name: str, compress: bool = True) -> dict:
    digest = hashlib.sha256()
    size = 0
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with path.open("rb") as src, zf.open(info, "w", force_zip64=True) as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return {"sha256": digest.hexdigest(), "size": size}


def read_manifest(path: Path) -> Manifest:
    """The manifest of an archive, checked for shape only (``verify_archive`` checks the members)."""
    try:
        with zipfile.ZipFile(path) as zf:
            raw = zf.read(MANIFEST)
    except KeyError:
        raise ArchiveError("备份文件缺少清单(manifest.json), 不是完整的 VillageDesk 备份") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise ArchiveError("备份文件已损坏, 无法读取, 不能用来恢复; 当前数据未改动") from None
    try:
        data = json.loads(raw.decode("utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError("format")
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise ArchiveError("备份来自更新版本的 VillageDesk, 请先升级程序; 当前数据未改动")
        members = data["members"]
        if not isinstance(members, dict) or DB_MEMBER not in members:
            raise ValueError("members")
        return Manifest(
            str(data["created"]), int(data["seq"]), data.get("revision"), int(data["cases"]),
            {str(k): {"sha256": str(v["sha256"]), "size": int(v["size"])} for k, v in members.items()},
            bool(data.get("blobs_included", True)),
            [str(x) for x in data.get("skipped", [])],
            {str(k): str(v) for k, v in (data.get("numbering") or {}).items()},
        )  # fmt: skip
    except ArchiveError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveError("备份文件的清单已损坏或被改动, 不能用来恢复") from None


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    if name in (DB_MEMBER, MANIFEST, KEYS_MEMBER):
        return True
    return (
        len(parts) == 3 and parts[0] == BLOBS and len(parts[1]) == 2 and len(parts[2]) == 64
        and parts[2].startswith(parts[1]) and all(c in "0123456789abcdef" for c in parts[2])
    )  # fmt: skip


def verify_archive(path: Path) -> Manifest:
    """Read every member and compare it with the manifest; raise ``ArchiveError`` on any difference.

    Nothing is written: this runs before a restore touches the profile.
    """
    manifest = read_manifest(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = {i.filename for i in zf.infolist()}
            extra = names - set(manifest.members) - {MANIFEST}
            missing = set(manifest.members) - names
            unsafe = [n for n in names if not _safe_name(n)]
            if extra or unsafe:
                count = len(extra | set(unsafe))
                raise ArchiveError(f"备份文件含有清单以外的内容({count} 项), 可能被改动过, 不能用来恢复")
            if missing:
                raise ArchiveError(f"备份文件不完整: 缺少 {len(missing)} 项, 不能用来恢复")
            for name, expected in manifest.members.items():
                digest, size, head = _hash_member(zf, name)
                if digest != expected["sha256"] or size != expected["size"]:
                    what = _MEMBER_WORDS.get(name, "附件")
                    raise ArchiveError(f"备份文件中的{what}校验不符(SHA-256), 文件已损坏或被改动, 不能用来恢复")
                sealed = sealed_blobs.is_sealed_bytes(head)  # its name is its plain hash: checked when unsealed
                if name.startswith(BLOBS + "/") and not sealed and digest != PurePosixPath(name).name:
                    raise ArchiveError("备份文件中的附件与其名称不符, 文件已损坏或被改动, 不能用来恢复")
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise ArchiveError("备份文件已损坏, 无法读取, 不能用来恢复; 当前数据未改动") from None
    return manifest


def _hash_member(zf: zipfile.ZipFile, name: str) -> tuple[str, int, bytes]:
    """SHA-256, size and first bytes (a sealed attachment's header) of one member."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    try:
        with zf.open(name) as fh:
            while chunk := fh.read(CHUNK):
                head = head or chunk[: len(sealed_blobs.MAGIC)]
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError):  # zip's CRC or the deflate stream failed: corrupt
        return "", -1, b""
    return digest.hexdigest(), size, head


def extract_db(path: Path, manifest: Manifest, target: Path) -> Path:
    """Extract the DB member to ``target`` (a temporary name), checking its hash again on the way."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as zf, zf.open(DB_MEMBER) as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if digest.hexdigest() != manifest.members[DB_MEMBER]["sha256"]:
        raise ArchiveError("备份文件在恢复过程中发生变化, 已停止; 当前数据未改动")
    return target


def extract_keys(path: Path, manifest: Manifest, folder: Path) -> Path | None:
    """The archive's ``keys.json`` written into ``folder`` (None when the backup is not encrypted)."""
    if KEYS_MEMBER not in manifest.members:
        return None
    with zipfile.ZipFile(path) as zf:
        raw = zf.read(KEYS_MEMBER)
    if hashlib.sha256(raw).hexdigest() != manifest.members[KEYS_MEMBER]["sha256"]:
        raise ArchiveError("备份文件在恢复过程中发生变化, 已停止; 当前数据未改动")
    target = folder / KEYS_MEMBER
    target.write_bytes(raw)
    return target


def db_member_encrypted(path: Path) -> bool:
    """The archive's database member is SQLCipher ciphertext (its first 16 bytes are not SQLite's header)."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(DB_MEMBER) as fh:
            head = fh.read(len(cipher.PLAIN_HEADER))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError):
        raise ArchiveError("备份文件已损坏, 无法读取, 不能用来恢复; 当前数据未改动") from None
    return len(head) == len(cipher.PLAIN_HEADER) and head != cipher.PLAIN_HEADER


def plain_blob_members(path: Path, manifest: Manifest) -> list[str]:
    """The archive's attachment members kept in clear (not sealed by ``sealed_blobs``)."""
    clear = []
    try:
        with zipfile.ZipFile(path) as zf:
            for name in manifest.members:
                if name.startswith(BLOBS + "/"):
                    with zf.open(name) as fh:
                        if not sealed_blobs.is_sealed_bytes(fh.read(len(sealed_blobs.MAGIC))):
                            clear.append(name)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, KeyError):
        raise ArchiveError("备份文件已损坏, 无法读取, 不能用来恢复; 当前数据未改动") from None
    return clear


def reencrypt_archive(path: Path, key: bytes, keys: Path, scratch: Path) -> bool:
    """Rewrite an archive with its DB encrypted by ``key``, ``keys`` inside and every attachment sealed;
    False if there was nothing in clear (an encrypted DB whose scans an older version kept plain is
    rewritten too: its attachments are sealed, its DB and key file kept; one made while ``keys.json`` was
    lost, whose DB ``key`` opens, gets ``keys`` added so that its passwords open it on another PC, and
    counts as nothing sealed).

    Verified first; written under a temporary name and renamed, so a kill leaves the old archive whole."""
    manifest = verify_archive(path)
    clear_blobs = plain_blob_members(path, manifest)
    if KEYS_MEMBER in manifest.members and not clear_blobs:
        return False
    lacks_keys = KEYS_MEMBER not in manifest.members and keys.is_file()  # made while keys.json was lost
    part = path.with_name(path.name + ".part")
    with tempfile.TemporaryDirectory(prefix=".vdbak-", dir=scratch) as tmp:
        db_file = extract_db(path, manifest, Path(tmp) / (DB_MEMBER + ".plain"))
        gets_keys = lacks_keys and cipher.is_encrypted(db_file) and cipher.key_of_with(db_file, key)
        if cipher.is_encrypted(db_file) and not clear_blobs and not gets_keys:
            return False
        if gets_keys:  # ciphertext of this profile's key: its key file goes in, so another PC can open it
            sealed = db_file
        elif cipher.is_encrypted(db_file):  # only the scans are in clear: the DB and its key file stay
            own = cipher.key_of(db_file)  # its scans are sealed with its own DB's key, not the profile's
            if own is None or KEYS_MEMBER not in manifest.members:
                return False  # a key this process does not hold: left as it is (plain_copies names it)
            key, sealed, keys = own, db_file, Path(tmp) / KEYS_MEMBER
            extract_keys(path, manifest, Path(tmp))
        else:
            sealed = Path(tmp) / DB_MEMBER
            cipher.export_encrypted(db_file, sealed, key)
            db_file.unlink()
        try:
            with zipfile.ZipFile(path) as src, zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                manifest.members[DB_MEMBER] = _add(zf, sealed, DB_MEMBER)
                manifest.members[KEYS_MEMBER] = _add(zf, keys, KEYS_MEMBER)
                for name in list(manifest.members):
                    if name.startswith(BLOBS + "/"):
                        digest = PurePosixPath(name).name
                        with src.open(name) as member, _member(zf, name) as out:
                            if name in clear_blobs:  # verified above: its bytes hash to its name
                                pieces = sealed_blobs.plain_stream(member, digest, ())
                                sealed_blobs.seal_pieces(pieces, digest, out, key)
                            else:
                                for chunk in iter(lambda m=member: m.read(CHUNK), b""):
                                    out.write(chunk)
                        manifest.members[name] = out.entry()
                zf.writestr(MANIFEST, manifest.to_json())
            with part.open("rb+") as fh:
                os.fsync(fh.fileno())
            private_files.private(part)
            os.replace(part, path)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    return bool(clear_blobs) or not gets_keys  # a key file added encrypts nothing: not counted as sealed


def extract_blobs(
    path: Path, manifest: Manifest, blobs: Path, key: bytes | None = None, keys: list[bytes] | None = None
) -> int:
    """Put the archive's attachment files into the blob store (absent ones only); returns how many.

    Each is written under a temporary name, its hash checked, then renamed: the store only ever holds
    files whose name is their SHA-256 (of the plain scan). ``key``: the restored profile's DB key, which
    seals every file written (a plain backup restored onto an encrypted profile); ``keys``: the keys that
    may have sealed the archive's files (unsealed and checked on the way).
    """
    if key is not None:
        return _extract_sealing(path, manifest, blobs, key, keys or [])
    written = 0
    with zipfile.ZipFile(path) as zf:
        for name, expected in manifest.members.items():
            if not name.startswith(BLOBS + "/"):
                continue
            sub, digest_name = PurePosixPath(name).parts[1:]
            final = blobs / sub / digest_name
            if final.is_file() and final.stat().st_size == expected["size"] and _sha256_file(final) == digest_name:
                continue
            with zf.open(name) as head:
                sealed = sealed_blobs.is_sealed_bytes(head.read(len(sealed_blobs.MAGIC)))
            if sealed:  # a plain profile gets the scan itself
                written += _extract_one(zf, name, final, None, keys or [])
                continue
            final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            part = final.with_suffix(".part")
            digest = hashlib.sha256()
            with sealed_blobs.removed_on_failure(part), zf.open(name) as src, part.open("wb") as dst:
                while chunk := src.read(CHUNK):  # a full disk mid-copy leaves no partial scan
                    digest.update(chunk)
                    dst.write(chunk)
            if digest.hexdigest() != digest_name:
                part.unlink(missing_ok=True)
                raise ArchiveError("备份文件在恢复过程中发生变化, 已停止")
            sealed_blobs.put(part, final)
            written += 1
    return written


def _extract_sealing(path: Path, manifest: Manifest, blobs: Path, key: bytes, keys: list[bytes]) -> int:
    written = 0
    wanted = sealed_blobs.key_id(key)
    with zipfile.ZipFile(path) as zf:
        for name in manifest.members:
            if not name.startswith(BLOBS + "/"):
                continue
            sub, digest_name = PurePosixPath(name).parts[1:]
            final = blobs / sub / digest_name
            if final.is_file() and sealed_blobs.head_key_id(final) == wanted:
                try:
                    with final.open("rb") as fh:
                        sealed_blobs.verify_stream(fh, digest_name, [key, *keys])  # a record at a time
                    continue
                except sealed_blobs.BlobError:
                    pass
            written += _extract_one(zf, name, final, key, keys)
    return written


def _extract_one(zf: zipfile.ZipFile, name: str, final: Path, key: bytes | None, keys: list[bytes]) -> int:
    """One member into the store, streamed through a temporary renamed only once checked: as it is when
    ``key`` sealed it, else unsealed with ``keys`` and, when ``key`` is given, sealed with it as VDBLOB2
    (a plain profile gets the plain scan). The plain bytes must hash to the member's name."""
    digest_name = final.name
    opening = [k for k in [key, *keys] if k is not None]
    with zf.open(name) as head:
        own = head.read(len(sealed_blobs.MAGIC) + sealed_blobs.KEY_ID_BYTES)
    same_key = (
        key is not None
        and sealed_blobs.is_sealed_bytes(own)
        and sealed_blobs.sealed_key_id(own) == sealed_blobs.key_id(key)
    )  # an encrypted backup restored with its own key: the sealed file as it is (checked below)
    final.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    part = final.with_suffix(".part")
    try:
        with zf.open(name) as src, part.open("wb") as dst:
            if same_key:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    dst.write(chunk)
            elif key is not None:
                sealed_blobs.seal_pieces(sealed_blobs.plain_stream(src, digest_name, opening), digest_name, dst, key)
            else:
                for piece in sealed_blobs.plain_stream(src, digest_name, opening):
                    dst.write(piece)
            dst.flush()
            os.fsync(dst.fileno())
        if same_key:
            with part.open("rb") as fh:
                sealed_blobs.verify_stream(fh, digest_name, opening)
    except sealed_blobs.BlobLocked:
        part.unlink(missing_ok=True)
        raise ArchiveError("备份中的附件已加密, 但本次打开的密钥解不开它, 不能恢复") from None
    except sealed_blobs.BlobDamaged:
        part.unlink(missing_ok=True)
        raise ArchiveError("备份文件中的附件已损坏或被改动(加密校验未通过), 不能用来恢复") from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    sealed_blobs.put(part, final)
    return 1


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, read in chunks (attachments may be tens of MB)."""
    return _sha256_file(path)
