"""``villagedesk enroll`` with a code for another village says so: the PC takes the code's region, not silently.

Found in the city walk: a PC set up for village 419001100201, enrolled with a code the town made for
419001100203, printed only 「注册成功: 村级代办员 @ 419001100203」 and numbered its cases as the other
village's from then on. Fails on the old code: nothing on stdout or stderr named the change.
"""

from __future__ import annotations

from pathlib import Path

from tests.integration.server_harness import running_server
from villagedesk import cli

SET_UP, CODE_FOR, SAME = "419001100201", "419001100203", "419001100202"


def _enroll(capsys, srv, profile: Path, region: str, code_region: str) -> tuple[str, str]:
    assert cli.main(["--profile", str(profile), "setup", "--region", region, "--name", "李娜"]) == 0
    capsys.readouterr()
    code = srv.code(code_region, "agent", "村PC")
    assert cli.main(["--profile", str(profile), "enroll", "--server", srv.url, "--code", code]) == 0
    out = capsys.readouterr()
    return out.out, out.err


def test_a_code_for_another_village_is_named_and_a_matching_one_is_quiet(tmp_path: Path, capsys) -> None:
    with running_server("sqlite", tmp_path) as srv:
        out, err = _enroll(capsys, srv, tmp_path / "wrong", SET_UP, CODE_FOR)
        assert f"@ {CODE_FOR}" in out
        assert "注意" in err and SET_UP in err and CODE_FOR in err and "重新注册" in err, err
        out, err = _enroll(capsys, srv, tmp_path / "right", SAME, SAME)
        assert f"@ {SAME}" in out and err == ""
