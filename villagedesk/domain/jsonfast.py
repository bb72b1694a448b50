"""Fast JSON with byte-for-byte the stdlib's output where it matters.

``orjson`` is several times faster than ``json`` on the sync hot paths (wire bodies, stored payloads,
content digests). Its output equals ``json.dumps(ensure_ascii=False, separators=(",", ":"))`` for
strings, ints, bools, None, lists and str-keyed dicts; it differs for floats (``1e16`` vs ``1e+16``,
``NaN``), for ints beyond 64 bits and for non-str keys. Digests of already stored events must never
change, so anything outside the exact subset goes through the stdlib.
"""

from __future__ import annotations

import json
import math
from typing import Any

import orjson

_SORT = orjson.OPT_SORT_KEYS
# orjson reads integers >= 2**64 as floats, the stdlib keeps them: a run of 20 digits goes to the stdlib.
# Tested without a regex (which tries every offset, ~60 ns a byte, more than the parse itself): every
# digit becomes "0", then one substring search for twenty of them.
# Below -2**63 a run of 19 digits after a minus sign is enough (-9223372036854775809 read as a float).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_TWENTY_ZEROS = b"0" * 20
_MINUS_NINETEEN_ZEROS = b"-" + b"0" * 19


class RawJSON:
    """JSON text that ``dumps_bytes`` writes verbatim: a stored payload goes on the wire without a parse
    and a re-serialisation. The text must be one valid JSON value (it is not checked)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


def _orjson_default(value: Any) -> Any:
    if type(value) is RawJSON:
        return orjson.Fragment(value.text)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _stdlib_default(value: Any) -> Any:
    if type(value) is RawJSON:
        return loads(value.text)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _has_long_number(raw: bytes) -> bool:
    zeros = raw.translate(_DIGITS_TO_ZERO)
    return _TWENTY_ZEROS in zeros or _MINUS_NINETEEN_ZEROS in zeros


def _finite(v: Any) -> bool:
    """False when ``v`` holds a NaN or an infinity (orjson would write ``null`` for it)."""
    t = type(v)
    if t is float:
        return math.isfinite(v)
    if t is dict:
        v = v.values()
    elif t is not list and t is not tuple:
        return True
    for x in v:  # strings, ints and raw JSON inline: a call per value cost more than the check
        tx = type(x)
        if tx is not str and tx is not int and tx is not RawJSON and not _finite(x):
            return False
    return True


def _plain(v: Any) -> bool:
    """True when orjson is known to write exactly what the stdlib writes for ``v``."""
    t = type(v)
    if t is str or t is bool or v is None:
        return True
    if t is int:
        return -(2**63) <= v < 2**64
    if t is dict:
        for k, x in v.items():  # noqa: SIM110 (a generator costs more; strings inline, most values are)
            if type(k) is not str or (type(x) is not str and not _plain(x)):
                return False
        return True
    if t is list or t is tuple:
        for x in v:  # noqa: SIM110
            if type(x) is not str and not _plain(x):
                return False
        return True
    return False


def canonical(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept: identical to the stdlib form used for stored digests."""
    if _plain(value):
        try:
            return orjson.dumps(value, option=_SORT).decode("utf-8")
        except orjson.JSONEncodeError:  # e.g. a lone surrogate: let the stdlib decide
            pass
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_strings(values: list) -> str:
    """``canonical`` of a list of strings, small ints and lists of strings (an event's envelope fields,
    checked by the caller): orjson writes these exactly as the stdlib does, so the walk of ``_plain`` is
    skipped; a string orjson refuses (a lone surrogate) goes the stdlib's way."""
    try:
        return orjson.dumps(values).decode("utf-8")
    except orjson.JSONEncodeError:
        return canonical(values)


def dumps_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON for the wire (key order kept); the stdlib handles what orjson refuses."""
    try:
        out = orjson.dumps(value, default=_orjson_default)
    except orjson.JSONEncodeError:
        out = None
    if out is not None and (b"null" not in out or _finite(value)):
        return out
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_stdlib_default).encode("utf-8")


def loads(raw: bytes | str) -> Any:
    """Parse JSON; what orjson refuses (NaN, ints beyond 64 bits) is retried with the stdlib, so the
    accepted language is exactly the stdlib's. Raises ValueError (or RecursionError) on garbage."""
    if isinstance(raw, str):
        try:
            raw = raw.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only the stdlib reads it
            return json.loads(raw)
    if not _has_long_number(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(bytes(raw).decode("utf-8"))


class HugeInt(float):
    """An integer outside 64 bits read from the wire (``loads_wire``): a marker, infinite so that every
    strict-JSON check refuses it, in place of the number. Python's ``int()`` refuses 4,300 digits or more,
    which once failed a whole pushed batch for one event's number; now only that event is refused."""


_HUGE = HugeInt("inf")


def _wire_int(text: str) -> int | float:
    n = int(text) if len(text) <= 21 else None
    if n is None or not -(2**63) <= n < 2**64:
        return _HUGE
    return n


class DuplicateKeys(float):
    """An object read from the wire (``loads_wire``) that names one key twice: a marker in its place, like
    ``HugeInt`` an infinite float, so no envelope check takes it for an object, every serializer still
    writes it and every strict-JSON check refuses it. Which of the two values would count is
    parser-dependent, so neither does."""


_DUPLICATE = DuplicateKeys("inf")


def _wire_object(pairs: list[tuple[str, Any]]) -> dict | DuplicateKeys:
    obj = dict(pairs)
    return obj if len(obj) == len(pairs) else _DUPLICATE


def _written_back(value: Any, raw: bytes) -> bool:
    try:
        return orjson.dumps(value) == raw
    except orjson.JSONEncodeError:  # nested deeper than orjson writes: the stdlib reads it
        return False


def loads_wire(raw: bytes) -> Any:
    """``loads`` for what a device (or a server) sends: an integer outside 64 bits becomes ``HugeInt``
    and an object with a duplicate key ``DuplicateKeys``, each refused where it stands (by the judge or
    a field's own check) instead of failing the whole body. The one reader of every wire body, v1 and v2
    alike. orjson is taken when it reads the text and writes it back byte for byte (what our own
    encoder sends): then no key was dropped; anything else goes through the stdlib, which sees pairs."""
    fast = _NOT_READ
    read = False  # orjson read the text (its reading is dropped before the stdlib's: never both held)
    if not _has_long_number(raw):
        try:
            fast = orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
        else:
            if (type(fast) is not dict and type(fast) is not list) or _written_back(fast, raw):
                return fast
            read, fast = True, _NOT_READ
    try:
        return json.loads(str(raw, "utf-8"), parse_int=_wire_int, object_pairs_hook=_wire_object)
    except RecursionError:
        # Nesting deeper than the stdlib's recursion allows: orjson's reading stands (the deep event is
        # refused alone for its depth, as before); a duplicate key at that depth goes unseen.
        if not read:
            raise
        return orjson.loads(raw)


_NOT_READ = object()
