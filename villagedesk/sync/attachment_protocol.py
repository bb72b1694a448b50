"""The wire rules for attachments, shared by client and server (docs/sync-protocol.md, "Attachments").

Attachments are named by the SHA-256 of their bytes and kept per partition: a device may only touch the
attachments of partitions in its scope, and a server that already holds the bytes for one village still
asks another village to upload them (proof of possession: knowing a hash never yields the file).
Pure: no HTTP, no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from villagedesk.sync.protocol import ProtocolError, _int, body_version, is_village

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024  # same cap as the desk's own (services.attachments.MAX_BYTES)
MAX_CHUNK_BYTES = 1024 * 1024  # one uploaded range
MAX_ASK = 1000  # items in one "which are missing?" request
PREFIX = "/api/v1/att"

_SHA = re.compile(r"^[0-9a-f]{64}$")
_CONTENT_RANGE = re.compile(r"^bytes (\d{1,12})-(\d{1,12})/(\d{1,12})$")
_RANGE = re.compile(r"^bytes=(\d{1,12})-(\d{0,12})$")


class RangeError(ProtocolError):
    """A range past the end of the attachment (HTTP 416)."""


class TooLarge(ProtocolError):
    """Larger than an attachment or a chunk may be (HTTP 413)."""


def is_sha(value: object) -> bool:
    return isinstance(value, str) and bool(_SHA.match(value))


def check_sha(value: object) -> str:
    if not is_sha(value):
        raise ProtocolError("sha", "附件名应为 64 位小写十六进制 SHA-256")
    return str(value)


def check_partition(value: object) -> str:
    if not is_village(value):
        raise ProtocolError("p", "分区应为12位村级区划代码")
    return str(value)


def path_for(partition: str, sha: str) -> str:
    return f"{PREFIX}/{partition}/{sha}"


@dataclass(frozen=True)
class Wanted:
    sha: str
    size: int
    partition: str


def parse_ask(body: object) -> list[Wanted]:
    """``{"v", "a": [{"s": sha, "n": size, "p": partition}, ...]}``."""
    if not isinstance(body, dict):
        raise ProtocolError("body", "请求体应为 JSON 对象")
    body_version(body.get("v"))
    items = body.get("a")
    if not isinstance(items, list) or len(items) > MAX_ASK:
        raise ProtocolError("a", f"应为至多 {MAX_ASK} 项的列表")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise ProtocolError("a", "每项应为对象")
        size = item.get("n")
        if isinstance(size, int) and not isinstance(size, bool) and size > MAX_ATTACHMENT_BYTES:
            raise TooLarge("n", f"附件超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 上限")
        out.append(
            Wanted(check_sha(item.get("s")), _int(size, "n", 1, MAX_ATTACHMENT_BYTES), check_partition(item.get("p")))
        )
    return out


def content_range(start: int, end: int, total: int) -> str:
    return f"bytes {start}-{end}/{total}"


def parse_content_range(value: str | None, body_length: str | None) -> tuple[int, int, int]:
    """``bytes START-END/TOTAL`` of an upload (END inclusive) → (start, end, total), all checked."""
    m = _CONTENT_RANGE.match((value or "").strip())
    if not m:
        raise ProtocolError("Content-Range", "应为 bytes 起-止/总长 (如 bytes 0-65535/200000)")
    start, end, total = (int(x) for x in m.groups())
    if total < 1:
        raise ProtocolError("Content-Range", "附件不能为空")
    if total > MAX_ATTACHMENT_BYTES:
        raise TooLarge("Content-Range", f"附件超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB 上限")
    if start > end:
        raise ProtocolError("Content-Range", "起点大于终点")
    if end >= total:
        raise RangeError("Content-Range", "范围超出附件总长")
    if end - start + 1 > MAX_CHUNK_BYTES:
        raise TooLarge("Content-Range", f"一次上传不能超过 {MAX_CHUNK_BYTES // 1024} KB")
    if body_length is not None and (not body_length.isdigit() or int(body_length) != end - start + 1):
        raise ProtocolError("Content-Length", "请求体长度与 Content-Range 不符")
    return start, end, total


def parse_range(value: str | None, size: int) -> tuple[int, int] | None:
    """``bytes=START-[END]`` of a download → (start, end inclusive) clipped to the file; None = whole."""
    if value is None:
        return None
    m = _RANGE.match(value.strip())
    if not m:
        raise ProtocolError("Range", "应为 bytes=起-止")
    start = int(m.group(1))
    if start >= size:
        raise RangeError("Range", "范围超出附件总长")
    end = int(m.group(2)) if m.group(2) else size - 1
    if start > end:
        raise ProtocolError("Range", "起点大于终点")
    return start, min(end, size - 1)
