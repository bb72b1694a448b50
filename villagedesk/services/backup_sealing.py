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


def plain_files(backups: Path) -> list[Path]:
    """What in ``backups/`` anyone with the file can read: archives with a plain DB or scans, other copies."""
    found = []
    for path in sorted(backups.glob(f"*{archive.SUFFIX}")) if backups.is_dir() else []:
        try:
            manifest = archive.read_manifest(path)
            if archive.KEYS_MEMBER not in manifest.members or archive.plain_blob_members(path, manifest):
                found.append(path)
        except archive.ArchiveError:
            continue  # a damaged archive is reported by restore --preview
    found.extend(p for p in _candidates(backups) if _readable_without_key(p))
    return sorted(found)


def seal_backups(root: Path, backups: Path, key: bytes) -> int:
    """Rewrite every plain archive encrypted, export every readable plain DB encrypted and seal every other
    plain file as a blob; the number of files changed. Call under the backup lock (restore holds it)."""
    sealed = 0
    for path in sorted(backups.glob(f"*{archive.SUFFIX}")) if backups.is_dir() else []:
        try:
            sealed += archive.reencrypt_archive(path, key, keyfile.path_in(root), backups)
        except archive.ArchiveError:
            continue  # a damaged archive is reported by restore --preview; it is not made worse here
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
