"""Attachments: scans and photos of materials, stored once under their SHA-256 in <profile>/blobs.

The bytes are written (atomically) before the event that names them, so an event never points at a
missing file; adding the same scan twice stores it once. On an encrypted profile the file is sealed
(``sealed_blobs``): read it with ``read_bytes``/``export_file``, never from ``blob_path`` directly.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import NotFoundError, ValidationError
from villagedesk.domain.lifecycle import EventType, State, next_state
from villagedesk.domain.payloads import clean_payload
from villagedesk.services import sealed_blobs, viewer_copies
from villagedesk.services.desk import Desk

MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    sha256: str
    size: int
    mime: str
    material: str
    filename: str
    path: Path
    present: bool = True  # False: named by a synced event, its bytes not downloaded yet


def blob_path(desk: Desk, sha256: str) -> Path:
    return desk.paths.blobs / sha256[:2] / sha256


def store_blob(desk: Desk, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    if not blob_path(desk, digest).exists():
        sealed_blobs.write(desk.paths.root, digest, data)  # plain on a plain profile, sealed on an encrypted one
    return digest


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for piece in iter(lambda: fh.read(1024 * 1024), b""):
            h.update(piece)
    return h.hexdigest()


def read_bytes(desk: Desk, sha256: str) -> bytes:
    """The attachment's plain bytes, checked against its hash (``sealed_blobs.BlobDamaged`` if they differ;
    ``NotFoundError`` if the file is not on this PC)."""
    try:
        return sealed_blobs.read_verified(desk.paths.root, sha256)
    except FileNotFoundError:
        raise NotFoundError("附件文件不在本机(尚未下载或已丢失)") from None


def export_file(desk: Desk, sha256: str, target: Path) -> Path:
    """Save the attachment's plain bytes as ``target`` (open, preview, hand a copy over); atomic."""
    data = read_bytes(desk, sha256)
    target = Path(target)
    tmp = target.with_name(target.name + ".part")
    with sealed_blobs.removed_on_failure(tmp):
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return target


def add_file(desk: Desk, case_id: str, path: Path, material: str = "") -> AttachmentInfo:
    """Copy a file into the blob store and record it on the case (attachment_added event + row)."""
    path = Path(path)
    if path.is_dir():
        raise ValidationError("file", f"{path.name} 是文件夹, 请给出其中要添加的文件")
    if not path.is_file():
        raise ValidationError("file", f"文件不存在: {path.name}")
    size = path.stat().st_size
    if size == 0:
        raise ValidationError("file", "文件是空的")
    if size > MAX_BYTES:
        raise ValidationError("file", f"文件过大(最大 {MAX_BYTES // 1024 // 1024} MB)")
    material = v.free_text(material, "material", 128)
    filename = v.free_text(path.name, "file", 200) or "file"
    digest = _file_digest(path)
    if not blob_path(desk, digest).exists():
        try:  # streamed: a 50 MB scan is never held whole in memory (sealed record by record if encrypted)
            sealed_blobs.write_file(desk.paths.root, digest, path)
        except sealed_blobs.BlobChanged as exc:
            raise ValidationError("file", str(exc)) from None
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    ident = desk.identity
    with desk.store.write() as s:
        row = s.get(m.Case, case_id)
        if row is None:
            raise NotFoundError("办件不存在")
        payload = {"at": desk.today().isoformat(), "sha256": digest, "size": size, "mime": mime}
        payload.update(material=material, filename=filename)
        next_state(State(row.status), EventType.ATTACHMENT_ADDED, ident.role, payload)
        (event,) = desk.new_events(s, case_id, row.village_code, [(EventType.ATTACHMENT_ADDED, payload)])
        att = m.Attachment(
            sha256=digest, size=size, mime=mime, material=material, case_id=case_id, event_id=event.id, present=True
        )
        s.add(att)
        s.flush()
        st.reproject(s, desk.calendar, case_id, desk.today())
        return AttachmentInfo(att.id, digest, size, mime, material, filename, blob_path(desk, digest))


def removed_ids(events) -> set[str]:
    """The ``attachment_added`` events that a ``attachment_removed`` of the case undid (by any device)."""
    return {
        str(e.payload.get("attachment"))
        for e in events
        if e.type is EventType.ATTACHMENT_REMOVED and e.payload.get("attachment")
    }


def list_for_case(desk: Desk, case_id: str) -> list[AttachmentInfo]:
    """The case's attachments now: every one added, less those removed (the events decide, so a removal
    pulled from another PC takes the scan off this one's list as well)."""
    with desk.store.read() as s:
        rows = list(s.scalars(select(m.Attachment).where(m.Attachment.case_id == case_id).order_by(m.Attachment.id)))
        events = st.case_events(s, case_id)
    names = {e.id: e.payload.get("filename", "") for e in events}
    gone = removed_ids(events)
    return [
        AttachmentInfo(
            r.id, r.sha256, r.size, r.mime, r.material, names.get(r.event_id, ""), blob_path(desk, r.sha256), r.present
        )
        for r in rows
        if r.event_id not in gone
    ]


def remove(desk: Desk, case_id: str, attachment_id: int, reason: str = "") -> None:
    """Take an attachment off the case: an ``attachment_removed`` event (synced, in the audit chain) naming
    the adding event, the scan's hash and file name. The blob stays in the store (sealed on an encrypted
    profile): the same scan may belong to another case, and backups and the town's copy still name it."""
    ident = desk.identity
    with desk.store.write() as s:
        row = s.get(m.Case, case_id)
        att = s.get(m.Attachment, attachment_id)
        if row is None:
            raise NotFoundError("办件不存在")
        events = st.case_events(s, case_id)
        if att is None or att.case_id != case_id or att.event_id in removed_ids(events):
            raise NotFoundError("该附件已不在办件上(可能已被移除)")
        added = next((e for e in events if e.id == att.event_id), None)
        filename = added.payload.get("filename", "") if added is not None else ""
        payload = {"attachment": att.event_id, "sha256": att.sha256, "filename": filename, "reason": reason}
        clean = clean_payload(EventType.ATTACHMENT_REMOVED, payload)
        clean["at"] = desk.today().isoformat()
        next_state(State(row.status), EventType.ATTACHMENT_REMOVED, ident.role, clean)
        desk.new_events(s, case_id, row.village_code, [(EventType.ATTACHMENT_REMOVED, clean)])
        st.reproject(s, desk.calendar, case_id, desk.today())


def viewable_copy(desk: Desk, info: AttachmentInfo) -> Path:
    """The plain scan under its original file name, for the system's viewer (a blob is named by its hash,
    with no extension a viewer could go by, and is sealed on an encrypted profile). Written a record at a
    time into this session's folder outside the profile (``viewer_copies``: 0600 in a 0700 folder of the OS
    temp dir), deleted when the window closes; only the latest copy is kept."""
    if not info.present or not info.path.is_file():
        raise NotFoundError("附件还没有从镇中心下载到本机, 请先同步, 再打开")
    name = Path(info.filename).name or info.sha256[:12]
    if not Path(name).suffix:
        name += mimetypes.guess_extension(info.mime or "") or ""
    try:
        return sealed_blobs.copy_plain(desk.paths.root, info.sha256, viewer_copies.place(name))
    except FileNotFoundError:
        raise NotFoundError("附件文件不在本机(尚未下载或已丢失)") from None
