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
