"""argparse's own words were English inside Chinese lines ("错误: the following arguments are required:
--reason", "invalid int value: 'abc'", a half-English ``-h``). Both command lines now say them in Chinese.
Real processes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

ENGLISH = ("the following arguments", "invalid", "usage:", "unrecognized", "expected one", "options:", "error:")


def _run(*args: str, cwd) -> str:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=60)
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("villagedesk", "rating", "review"),
        ("villagedesk", "audit", "--limit", "abc"),
        ("villagedesk", "no-such-command"),
        ("villagedesk", "cases", "--bogus"),
        ("villagedesk", "-h"),
        ("villagedesk.server_main", "bogus"),
        ("villagedesk.server_main", "-h"),
    ],
    ids=["required", "bad-int", "bad-choice", "unrecognized", "help", "server-choice", "server-help"],
)
def test_argparse_speaks_chinese(args, tmp_path) -> None:
    out = _run(*args, cwd=tmp_path)
    assert out.strip()
    assert not [w for w in ENGLISH if w in out], out
    assert any(w in out for w in ("错误", "用法", "缺少", "无效", "无法识别")), out
