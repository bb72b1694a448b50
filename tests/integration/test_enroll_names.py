"""``villagedesk-server enroll --name``: one rule (``validators.device_name``) for the server's CLI, the server
and the desk that receives the name, over a real server on loopback (SQLite and PostgreSQL).

Before, the server only stripped the ends (``"村委会　　电脑"`` kept its inner run of ideographic spaces,
a zero-width space was a name, a name of one invisible character too), and the desk took whatever came
back as the person of a fresh profile: a device named ``王`` made a person ``王``, which
``villagedesk setup --name 王`` refuses and the town's account roster leaves off (未知账号). Each test
below fails on the old code."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import select, update

from villagedesk.db import store as st
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.validators import device_name, person_name
from villagedesk.server import auth
from villagedesk.server import models as sm
from villagedesk.sync import engine

VILLAGE = "419001100201"


def _name_here(desk) -> str:
    with desk.store.read() as s:
        return st.get_setting(s, "device_name") or ""


def test_the_server_and_the_desk_keep_one_normalised_name(server, make_desk) -> None:
    desk = make_desk("fresh")
    engine.enroll(desk, server.url, server.code(VILLAGE, "agent", "  城关村委会\u3000\u3000电脑 "))
    assert _name_here(desk) == "城关村委会 电脑"  # the old server kept the inner run
    with server.db.read() as s:
        names = set(s.scalars(select(sm.Device.name)))
    assert "城关村委会 电脑" in names
    # a fresh profile's placeholder person: a plain person's name (a space between Chinese characters is padding)
    assert desk.identity.user == "城关村委会电脑"


@pytest.mark.parametrize("bad", ["", "   ", "\u3000", "\u200b", "王\u200b", "王\x00", "名" * 65])
def test_the_server_refuses_what_the_rule_refuses(server, bad: str) -> None:
    with pytest.raises(ValueError) as err:
        auth.create_code(server.db, VILLAGE, Role.AGENT, bad)
    with pytest.raises(ValidationError) as same:
        device_name(bad)
    assert str(err.value) == same.value.message  # one rule, one message


def test_the_server_cli_refuses_an_invisible_name_in_chinese(tmp_path) -> None:
    args = ["enroll", "--region", VILLAGE, "--role", "agent", "--name", "\u200b"]
    out = subprocess.run(
        [sys.executable, "-m", "villagedesk.server.cli", "--data", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2 and "不可见" in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_a_one_character_device_name_is_not_taken_for_a_person(server, make_desk) -> None:
    desk = make_desk("wang")
    engine.enroll(desk, server.url, server.code(VILLAGE, "agent", "王"))
    assert _name_here(desk) == "王"  # a device may be called so
    with pytest.raises(ValidationError):
        person_name("王")  # but no person is (villagedesk setup --name 王 refuses it)
    assert desk.identity.user == "代办员"  # was 王, a person the town's roster then left off


def test_a_name_an_older_server_stored_is_judged_by_the_desk_too(server, make_desk) -> None:
    code = server.code(VILLAGE, "agent", "一号电脑")
    with server.db.write() as s:  # what an older server let through
        s.execute(update(sm.EnrollCode).values(name="一号\u200b电脑"))
    desk = make_desk("old")
    engine.enroll(desk, server.url, code)
    assert _name_here(desk) == ""  # not kept as this PC's name
    assert desk.identity.user == "代办员"
