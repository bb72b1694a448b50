"""Office test: ``villagedesk cases --limit 99999999999999999999`` crashed with 「程序内部出错」 (an
OverflowError in the log), and ``python3 -m villagedesk.server`` did not run at all. Every integer and decimal
option of both command lines is now bounded and refused in Chinese before anything runs (exit 2)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli
from villagedesk import cli as desk_cli
from villagedesk.server import cli as server_cli

HUGE = "99999999999999999999"


def _server(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "villagedesk.server", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
    )


def _numeric_options(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _numeric_options(sub, (*path, name))
        elif action.option_strings and (
            action.type in (int, float) or getattr(action.type, "__name__", "") in ("整数", "数字")
        ):
            yield path, action


def test_a_huge_limit_is_refused_in_chinese(profile) -> None:
    result = run_cli("cases", "--limit", HUGE, profile=profile)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "超出范围" in result.stderr and "1 到 1000000" in result.stderr, result.stderr
    assert "程序内部出错" not in result.stderr and "Traceback" not in result.stderr


def test_the_server_command_line_runs_as_a_module_and_bounds_its_numbers() -> None:
    helped = _server("--help")
    assert helped.returncode == 0 and "serve" in helped.stdout, helped.stderr
    for args in (("serve", "--port", HUGE), ("serve", "--header-timeout", "1e400"), ("dead-letters", "--limit", HUGE)):
        result = _server(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert "超出范围" in result.stderr and "Traceback" not in result.stderr, (args, result.stderr)


@pytest.mark.parametrize("build", [desk_cli.build_parser, server_cli.build_parser], ids=["villagedesk", "server"])
def test_every_numeric_option_is_bounded(build, capsys) -> None:
    parser = build()
    found = list(_numeric_options(parser))
    assert found, "no numeric options found"
    for path, action in found:
        assert action.type not in (int, float), (path, action.option_strings)  # argparse's own: no bound
        for value in (HUGE, "-" + HUGE, "1e400", "nan", "abc"):
            with pytest.raises(SystemExit) as stop:
                parser.parse_args([*path, action.option_strings[0], value])
            assert stop.value.code == 2
            said = capsys.readouterr().err
            assert ("超出范围" in said or "不是" in said) and "应为" in said, (path, action.option_strings, value, said)
