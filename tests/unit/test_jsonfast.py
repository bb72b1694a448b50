"""The fast JSON paths write and read exactly what the stdlib does (stored digests must never change)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from villagedesk.domain import jsonfast
from villagedesk.domain.events import canonical_json


def _std_canonical(v: object) -> str:
    return json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _std_compact(v: object) -> bytes:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(exclude_categories=("Cs",)))
)
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@given(_values)
def test_canonical_is_byte_identical_to_the_stdlib(value: object) -> None:
    assert jsonfast.canonical(value) == _std_canonical(value)
    assert canonical_json(value) == _std_canonical(value)


@given(_values)
def test_wire_bytes_read_back_as_the_stdlib_reads_them(value: object) -> None:
    raw = jsonfast.dumps_bytes(value)
    assert _same(jsonfast.loads(raw), json.loads(_std_compact(value)))
    assert _same(jsonfast.loads(_std_compact(value)), json.loads(_std_compact(value)))


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == b
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(
    "value",
    [
        {"n": float("nan"), "i": float("inf")},  # orjson would write null
        {"big": 2**70, "neg": -(2**63) - 1},  # beyond 64 bits
        {"x": 1e16, "y": 1e-5},  # exponent spelled differently
        {1: "non-str key"},
        ["\u2028\u2029", "\x00\x1f\x7f", "😀", "张三"],
    ],
)
def test_edge_values_keep_the_stdlib_form(value: object) -> None:
    assert jsonfast.canonical(value) == _std_canonical(value)
    assert _same(jsonfast.loads(jsonfast.dumps_bytes(value)), json.loads(_std_compact(value)))


def test_integers_of_twenty_digits_stay_integers() -> None:
    assert jsonfast.loads(b"[123456789012345678901, NaN]")[0] == 123456789012345678901


@pytest.mark.parametrize("n", [-(2**63) - 1, -(10**19) + 1, -(2**63), 2**64 - 1, 2**64, -(10**25)])
def test_integers_just_beyond_64_bits_stay_integers(n: int) -> None:
    """orjson reads an integer below -2**63 of only 19 digits as a float: the stdlib must read it."""
    for raw in (str(n), f"[{n}]", f'{{"a":{n}}}'):
        got = jsonfast.loads(raw.encode())
        assert _same(got, json.loads(raw)), raw


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe", b"[1,]", b'{"a":1}x'])
def test_garbage_raises_value_error(raw: bytes) -> None:
    with pytest.raises(ValueError):
        jsonfast.loads(raw)
