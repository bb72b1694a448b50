"""The attachment wire rules (names, ranges) and the chunk sizer, without a server."""

from __future__ import annotations

import pytest

from villagedesk.sync import attachment_protocol as ap
from villagedesk.sync.attachments import MAX_CHUNK, MIN_CHUNK, START_CHUNK, TARGET_S, ChunkSizer
from villagedesk.sync.protocol import ProtocolError

SHA = "ab" * 32


def test_names() -> None:
    assert ap.check_sha(SHA) == SHA
    for bad in ("AB" * 32, SHA[:-1], SHA + "0", "../" + SHA[3:], "", None, 7):
        with pytest.raises(ProtocolError, match="SHA-256"):
            ap.check_sha(bad)
    assert ap.path_for("419001100201", SHA) == f"/api/v1/att/419001100201/{SHA}"
    with pytest.raises(ProtocolError):
        ap.check_partition("419001100000")  # a town is not a partition


def test_content_range() -> None:
    assert ap.parse_content_range("bytes 0-9/100", "10") == (0, 9, 100)
    assert ap.parse_content_range(ap.content_range(90, 99, 100), None) == (90, 99, 100)
    with pytest.raises(ap.RangeError):
        ap.parse_content_range("bytes 95-104/100", "10")
    with pytest.raises(ap.TooLarge):
        ap.parse_content_range(f"bytes 0-{ap.MAX_CHUNK_BYTES}/{ap.MAX_CHUNK_BYTES + 1}", None)
    for bad in ("bytes -1-9/100", "bytes 9-0/100", "bytes 0-9/", "bytes=0-9/100", "bytes 0-9/100 ", None):
        with pytest.raises(ProtocolError):
            ap.parse_content_range(bad, "10") if bad != "bytes 0-9/100 " else ap.parse_content_range(bad, "11")


def test_range() -> None:
    assert ap.parse_range(None, 100) is None
    assert ap.parse_range("bytes=10-", 100) == (10, 99)
    assert ap.parse_range("bytes=10-500", 100) == (10, 99)
    with pytest.raises(ap.RangeError):
        ap.parse_range("bytes=100-", 100)
    for bad in ("bytes=-5", "bytes=5-1", "items=0-1", "bytes=0-1,3-4"):
        with pytest.raises(ProtocolError):
            ap.parse_range(bad, 100)


def test_ask_body() -> None:
    items = ap.parse_ask({"v": 1, "a": [{"s": SHA, "n": 5, "p": "419001100201"}]})
    assert items == [ap.Wanted(SHA, 5, "419001100201")]
    with pytest.raises(ap.TooLarge):
        ap.parse_ask({"v": 1, "a": [{"s": SHA, "n": ap.MAX_ATTACHMENT_BYTES + 1, "p": "419001100201"}]})
    for bad in ({"v": 1, "a": [{"s": SHA, "n": 0, "p": "419001100201"}]}, {"v": 1, "a": "x"}, {"a": []}, []):
        with pytest.raises(ProtocolError):
            ap.parse_ask(bad)


def test_chunks_grow_while_fast_and_shrink_after_a_failure_that_moved_little() -> None:
    c = ChunkSizer()
    assert c.size == START_CHUNK
    c.success(c.size, 0.5)
    assert c.size == 2 * START_CHUNK
    c.success(c.size, TARGET_S * 0.75)  # about right: stays
    assert c.size == 2 * START_CHUNK
    c.failure(c.size, c.size - 10)  # the link broke after most of it arrived: not the chunk's fault
    assert c.size == 2 * START_CHUNK
    c.failure(c.size, 100)  # hardly anything moved: smaller
    assert c.size == START_CHUNK
    c.success(c.size, TARGET_S * 2)  # too slow
    assert c.size == START_CHUNK // 2
    for _ in range(20):
        c.failure(c.size, 0)
    assert c.size == MIN_CHUNK
    for _ in range(20):
        c.success(c.size, 0.01)
    assert c.size == MAX_CHUNK
