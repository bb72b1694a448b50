"""No plain copy rests in ``backups/`` of an encrypted profile: archives re-encrypted, copies sealed.

Why one module for encrypt, restore and check: each used to know a different part of the folder (encrypt
exported every ``*.db`` and choked on a damaged one; restore left the replaced plain DB as it was; check
did not look). Here a file is either readable without the key (``plain_files``) or not, and
``seal_backups`` leaves none that is: an archive is rewritten encrypted, a readable plain DB is exported
encrypted, and any other file (a damaged DB kept by a restore, its WAL) is sealed whole as a VDBLOB2 blob
named ``<name>.<sha256>.vdsealed``, so it stays recoverable with the profile's key (``unseal_copy``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from villagedesk.db import cipher
from villagedesk.services import backup_archive as archive
from villagedesk.services import keyfile, sealed_blobs

SEALED_SUFFIX = ".vdsealed"
_CHUNK = 1 << 20


def _candidates(backups: Path) -> list[Path]:
    """Files of ``backups/`` other than archives, the lock and hidden scratch (``.vdbak-*``)."""
    if not backups.is_dir():
        return []
    return sorted(
        p for p in backups.iterdir()
        if p.is_file() and not p.name.startswith(".") and not p.name.endswith((archive.SUFFIX, SEALED_SUFFIX))
    )  # fmt: skip


def _readable_without_key(path: Path) -> bool:
    """Plain SQLite, or not a DB any key of this process opens (a damaged file may hold names in clear)."""
    if sealed_blobs.is_sealed(path):
        return False
    if path.stat().st_size == 0:
        return False
    return not cipher.is_encrypted(path) or cipher.key_of(path) is None


def made_by(tag: str):
    """A filter for archives this PC made (its device tag in the manifest): a shared USB stick may hold
    another PC's backups, which only their own PC may re-encrypt (with this PC's key they would open no more
    with their own office's passwords)."""

    def own(path: Path) -> bool:
        try:
            return bool(tag) and archive.read_manifest(path).numbering.get("device_tag") == tag
        except archive.ArchiveError:
            return False

    return own


def plain_archives(folder: Path, keep=None) -> list[Path]:
    """The backup archives in ``folder`` anyone with the file can read (a plain DB, or scans in clear).

    Told by the DB member's own first bytes, never by whether a key file travels with it: a safety copy
    made while ``keys.json`` was lost holds ciphertext all the same, and calling it readable by anyone
    (and telling the agent to delete a backup ``restore`` still reads) was wrong twice."""
    found = []
    for path in sorted(folder.glob(f"*{archive.SUFFIX}")) if folder.is_dir() else []:
        if keep is not None and not keep(path):
            continue
        try:
            manifest = archive.read_manifest(path)
            if not archive.db_member_encrypted(path) or archive.plain_blob_members(path, manifest):
                found.append(path)
        except archive.ArchiveError:
            continue  # a damaged archive is reported by restore --preview
    return found


def plain_files(backups: Path) -> list[Path]:
    """What in ``backups/`` anyone with the file can read: archives with a plain DB or scans, other copies."""
    return sorted([*plain_archives(backups), *(p for p in _candidates(backups) if _readable_without_key(p))])


def seal_archives(root: Path, folder: Path, key: bytes, scratch: Path, keep=None) -> int:
    """Rewrite every plain archive in ``folder`` encrypted; how many. ``scratch`` holds the plain DB while it
    is exported (the profile's ``backups/``: never a USB stick's folder, where a kill would leave it)."""
    sealed = 0
    for path in sorted(folder.glob(f"*{archive.SUFFIX}")) if folder.is_dir() else []:
        if keep is not None and not keep(path):
            continue
        try:
            sealed += archive.reencrypt_archive(path, key, keyfile.path_in(root), scratch)
        except archive.ArchiveError:
            continue  # a damaged archive is reported by restore --preview; it is not made worse here
    return sealed


def seal_second_folder(root: Path, folder: Path | None, key: bytes, keep=None) -> tuple[int, list[Path]] | None:
    """The second backup folder's (设置 → 备份与恢复: a USB stick, a second disk) plain archives rewritten
    encrypted: ``(how many, those still plain)``; None when no folder is set or it is not there (the stick
    is out). Only archives: the folder may be a stick's root with the person's own files, never touched."""
    if folder is None or not Path(folder).is_dir():
        return None
    scratch = Path(root) / "backups"
    scratch.mkdir(parents=True, exist_ok=True)
    sealed = seal_archives(root, Path(folder), key, scratch, keep)
    return sealed, plain_archives(Path(folder), keep)


def second_folder_problems(folder: Path | None, keep=None) -> list[str]:
    """For ``check`` on an encrypted profile: the second backup folder's archives readable without the key."""
    found = plain_archives(Path(folder), keep) if folder is not None else []
    if not found:
        return []
    names = "、".join(p.name for p in found[:5]) + (" 等" if len(found) > 5 else "")
    return [
        f"数据库已加密, 但第二备份文件夹 {folder} 中有 {len(found)} 个未加密的备份({names}), 任何人拿到即可读出"
        "姓名和身份证号: 请接上该文件夹再运行 villagedesk encrypt 将其加密(确认无用的也可删除)"
    ]


def seal_backups(root: Path, backups: Path, key: bytes) -> int:
    """Rewrite every plain archive encrypted, export every readable plain DB encrypted and seal every other
    plain file as a blob; the number of files changed. Call under the backup lock (restore holds it)."""
    sealed = seal_archives(root, backups, key, backups)
    for path in _candidates(backups):
        if not _readable_without_key(path):
            continue
        if path.suffix == ".db" and not cipher.is_encrypted(path) and _export(path, key):
            sealed += 1
            continue
        seal_copy(path, key)
        sealed += 1
    return sealed


def _export(path: Path, key: bytes) -> bool:
    """A readable plain DB exported encrypted in place; False if SQLite cannot read it (then sealed whole)."""
    part = path.with_name(path.name + ".part")  # a kill leaves what the next backup removes
    try:
        with sealed_blobs.removed_on_failure(part):
            cipher.export_encrypted(path, part, key)
            os.replace(part, path)
    except cipher.DATABASE_ERRORS:
        return False
    return True


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def seal_copy(path: Path, key: bytes) -> Path:
    """``path`` sealed whole beside itself (checked by unsealing), then the plain file removed."""
    digest = _sha256(path)
    target = path.with_name(f"{path.name}.{digest}{SEALED_SUFFIX}")
    tmp = target.with_name(target.name + ".sealing")
    with sealed_blobs.removed_on_failure(tmp):
        with path.open("rb") as src, tmp.open("wb") as out:
            sealed_blobs.seal_pieces(iter(lambda: src.read(_CHUNK), b""), digest, out, key)
            out.flush()
            os.fsync(out.fileno())
        with tmp.open("rb") as fh:
            sealed_blobs.verify_stream(fh, digest, [key])
        os.replace(tmp, target)
    path.unlink()
    return target


class NotSealedCopy(ValueError):
    """The file is not named ``<name>.<sha256>.vdsealed`` (so its content cannot be checked)."""


def sealed_parts(sealed: Path) -> tuple[str, str]:
    """``(name, sha256)`` of a file ``seal_copy`` sealed, from its name ``<name>.<sha256>.vdsealed``."""
    base = Path(sealed).name
    if not base.endswith(SEALED_SUFFIX):
        raise NotSealedCopy(base)
    name, _dot, digest = base[: -len(SEALED_SUFFIX)].rpartition(".")
    if not name or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise NotSealedCopy(base)
    return name, digest


def unseal_copy(sealed: Path, target: Path, keys: list[bytes]) -> Path:
    """The plain bytes of a file ``seal_copy`` sealed, written to ``target`` through a temporary renamed only
    once the plain bytes hashed to the name's SHA-256 (``BlobDamaged``/``BlobLocked`` leave nothing)."""
    digest = sealed_parts(sealed)[1]
    part = target.with_name(target.name + ".part")
    with sealed_blobs.removed_on_failure(part), sealed.open("rb") as fh, part.open("wb") as out:
        for piece in sealed_blobs.plain_stream(fh, digest, keys):
            out.write(piece)
    os.replace(part, target)
    return target
