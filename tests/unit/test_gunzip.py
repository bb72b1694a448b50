"""Body decompression reads what ``gzip`` reads and refuses the rest with a protocol error."""

from __future__ import annotations

import gzip

import pytest

from villagedesk.sync import protocol

BODY = b'{"v":1,"text":"\xe5\xa4\x87\xe6\xb3\xa8"}'


@pytest.mark.parametrize(
    "data",
    [gzip.compress(BODY), gzip.compress(BODY[:5]) + gzip.compress(BODY[5:]), gzip.compress(BODY) + b"\0\0\0"],
    ids=["one member", "two members", "zero padding"],
)
def test_what_gzip_reads_is_read(data: bytes) -> None:
    assert protocol.gunzip(data, 1000) == gzip.decompress(data) == BODY
    assert protocol.decode_body(data, True) == {"v": 1, "text": "备注"}


@pytest.mark.parametrize(
    "data",
    [
        gzip.compress(BODY)[:-3],  # cut short
        gzip.compress(BODY)[:12],
        gzip.compress(BODY) + b"junk",  # trailing garbage
        b"\x1f\x8b" + b"\x08" * 30,
        b"not gzip",
    ],
)
def test_damaged_gzip_is_a_protocol_error(data: bytes) -> None:
    with pytest.raises(protocol.ProtocolError, match="gzip"):
        protocol.decode_body(data, True)


def test_output_stops_after_the_limit() -> None:
    bomb = gzip.compress(b" " * 100_000)
    assert len(protocol.gunzip(bomb, 1000)) == 1001
    with pytest.raises(protocol.BodyTooLarge):
        protocol.decode_body(bomb, True, limit=1000)
