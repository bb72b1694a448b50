"""The town clerk's app imports a village's USB bundle: the clerk's PC is a client of the town server, so
the file goes up to ``POST /api/v1/bundles`` (the server runs exactly ``villagedesk-server import-bundle``)
and the acknowledgement bundle it answers with is written where the clerk chose, for the USB stick.

The file is checked here first (framing, kind) so a wrong file is refused without an upload; the server
then checks everything again. If the acknowledgement cannot be written, ``AckNotSaved`` still carries it:
the import happened, so the clerk only has to choose another place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from villagedesk.services.desk import Desk
from villagedesk.sync import bundle as bd
from villagedesk.sync import engine
from villagedesk.sync.transport import ServerRefused, Transport, TransportError

PATH = "/api/v1/bundles"


@dataclass(frozen=True)
class Relayed:
    """What the town server did with the village's bundle, and the acknowledgement to carry back."""

    ack: bytes
    device: str
    region: str
    seq: int
    events: int
    accepted: int
    duplicates: int
    rejected: int
    pulled: int
    more: bool
    attachments: int = 0  # the village's files the town stored from the bundle
    attachments_refused: int = 0
    files_out: int = 0  # the town's files for the village in the acknowledgement
    files_left: int = 0  # ... and those over its byte cap, for the next one


class AckNotSaved(bd.BundleError):
    """The bundle was imported but its acknowledgement could not be written: save ``relayed.ack`` elsewhere."""

    def __init__(self, message: str, relayed: Relayed) -> None:
        super().__init__(message)
        self.relayed = relayed


def read_village_bundle(path: Path) -> bytes:
    """The file's bytes if it is a whole village bundle small enough to upload; else ``BundleError``."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_file says what is wrong with it
    if size > bd.MAX_UPLOAD_BYTES:
        raise bd.BundleError(
            f"文件过大({size / 1024 / 1024:.0f} MB), 无法上传; 请在服务器上用 villagedesk-server import-bundle 导入"
        )
    data = bd.read_file(path, bd.MAX_UPLOAD_BYTES)
    if bd.open_bytes(data).header.kind != bd.KIND_PUSH:
        raise bd.BundleError("这是镇中心写出的回执包, 应拷回村里导入; 请选择村里导出的同步包")
    return data


def _summary(headers: dict[str, str]) -> dict:
    raw = headers.get(bd.SUMMARY_HEADER.lower(), "")
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise TransportError("服务器回复格式错误")
    return data


def relay_bundle(desk: Desk, source: Path, target: Path) -> Relayed:
    """Upload the village's bundle at ``source`` to the town server; write its acknowledgement to ``target``."""
    if source.resolve() == target.resolve():
        raise bd.BundleError("回执包不能覆盖导入的同步包, 请另选保存位置或文件名")
    data = read_village_bundle(source)
    cfg = engine.server_config(desk)
    transport = Transport(cfg.url, cfg.token, cfg.fingerprint)
    try:
        ack, headers = transport.post_bytes(PATH, data)
    finally:
        transport.close()
    try:
        head = bd.open_bytes(ack).header
    except bd.BundleError:
        raise TransportError("服务器回复的回执包无效, 请重试") from None
    if head.kind != bd.KIND_ACK or head.device != bd.open_bytes(data).header.device:
        raise TransportError("服务器回复的回执包无效, 请重试")
    info = _summary(headers)
    relayed = Relayed(
        ack=ack,
        device=head.device,
        region=str(info.get("region", "")),
        seq=head.seq,
        events=int(info.get("events", 0)),
        accepted=int(info.get("accepted", 0)),
        duplicates=int(info.get("dup", 0)),
        rejected=int(info.get("rej", 0)),
        pulled=int(info.get("pulled", 0)),
        more=bool(info.get("more", False)),
        attachments=int(info.get("att", 0)),
        attachments_refused=int(info.get("att_no", 0)),
        files_out=int(info.get("fout", 0)),
        files_left=int(info.get("fleft", 0)),
    )
    save_ack(target, relayed)
    return relayed


def save_ack(target: Path, relayed: Relayed) -> Path:
    """Write the acknowledgement (again, after a failed first try); ``AckNotSaved`` keeps it in hand."""
    try:
        bd.write_file(target, relayed.ack)
    except bd.BundleError as exc:
        raise AckNotSaved(f"同步包已导入镇中心, 但{exc.message}; 请另选位置保存回执包", relayed) from None
    return target


def reason(exc: BaseException) -> str:
    """One Chinese line for the clerk: the file's, the server's or the link's reason."""
    if isinstance(exc, bd.BundleError):
        return exc.message
    if isinstance(exc, ServerRefused):
        if exc.status == 401:
            return "本设备已被吊销或令牌无效, 请联系镇中心管理员重新注册"
        if exc.status in (400, 403, 409, 413, 429):  # 429: the village device's push quota, and when to retry
            return exc.message
        return f"服务器拒绝了请求(HTTP {exc.status}): {exc.message}"
    if isinstance(exc, engine.NotEnrolled | TransportError | ValueError):
        return str(exc)
    return type(exc).__name__
