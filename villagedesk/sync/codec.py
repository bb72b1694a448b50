"""Protocol version 2's body encoding: ids said once per body as raw bytes, then zstd with a shipped dictionary.

A v1 body is gzip JSON in which every event carries two or three UUIDs as 36-character strings that gzip
cannot shrink, plus an author, an HLC and a sequence number that repeat from event to event. Version 2
keeps the same JSON document (so the same parser and the same judge read it) and only changes how events
are spelled inside it: ids become indexes into a table of 16-byte ids, the group says its author and HLC
node once, HLCs become deltas, pulled sequence numbers are left out where they count up by one. Then zstd
with a dictionary trained on realistic bodies. ``decode`` gives back exactly the v1 document; any
inconsistency in the encoding itself is a ``ProtocolError`` (a 400), never a half-read body.

The format is specified in docs/sync-protocol.md ("Protocol version 2"); pure code, no HTTP.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

import orjson
import zstandard

from villagedesk.domain import jsonfast
from villagedesk.sync.protocol import MAX_BODY_BYTES, MAX_GZIP_BYTES, BodyTooLarge, ProtocolError, parse_wire

MAGIC = b"VD2"
CONTENT_TYPE = "application/x-villagedesk-v2"
NO_DICTIONARY = 0
DICTIONARY_ID = 1  # the newest dictionary this build ships and compresses with
DICTIONARIES = {1: "zstd-dict-1.bin"}  # id -> file in resources/wire/; an id is never reused for new content
MAX_IDS = 200_000  # 3.2 MB of ids: more than an 8 MB body of real events can name
PUSH_ZSTD_LEVEL = 9  # the client pays (~5 µs an event more than 3) for ~5 B an event less up a 2G link
REPLY_ZSTD_LEVEL = 3  # the server pays for every device: 3 already meets 60 B on pulled pages
_EVENT_KEYS = ("push", "pull")


class UnknownDictionary(ProtocolError):
    """The body names a dictionary this side does not have: the sender retries with 0 (none)."""


# --- dictionaries ---------------------------------------------------------------------------------


@functools.cache
def _dictionary_bytes(dict_id: int) -> bytes:
    name = DICTIONARIES.get(dict_id)
    if name is None:
        raise UnknownDictionary("dict", f"未知的压缩字典编号 {dict_id}")
    from villagedesk.paths import resources_dir

    return (resources_dir() / "wire" / name).read_bytes()


def dictionary(dict_id: int) -> zstandard.ZstdCompressionDict | None:
    """The shipped dictionary ``dict_id`` (None for 0); UnknownDictionary when this build lacks it."""
    if dict_id == NO_DICTIONARY:
        return None
    return zstandard.ZstdCompressionDict(_dictionary_bytes(dict_id), dict_type=zstandard.DICT_TYPE_AUTO)


# zstandard's compressors and decompressors must not be used by two threads at once (the server encodes
# replies in its thread pool; the client's round sent ahead decodes beside the main thread): one set per
# thread, made on first use.
_per_thread = threading.local()


def _compressor(dict_id: int, level: int) -> zstandard.ZstdCompressor:
    cache = _per_thread.__dict__.setdefault("compressors", {})
    comp = cache.get((dict_id, level))
    if comp is None:
        comp = cache[dict_id, level] = zstandard.ZstdCompressor(
            level=level,
            dict_data=dictionary(dict_id),
            write_content_size=True,
            write_checksum=False,
            write_dict_id=False,
        )
    return comp


def _decompressor(dict_id: int) -> zstandard.ZstdDecompressor:
    cache = _per_thread.__dict__.setdefault("decompressors", {})
    dec = cache.get(dict_id)
    if dec is None:
        dec = cache[dict_id] = zstandard.ZstdDecompressor(dict_data=dictionary(dict_id))
    return dec


# --- varints --------------------------------------------------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _read_varint(data: bytes, limit: int) -> tuple[int, int]:
    """(value, position after it); at most 5 bytes."""
    value = shift = 0
    for pos in range(min(5, len(data))):
        b = data[pos]
        value |= (b & 0x7F) << shift
        if b < 0x80:
            if value > limit:
                raise ProtocolError("ids", f"编号表过大(最多 {limit} 个)")
            return value, pos + 1
        shift += 7
    raise ProtocolError("ids", "编号表长度格式错误")


# --- encoding -------------------------------------------------------------------------------------


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _wrap(value: Any) -> dict[str, Any]:
    """A v1 value that the v2 spelling would misread (a number where an id belongs, a list as HLC)."""
    return {"v": value}


def _unwrap(value: Any, field: str) -> Any:
    if type(value) is not dict or len(value) != 1 or "v" not in value:
        raise ProtocolError(field, "字段编码错误")
    return value["v"]


class _Ids:
    """The body's id table: each id once, in order of first use (so a new id is always the next entry)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def ref(self, value: Any) -> Any:
        """An index, or the value itself when it is text but no canonical id (judged as sent), or
        ``{"v": value}`` when it is not text at all (so it never reads as an index)."""
        if type(value) is not str:
            return _wrap(value)
        k = self.index.get(value)
        if k is not None:
            return k
        if not _UUID.fullmatch(value):
            return value
        k = self.index[value] = len(self.index)
        return k

    def fresh(self, value: Any) -> bool:
        """Enter ``value`` as the next entry if it is a new id (then the reader knows it unsaid)."""
        if type(value) is not str or value in self.index or not _UUID.fullmatch(value):
            return False
        self.index[value] = len(self.index)
        return True

    def table(self) -> bytes:
        return bytes.fromhex("".join(s.replace("-", "") for s in self.index))


def _split_hlc(h: Any) -> tuple[int, int, str] | None:
    if type(h) is not str or len(h) < 21 or h[13] != "-" or h[19] != "-":
        return None
    wall, counter, node = h[:13], h[14:19], h[20:]
    if not (wall.isascii() and wall.isdigit() and counter.isascii() and counter.isdigit()) or not node:
        return None
    return int(wall), int(counter), node


def _common(items: list, key: str) -> Any:
    """The value of ``key`` shared by every item (a str), else None."""
    first = items[0].get(key) if items and type(items[0]) is dict else None
    if type(first) is not str:
        return None
    for item in items:
        if type(item) is not dict or item.get(key) != first:
            return None
    return first


def _ids_text(text: str) -> Any:
    try:
        return orjson.loads(text)  # ids only: none of the numbers jsonfast guards against
    except orjson.JSONDecodeError:
        return jsonfast.loads(text)


def _encode_group(group: Any, ids: _Ids) -> Any:
    if type(group) is not dict or type(group.get("e")) is not list:
        return group
    items: list = group["e"]
    out = {k: v for k, v in group.items() if k != "e"}
    author = _common(items, "a")
    if author is not None:
        out["a"] = author
    hlcs = [_split_hlc(it.get("h")) if type(it) is dict else None for it in items]
    nodes = {h[2] if h else None for h in hlcs}
    node = nodes.pop() if len(nodes) == 1 else None
    if node is not None:
        out["n"] = node
    at: dict[str, int] = {}  # event id -> position in the group
    case_at: dict[Any, int] = {}  # case id -> position of its latest event so far
    last_wall = 0
    last_q: Any = None
    encoded = []
    for pos, (item, hlc) in enumerate(zip(items, hlcs, strict=True)):
        if type(item) is not dict:
            encoded.append(item)
            continue
        e = dict(item)
        eid = item.get("i")
        if "i" not in item:
            e["i"] = None  # (absent means "the next new id")
        elif ids.fresh(eid):
            del e["i"]
        else:
            e["i"] = ids.ref(eid)
        if "c" in item:
            case = item["c"]
            seen = case_at.get(case) if type(case) is str else None
            e["c"] = seen - pos if seen is not None else ids.ref(case)
            if type(case) is str:
                case_at[case] = pos
        r = item.get("r")
        if type(r) is jsonfast.RawJSON:  # a stored list of ids (the server's page)
            r = _ids_text(r.text)
        if type(r) is list:
            e["r"] = [at[x] - pos if type(x) is str and x in at else ids.ref(x) for x in r]
        if type(eid) is str:
            at[eid] = pos
        if author is not None:
            del e["a"]
        if hlc is not None:
            wall, counter, hnode = hlc
            e["h"] = [wall - last_wall, counter] if hnode == node else [wall - last_wall, counter, hnode]
            last_wall = wall
        elif "h" in item and type(item["h"]) is not str:
            e["h"] = _wrap(item["h"])
        q = item.get("q")
        if "q" not in item:
            if last_q is not None:
                e["q"] = None  # says "none" where the reader would count on
        elif type(q) is not int:
            e["q"] = _wrap(q)
        elif last_q is not None and q == last_q + 1:
            del e["q"]  # the one after the last
        last_q = q if type(q) is int else None
        encoded.append(e)
    out["e"] = encoded
    return out


def encode(body: dict[str, Any], dict_id: int = DICTIONARY_ID, level: int = PUSH_ZSTD_LEVEL) -> bytes:
    """A v1 document as a v2 body: ``MAGIC``, the dictionary id, one zstd frame of (id count, ids, JSON)."""
    return MAGIC + bytes([dict_id]) + _compressor(dict_id, level).compress(inner(body))


def inner(body: dict[str, Any]) -> bytes:
    """What the zstd frame holds (also what a dictionary is trained on): id count, ids, the JSON."""
    ids = _Ids()
    doc = dict(body)
    for key in _EVENT_KEYS:
        groups = body.get(key)
        if type(groups) is list:
            doc[key] = [_encode_group(g, ids) for g in groups]
    return _varint(len(ids.index)) + ids.table() + jsonfast.dumps_bytes(doc)


# --- decoding -------------------------------------------------------------------------------------


def dictionary_of(data: bytes) -> int | None:
    """The dictionary id of a v2 body (None when it is not one): a reply uses the request's."""
    return data[3] if len(data) >= 4 and data[:3] == MAGIC else None


class _Table:
    """The decoder's view of the id table: every entry's text (each is used at least once, so all are
    spelled at once), and the next entry not yet named."""

    def __init__(self, raw: bytes, n: int) -> None:
        h = raw.hex()
        self.texts = [
            f"{h[k : k + 8]}-{h[k + 8 : k + 12]}-{h[k + 12 : k + 16]}-{h[k + 16 : k + 20]}-{h[k + 20 : k + 32]}"
            for k in range(0, 32 * n, 32)
        ]
        self.n, self.next = n, 0

    def text(self, k: int) -> str:
        if not 0 <= k < self.n:
            raise ProtocolError("ids", f"编号表索引越界: {k}")
        if k >= self.next:
            self.next = k + 1
        return self.texts[k]

    def fresh(self) -> str:
        k = self.next
        if k >= self.n:
            raise ProtocolError("ids", f"编号表索引越界: {k}")
        self.next = k + 1
        return self.texts[k]


def _ref(table: _Table, k: Any, pos: int, items: list, key: str) -> Any:
    """An id as sent: a table index (>= 0), -k = that field of the event k places earlier in the
    group, anything else as it is (text, which the judge then reads)."""
    if type(k) is str:
        return k
    if type(k) is not int:
        return _unwrap(k, "ids")
    if k >= 0:
        return table.text(k)
    if -k > pos:
        raise ProtocolError("ids", f"相对编号越界: {k}")
    earlier = items[pos + k]
    return earlier.get(key) if type(earlier) is dict else None


def _decode_group(group: Any, table: _Table) -> Any:
    if type(group) is not dict or type(group.get("e")) is not list:
        return group
    author = group.get("a")
    node = group.get("n")
    out = {k: v for k, v in group.items() if k not in ("e", "a", "n")}
    last_wall = 0
    last_q: int | None = None
    items: list = []
    for pos, e in enumerate(group["e"]):
        if type(e) is not dict:
            items.append(e)
            continue
        item = dict(e)
        if "i" not in e:
            item["i"] = table.fresh()
        elif e["i"] is None:
            del item["i"]
        else:
            item["i"] = _ref(table, e["i"], pos, items, "i")
        c = e.get("c")
        if type(c) is int and -pos <= c < 0:  # the common case: the case of an event before
            item["c"] = items[pos + c].get("c") if type(items[pos + c]) is dict else None
        elif "c" in e:
            item["c"] = _ref(table, c, pos, items, "c")
        r = e.get("r")
        if type(r) is list:
            k = r[0] if len(r) == 1 else 0
            if type(k) is int and -pos <= k < 0 and type(items[pos + k]) is dict:  # the event before
                item["r"] = [items[pos + k].get("i")]
            else:
                item["r"] = [_ref(table, x, pos, items, "i") for x in r]
        if "a" not in e and author is not None:
            item["a"] = author
        h = e.get("h")
        if type(h) is list:
            if len(h) == 2 and type(h[0]) is int and type(h[1]) is int and type(node) is str:
                wall = last_wall + h[0]
                if not (0 <= wall < 10**13 and 0 <= h[1] < 10**5):
                    raise ProtocolError("h", "HLC 编码错误")
                item["h"] = f"{wall:013d}-{h[1]:05d}-{node}"
            else:
                item["h"] = _hlc_text(h, last_wall, node)
            last_wall += h[0]
        elif type(h) is dict:
            item["h"] = _unwrap(h, "h")
        q = e.get("q")
        if "q" not in e:
            if last_q is not None:
                q = item["q"] = last_q + 1
        elif q is None:
            del item["q"]
        elif type(q) is not int:
            q = item["q"] = _unwrap(q, "q")
        last_q = q if type(q) is int else None
        items.append(item)
    out["e"] = items
    return out


def _hlc_text(h: list, last_wall: int, node: Any) -> str:
    if len(h) == 3:
        node = h[2]
    if not (
        len(h) in (2, 3)
        and type(h[0]) is int
        and type(h[1]) is int
        and type(node) is str
        and 0 <= last_wall + h[0] < 10**13
        and 0 <= h[1] < 10**5
    ):
        raise ProtocolError("h", "HLC 编码错误")
    return f"{last_wall + h[0]:013d}-{h[1]:05d}-{node}"


def decode(data: bytes, limit: int = MAX_BODY_BYTES, max_compressed: int = MAX_GZIP_BYTES) -> Any:
    """A v2 body back to its v1 document; ProtocolError (BodyTooLarge for a bomb) when it is not one."""
    if len(data) > max_compressed:
        raise BodyTooLarge("body", "请求体过大")
    dict_id = dictionary_of(data)
    if dict_id is None:
        raise ProtocolError("body", "不是第 2 版协议的请求体")
    frame = data[4:]
    try:
        size = zstandard.get_frame_parameters(frame).content_size
    except zstandard.ZstdError:
        raise ProtocolError("body", "zstd 数据损坏") from None
    if size == zstandard.CONTENTSIZE_UNKNOWN or size == zstandard.CONTENTSIZE_ERROR:
        raise ProtocolError("body", "zstd 帧未声明解压后长度")
    if size > limit:
        raise BodyTooLarge("body", "请求体解压后过大")
    try:
        inner = _decompressor(dict_id).decompress(frame, allow_extra_data=False)
    except zstandard.ZstdError:
        raise ProtocolError("body", "zstd 数据损坏或字典不符") from None
    n, pos = _read_varint(inner, MAX_IDS)
    end = pos + 16 * n
    if end > len(inner):
        raise ProtocolError("ids", "编号表长度超出请求体")
    table = _Table(inner[pos:end], n)
    doc = parse_wire(inner[end:])  # v1's reader: a decoded v2 document is judged exactly as v1
    if type(doc) is not dict:
        return doc  # the request parser says why
    for key in _EVENT_KEYS:
        groups = doc.get(key)
        if type(groups) is list:
            doc[key] = [_decode_group(g, table) for g in groups]
    return doc
