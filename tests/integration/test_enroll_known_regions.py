"""A server that published its region list enrolls devices only for regions on it (issue #17's city
tester enrolled a clerk for 419001999000, a town that does not exist): a code for an unknown village,
town or city is refused with a sentence naming it, unless ``--new-region`` says it is meant. A server
that never published a list enrolls as before (a town server shipping with the devices' own list)."""

from __future__ import annotations

import pytest

from villagedesk.server import cli as server_cli
from villagedesk.server import feed

REGIONS = {
    "regions": [
        {"code": "419001000000", "name": "济源市", "level": "city", "parent": ""},
        {"code": "419001100000", "name": "克井镇", "level": "town", "parent": "419001000000"},
        {"code": "419001100201", "name": "克井村", "level": "village", "parent": "419001100000"},
    ]
}


def enroll(server, capsys, *args: str) -> tuple[int, str]:
    url = server.db.engine.url.render_as_string(hide_password=False)
    capsys.readouterr()
    code = server_cli.main(["enroll", "--db", url, "--name", "测试设备", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_without_a_published_list_any_well_formed_code_enrolls(server, capsys) -> None:
    assert enroll(server, capsys, "--role", "clerk", "--region", "419001999000")[0] == 0


@pytest.mark.parametrize(
    ("role", "region", "words"),
    [
        ("clerk", "419001999000", "乡镇代码 419001999000"),
        ("agent", "419001100299", "村代码 419001100299"),
        ("agent", "410100100201", "所属市 410100000000 也不在清单中"),
        ("city", "410100000000", "市级代码 410100000000"),
    ],
)
def test_a_code_off_the_published_list_is_refused_unless_meant(server, capsys, role, region, words) -> None:
    feed.publish_ref(server.db, "regions", "v1", REGIONS)
    code, out = enroll(server, capsys, "--role", role, "--region", region)
    assert code == 2 and words in out and "--new-region" in out and "注册码:" not in out, out
    assert "Traceback" not in out
    code, out = enroll(server, capsys, "--role", role, "--region", region, "--new-region")
    assert code == 0 and "注册码:" in out, out


def test_codes_on_the_published_list_enroll(server, capsys) -> None:
    feed.publish_ref(server.db, "regions", "v1", REGIONS)
    for role, region in (("city", "419001000000"), ("clerk", "419001100000"), ("agent", "419001100201")):
        code, out = enroll(server, capsys, "--role", role, "--region", region)
        assert code == 0 and "注册码:" in out, (role, out)
