"""恢复账号: an agent stopped (停用) when they left comes back. Fails on the old code: there was no
``accounts reactivate`` (argparse refused it), no ``accounts.reactivate`` and no 恢复所选账号, so a stopped
account could never log in again.

Real profiles migrated by Alembic; the plain case through the CLI's ``main``, the encrypted one through
the real CLI in subprocesses (the key file must wrap the DB key for the returning person again)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_encryption_at_rest import LINA, LINA_PW, WANG, WANG_PW, _env, _plain_profile
from villagedesk.cli import main
from villagedesk.db import cipher
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts, audit, encryption, keyfile
from villagedesk.sync import audit_view


def _cli(desk, monkeypatch, capsys, *args: str, stdin: str = "", user: str = "lina") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()  # add/deactivate/reactivate name who makes the change: 李娜 unless told
    code = main(["--profile", str(desk.paths.root), "--user", user, "accounts", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_stopped_agent_is_brought_back_logs_in_and_the_trail_says_so(desk, monkeypatch, capsys) -> None:
    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
    wang = accounts.create_account(desk, "wangqiang", "王强", "secret-2", Role.AGENT, desk.identity.region_code)
    accounts.authenticate(desk, "lina", "secret-1")
    assert _cli(desk, monkeypatch, capsys, "deactivate", "wangqiang")[0] == 0
    with pytest.raises(accounts.AccountStopped):
        accounts.authenticate(desk, "wangqiang", "secret-2")

    code, out, err = _cli(desk, monkeypatch, capsys, "reactivate", "WangQiang")
    assert code == 0 and "已恢复账号: wangqiang" in out, err
    assert "恢复码" not in out  # plain profile: the code on paper still works, none is issued
    assert accounts.authenticate(desk, "wangqiang", "secret-2").id == wang.id
    code, out, _ = _cli(desk, monkeypatch, capsys)
    assert "已停用" not in out and out.count("在用") == 2

    done = [(who, action, detail) for _at, who, action, detail in audit.log_rows(desk)][::-1]
    assert ("李娜", "account_reactivate", "wangqiang") in done  # by the person --user names, like 停用
    kinds = [a for _w, a, _d in done]
    assert kinds.index("account_reactivate") > kinds.index("account_deactivate")
    assert audit_view.ACTIONS["account_reactivate"] == "恢复账号"
    assert audit.verify(desk).ok


REFUSED = [
    (("reactivate", "nobody"), "没有登录名为 nobody 的账号"),
    (("reactivate", "lina"), "账号 lina 在用, 无需恢复"),
]


def test_reactivating_an_unknown_or_active_account_is_one_sentence_and_changes_nothing(
    desk, monkeypatch, capsys
) -> None:
    accounts.create_account(desk, "lina", "李娜", "secret-1", Role.AGENT, desk.identity.region_code)
    before = (accounts.accounts(desk), audit.log_rows(desk))
    for args, said in REFUSED:
        code, out, err = _cli(desk, monkeypatch, capsys, *args)
        assert code == 1 and err.startswith("错误: ") and said in err, (args, err)
        assert "Traceback" not in err + out
        assert (accounts.accounts(desk), audit.log_rows(desk)) == before


def test_on_an_encrypted_profile_the_person_types_their_password_and_the_key_opens_again(tmp_path: Path) -> None:
    profile = _plain_profile(tmp_path / "p")
    try:
        assert run_cli("--user", LINA, "encrypt", profile=profile, env=_env(LINA_PW)).returncode == 0
        as_lina = _env(LINA_PW, LINA)
        assert run_cli("accounts", "deactivate", WANG, profile=profile, env=as_lina).returncode == 0
        with pytest.raises(keyfile.KeyFileError):
            keyfile.unlock(profile, WANG_PW, WANG)

        wrong = run_cli("accounts", "reactivate", WANG, profile=profile, env=as_lina, input="not-his\n")
        assert wrong.returncode != 0 and "密码不正确, 账号未恢复" in wrong.stderr
        assert "Traceback" not in wrong.stdout + wrong.stderr
        with pytest.raises(keyfile.KeyFileError):
            keyfile.unlock(profile, WANG_PW, WANG)

        right = run_cli("accounts", "reactivate", WANG, profile=profile, env=as_lina, input=WANG_PW + "\n")
        assert right.returncode == 0 and "已恢复账号: wang" in right.stdout, right.stderr
        assert "恢复码: " in right.stdout  # the stopped account's recovery wrap was gone: a new code
        encryption.unlock(profile, WANG_PW, WANG)  # raises if no wrap opens with his password
        listed = run_cli("accounts", profile=profile, env=_env(WANG_PW, WANG))
        assert listed.returncode == 0 and "已停用" not in listed.stdout
    finally:
        cipher.forget_keys()
        shutil.rmtree(profile, ignore_errors=True)
