"""The offline bundle file (USB stick): the same sync batches and replies as the network, encrypted
(AES-256-GCM: a lost stick must not leak villagers' ID numbers) and sealed with HMAC-SHA256, both keys
derived from a per-device key issued at enrollment (see docs/sync-protocol.md, "USB bundles").

Pure: bytes in, bytes out, no SQL and no HTTP, so the village client and the town server check files
with exactly the same code. Every refusal is a ``BundleError`` with a Chinese message; nothing in a
file is trusted before its length, its device and its tag have been checked.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hmac
import json
import os
import re
import secrets
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from villagedesk.domain import jsonfast
from villagedesk.domain.controls import printable_ascii
from villagedesk.services import failures
from villagedesk.sync.attachment_protocol import MAX_ATTACHMENT_BYTES

MAGIC = b"VillageDesk-bundle/1\n"
KIND_PUSH = "push"  # village → town: outbox batches and the village's cursors
KIND_ACK = "ack"  # town → village: acks per batch and the pull pages since those cursors
KINDS = (KIND_PUSH, KIND_ACK)
TAG_BYTES = 32
MAX_HEADER_BYTES = 4096
MAX_FILE_BYTES = 256 * 1024 * 1024  # a USB bundle of a month of a village is a few MB; this is a sanity cap
# What one bundle's body (decompressed JSON) may hold, from the format's own limits: a push bundle's event
# batches stop at EVENT_BYTES (the village exports the rest in its next bundle), as much as an ack's 200
# pull pages of 512 KB each (server/bundles.MAX_ACK_PAGES, protocol.MAX_PAGE_BYTES); the attachments of
# either direction stop at ATTACHMENT_BYTES, base64 inside (4/3); the rest (cursors, audit trail of ≤ 101
# batches of 200 entries, ≤ 10,000 wanted files, acks) gets HEADROOM_BYTES. A body inflating past the sum
# is refused as it is decompressed (``TooLarge``): a 612 KB gzip of a 600 MB string once took the server
# to 2.3 GB before a 400.
EVENT_BYTES = 100 * 1024 * 1024
ATTACHMENT_BYTES = 64 * 1024 * 1024
HEADROOM_BYTES = 32 * 1024 * 1024
MAX_BODY_BYTES = EVENT_BYTES + ATTACHMENT_BYTES * 4 // 3 + HEADROOM_BYTES  # 217.3 MB decompressed
# What parsing a body may cost (issue #12): the decompressed cap bounds the text, not the Python objects
# read from it. 10 MB of ``{}`` once took the server from 133 to 446 MB, one 120 MB string from 108 to
# 907 MB. ``parse_cost`` estimates the objects from counts of the raw text before anything is parsed, and
# the body is refused (``TooLarge``) when the estimate passes PARSE_DENSITY times its size (honest bundles
# come to 5-8: ids, names, numbers) or PARSE_BYTES (the estimate of the largest honest bundle: 100 MB of
# events, 64 MB of attachments in base64, the rest), or when one string is longer than the longest the
# format holds, an attachment's base64 (LONGEST_STRING).
OBJECT_COST = 96  # bytes per container or comma: a dict or list, a str object, a dict slot, a pointer
SHORT_STRING = 64  # strings up to this long are costed at 2 bytes a byte, unchecked (at most 4 for a wide one)
PARSE_DENSITY = 10
PARSE_FLOOR = 1024 * 1024  # a tiny body (no events) is never refused for its density
PARSE_BYTES = 8 * (EVENT_BYTES + HEADROOM_BYTES) + ATTACHMENT_BYTES * 4 // 3  # 1.1 GB
LONGEST_STRING = (MAX_ATTACHMENT_BYTES + 2) // 3 * 4  # 66.7 MB, one scan's base64 (att[].d)
# The clerk's app uploads at most this (larger: the server's CLI imports it). It holds a full bundle: the
# village's 64 MB of attachments a bundle (sync/offline.py) are base64 inside, 4/3 of that before gzip.
MAX_UPLOAD_BYTES = 96 * 1024 * 1024
SUMMARY_HEADER = "X-VillageDesk-Bundle"  # POST /api/v1/bundles: the import's counts (JSON) beside the ack
KEY_BYTES = 32
NONCE_BYTES = 12

_LEN_HEADER = struct.Struct(">I")
_LEN_BODY = struct.Struct(">Q")


class BundleError(ValueError):
    """A file that must not be applied; ``message`` is for the person holding the USB stick."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TooLarge(BundleError):
    """A body that inflates past ``MAX_BODY_BYTES``: refused before more is decompressed (HTTP 413)."""


@dataclass(frozen=True)
class Header:
    kind: str
    device: str
    seq: int  # push: the device's bundle number; ack: the number of the push bundle it answers
    created_ms: int
    events: int  # events carried (informational, shown before import)

    def to_wire(self) -> dict[str, Any]:
        return {"k": self.kind, "dev": self.device, "n": self.seq, "at": self.created_ms, "cnt": self.events}


def new_key() -> str:
    """A fresh bundle key (URL-safe base64 of 32 random bytes)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _key_bytes(key: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise BundleError("离线同步包密钥损坏, 请重新注册本设备") from None
    if len(raw) != KEY_BYTES:
        raise BundleError("离线同步包密钥损坏, 请重新注册本设备")
    return raw


def _derive(key: str, purpose: bytes) -> bytes:
    """Separate keys for the tag and the cipher, derived from the device's bundle key."""
    return hmac.new(_key_bytes(key), b"villagedesk-bundle/1 " + purpose, "sha256").digest()


def _tag(key: str, data: bytes) -> bytes:
    return hmac.new(_derive(key, b"mac"), data, "sha256").digest()


def seal(header: Header, body: dict[str, Any], key: str) -> bytes:
    """The file's bytes: magic, header, encrypted gzip JSON body, and the HMAC over all of them."""
    head = json.dumps(header.to_wire(), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    nonce = secrets.token_bytes(NONCE_BYTES)
    packed = nonce + AESGCM(_derive(key, b"enc")).encrypt(nonce, gzip.compress(raw, compresslevel=6, mtime=0), head)
    data = MAGIC + _LEN_HEADER.pack(len(head)) + head + _LEN_BODY.pack(len(packed)) + packed
    return data + _tag(key, data)


@dataclass(frozen=True)
class Opened:
    """A file whose framing is sound and whose header has been read, but not yet authenticated."""

    header: Header
    signed: bytes
    tag: bytes
    packed: bytes
    head: bytes


def read_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing a missing, empty or oversized file before reading it all."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise BundleError("文件为空, 不是离线同步包")
        if size > limit:
            raise BundleError(f"文件过大({size / 1024 / 1024:.0f} MB), 不是有效的离线同步包")
        return path.read_bytes()
    except FileNotFoundError:
        raise BundleError(f"找不到文件: {path.name}") from None
    except IsADirectoryError:
        raise BundleError(f"{path.name} 是文件夹, 不是离线同步包") from None
    except OSError as exc:
        raise BundleError(failures.file_error(exc, path)) from None


def open_bytes(data: bytes) -> Opened:
    """Check the framing and read the header; refuses anything that is not a whole bundle."""
    if not data:
        raise BundleError("文件为空, 不是离线同步包")
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("文件过大, 不是有效的离线同步包")
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise BundleError(_TRUNCATED)
        raise BundleError("这不是村级便民代办台的离线同步包")
    pos = len(MAGIC)
    if len(data) < pos + _LEN_HEADER.size:
        raise BundleError(_TRUNCATED)
    (head_len,) = _LEN_HEADER.unpack_from(data, pos)
    pos += _LEN_HEADER.size
    if head_len > MAX_HEADER_BYTES:
        raise BundleError(_DAMAGED)
    if len(data) < pos + head_len + _LEN_BODY.size:
        raise BundleError(_TRUNCATED)
    head_raw = data[pos : pos + head_len]
    pos += head_len
    (body_len,) = _LEN_BODY.unpack_from(data, pos)
    pos += _LEN_BODY.size
    end = pos + body_len
    if end + TAG_BYTES > len(data):
        raise BundleError(_TRUNCATED if body_len <= MAX_FILE_BYTES else _DAMAGED)
    if end + TAG_BYTES < len(data):
        raise BundleError("离线同步包末尾有多余数据: 文件已被改动, 已拒绝")
    return Opened(_parse_header(head_raw), data[:end], data[end:], data[pos:end], head_raw)


def _parse_header(raw: bytes) -> Header:
    try:
        h = jsonfast.loads_wire(raw)  # the one strict reader of what a device sends: a key twice is no header
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(_DAMAGED) from None
    if not isinstance(h, dict) or any(type(v) is jsonfast.DuplicateKeys for v in h.values()):
        raise BundleError(_DAMAGED)
    kind, dev, seq, at, cnt = h.get("k"), h.get("dev"), h.get("n"), h.get("at"), h.get("cnt", 0)
    ints = all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x < 2**62 for x in (seq, at, cnt))
    if kind not in KINDS or not printable_ascii(dev) or not ints:  # ``dev`` is looked up: no NUL, no ESC
        raise BundleError(_DAMAGED)
    return Header(kind, dev, seq, at, cnt)


def authenticate(opened: Opened, key: str) -> None:
    """Check the HMAC over the whole file (its clear header, ``n`` and device included) with the device's
    key, before anything of the body is decrypted, decompressed or parsed."""
    if not hmac.compare_digest(_tag(key, opened.signed), opened.tag):
        raise BundleError("离线同步包签名不符: 文件已被改动或损坏, 或不是本设备与本服务器之间的文件, 已拒绝")


def verify(opened: Opened, key: str) -> dict[str, Any]:
    """Authenticate with the device's key, then decompress and parse the body."""
    authenticate(opened, key)
    nonce, sealed = opened.packed[:NONCE_BYTES], opened.packed[NONCE_BYTES:]
    try:
        packed = AESGCM(_derive(key, b"enc")).decrypt(nonce, sealed, opened.head)
        raw = _inflate(packed, MAX_BODY_BYTES)
    except TooLarge:
        raise
    except (InvalidTag, OSError, EOFError, ValueError, zlib.error):
        raise BundleError(_DAMAGED) from None
    check_parse_cost(raw)
    try:
        body = jsonfast.loads_wire(raw)  # an integer beyond 64 bits: that event is refused, not the file
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(_DAMAGED) from None
    if not isinstance(body, dict):
        raise BundleError(_DAMAGED)
    return body


_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')  # one JSON string, escapes and all (possessive: linear)
_WIDE = re.compile(rb"[\x80-\xff]|\\u")  # what may make Python store a string's characters wider than a byte


def parse_cost(raw: bytes) -> tuple[int, int]:
    """(estimated bytes of the Python objects ``jsonfast.loads_wire`` would build from ``raw``, the longest
    string in bytes), from the text alone: OBJECT_COST per ``{``, ``[`` and ``,`` (an upper bound on the
    containers, keys and values; one inside a string counts too), plus each string's characters at the
    width Python may store them in: a string of ASCII without ``\\u`` escapes 1 byte each, any other 4;
    short ones (a UUID, a name) are costed 2 unchecked, as checking each would double the time. Linear
    (C loops, one regular-expression match per string): about a second for 100 MB."""
    objects = raw.count(b"{") + raw.count(b"[") + raw.count(b",")
    cost = OBJECT_COST * objects
    longest = 0
    for m in _STRING.finditer(raw):
        start, end = m.span()
        n = end - start
        if n > longest:
            longest = n
        if n <= SHORT_STRING:
            cost += 2 * n
        else:  # judged in place: a copy of each long string once doubled what a long one held
            cost += n if _WIDE.search(raw, start, end) is None else 4 * n
    return cost, longest


def check_parse_cost(raw: bytes) -> None:
    """Refuse (``TooLarge``) a body whose parse would cost far more than an honest bundle of its size, or
    more than the largest honest bundle, or that holds a string longer than the format's longest."""
    cost, longest = parse_cost(raw)
    if longest > LONGEST_STRING + 2:
        raise TooLarge(
            f"离线同步包中有一段文字长达 {longest / 1024 / 1024:.0f} MB, 超过 "
            f"{LONGEST_STRING / 1024 / 1024:.0f} MB 的上限(最大附件的编码长度), 已拒绝"
        )
    if cost > min(PARSE_DENSITY * len(raw) + PARSE_FLOOR, PARSE_BYTES):
        raise TooLarge("离线同步包内容结构异常(数据项过多, 读入需要的内存超出上限), 已拒绝")


def _inflate(packed: bytes, limit: int) -> bytearray:
    """The gzip body decompressed piece by piece (every member, as ``gzip`` reads it), never holding more
    than ``limit`` + one piece: past ``limit`` it is ``TooLarge`` at once. Returned as the buffer it was
    read into (every reader takes a bytearray): a copy into ``bytes`` once held the body twice."""
    out = bytearray()
    rest = packed
    while True:
        d = zlib.decompressobj(wbits=31)
        while not d.eof:
            piece = d.decompress(rest, _PIECE)
            out += piece
            if len(out) > limit:
                raise TooLarge(f"离线同步包解压后超过 {limit / 1024 / 1024:.0f} MB 的上限, 已拒绝")
            rest = d.unconsumed_tail
            if not piece and not rest:
                break  # the input is used up before the stream's end
        if not d.eof:
            raise ValueError("gzip stream cut short")
        rest = d.unused_data.lstrip(b"\x00")
        if not rest:
            return out


_PIECE = 1024 * 1024


def write_file(path: Path, data: bytes) -> None:
    """Write via a temporary name and rename, so a pulled USB stick never leaves half a bundle
    under the real name."""
    tmp = path.with_name(path.name + ".part")
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # tidying up must not hide why the write failed
            tmp.unlink(missing_ok=True)
        raise BundleError(failures.file_error(exc, path)) from None


_TRUNCATED = "离线同步包不完整(文件可能被截断或没有拷贝完), 已拒绝, 请重新拷贝或重新导出"
_DAMAGED = "离线同步包已损坏, 已拒绝"
