"""Every refused protocol header says 不支持的协议版本 over real HTTP: a malformed value too, since a
client's fallback looks for that text alone (docs/sync-protocol.md); the value is never echoed."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.server_harness import running_server
from villagedesk.sync import codec
from villagedesk.sync.protocol import VERSION_REFUSED, ProtocolError, check_version

BAD = ["abc", "1234567890", "0", "-1", "1.0", "", "1 1", "٣", "3", "9" * 5000]


@pytest.mark.parametrize("value", BAD, ids=lambda v: v[:12] or "empty")
def test_check_version_refuses_with_the_fallback_text(value: str) -> None:
    with pytest.raises(ProtocolError) as info:
        check_version(value, newest=2)
    assert VERSION_REFUSED in str(info.value)
    assert "9999" not in str(info.value)


def test_every_refused_header_carries_the_text_over_http(tmp_path: Path) -> None:
    with running_server("sqlite", tmp_path) as server:
        for value in BAD:
            req = urllib.request.Request(
                server.url + "/api/v1/sync",
                data=codec.encode({"v": 1, "cur": {}}),
                headers={"X-VillageDesk-Protocol": value.encode(), "Content-Type": codec.CONTENT_TYPE},
            )
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(req, timeout=30)
            assert err.value.code == 400, (value[:12], err.value.code)
            message = json.loads(err.value.read())["message"]
            assert VERSION_REFUSED in message, (value[:12], message)


# Raw JSON texts of a body's ``v`` that are no supported version: a 5,000-digit integer (beyond any JSON
# parser with limits), a float, text, a bool, null, too new, zero, negative.
BODY_BAD = [b"9" * 5000, b"1.5", b"1e400", b'"1"', b'"9999"', b"true", b"null", b"424242", b"0", b"-1"]


def _post(url: str, body: bytes, header: str | bytes) -> tuple[int, str]:
    req = urllib.request.Request(
        url + "/api/v1/enroll",
        data=body,
        headers={"X-VillageDesk-Protocol": header, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())["message"]


def test_a_refused_version_names_the_header_or_the_body_over_http(tmp_path: Path) -> None:
    """A request carries its version twice; the refusal says which of the two is wrong (the header, or
    the body's ``v``), always with 不支持的协议版本 (the client's fallback text), never echoing the value,
    and a value no parser reads as a small integer is a 4xx like any other, never a 5xx."""
    with running_server("sqlite", tmp_path) as server:
        for value in BAD:  # the header wrong, the body right
            status, message = _post(server.url, b'{"v":1,"code":"ZZZZ-ZZZZ-ZZZZ"}', value.encode())
            assert status == 400, (value[:12], status)
            assert VERSION_REFUSED in message and "请求头 X-VillageDesk-Protocol" in message, (value[:12], message)
            assert "请求体" not in message, message
            shown = value.strip("-")
            assert not (len(shown) > 1 and shown in message.replace("1..2", "")), (value[:12], message)
        for raw in BODY_BAD:  # the header right, the body wrong
            status, message = _post(server.url, b'{"v":' + raw + b',"code":"ZZZZ-ZZZZ-ZZZZ"}', "1")
            assert status == 400, (raw[:12], status)
            assert VERSION_REFUSED in message and "请求体中的 v" in message, (raw[:12], message)
            assert "请求头" not in message, message
            shown = raw.decode().strip('"-')
            assert not (len(shown) > 1 and shown in message.replace("1..2", "")), (raw[:12], message)
        status, message = _post(server.url, b'{"v":2,"code":"ZZZZ-ZZZZ-ZZZZ"}', "2")  # both right: judged on
        assert status == 403, (status, message)
