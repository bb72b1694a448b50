"""Issue 18: an account change is authored by a named person, never by whoever logged in last.

Without ``--user`` a script is refused (exit 2, nothing changed: tests/integration/test_people_tamper.py);
at a terminal the CLI asks for the login. Here the real CLI runs on a pty, as at a village PC's console."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.test_encryption_at_rest import LINA, WANG, _plain_profile
from tests.integration.test_encryption_fixes import _controlling_tty
from villagedesk.services import accounts, audit
from villagedesk.services.desk import Desk


def _at_terminal(profile: Path, typed: bytes, *args: str) -> tuple[int, str]:
    """The CLI with a terminal as stdin; ``typed`` is what the person types (it waits in the tty's buffer)."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("VILLAGEDESK_PASSWORD", "VILLAGEDESK_USER")}
    child = subprocess.Popen(
        [sys.executable, "-m", "villagedesk", "--profile", str(profile), *args],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**env, "PYTHONPATH": str(ROOT)},
        start_new_session=True, preexec_fn=_controlling_tty,
    )  # fmt: skip
    os.close(slave)
    try:
        os.write(master, typed)
        _, err = child.communicate(timeout=120)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
    return child.returncode, err.decode("utf-8")


def _last(profile: Path) -> tuple[str, str, str]:
    with Desk.open(profile) as desk:
        _at, who, action, detail = audit.log_rows(desk)[0]
    return who, action, detail


def test_at_a_terminal_the_account_change_asks_who_makes_it(tmp_path: Path) -> None:
    profile = _plain_profile(tmp_path / "p")
    with Desk.open(profile) as desk:
        accounts.authenticate(desk, WANG, "wang-pass-1")  # the last login: 王强, who is not at the desk now
    code, err = _at_terminal(profile, f"{LINA}\n".encode(), "accounts", "deactivate", WANG)
    assert code == 0, err
    assert "您的登录名" in err or "由谁操作" in err
    assert _last(profile) == ("李娜", "account_deactivate", WANG)  # was 王强, the last login


def test_at_a_terminal_no_login_typed_changes_nothing(tmp_path: Path) -> None:
    profile = _plain_profile(tmp_path / "p")
    with Desk.open(profile) as desk:
        before = audit.log_rows(desk)
    code, err = _at_terminal(profile, b"\n", "accounts", "deactivate", WANG)
    assert code == 2 and "更改账号须指明由谁操作" in err and "Traceback" not in err, err
    with Desk.open(profile) as desk:
        assert audit.log_rows(desk) == before
        assert all(a.active for a in accounts.accounts(desk))
