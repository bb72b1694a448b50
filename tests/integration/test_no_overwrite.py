"""Office test: ``handover … --pdf existing.pdf``, ``print CASE --pdf existing.pdf`` and ``import
--skip-invalid`` (over an ``X.未导入.csv`` the office had been correcting) overwrote the file without asking;
only ``backup`` refused 「目标文件已存在, 不会覆盖」. Now every option naming a file a command writes refuses
an existing file before anything runs (exit 2), and the default reject file takes the next free number."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, write_csv
from villagedesk import cli as desk_cli
from villagedesk.server import cli as server_cli
from villagedesk.services import argparse_zh

KEPT = b"the office's own file\n"


def _existing(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(KEPT)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("handover", "--from", "lina", "--to", "wangqiang", "--pdf", "{file}"),
        ("print", "ZZ-1", "--pdf", "{file}"),
        ("import", "{roster}", "--skip-invalid", "--reject-file", "{file}"),
        ("backup", "{file}"),
    ],
    ids=["handover", "print", "import", "backup"],
)
def test_an_existing_file_is_not_overwritten(profile, tmp_path: Path, args) -> None:
    target = _existing(tmp_path, "existing.pdf")
    roster = write_csv(tmp_path / "roster.csv", [HEADER, good_row(1), good_row(2, "李四", 联系电话="1381234")])
    result = run_cli(*(a.format(file=target, roster=roster) for a in args), profile=profile)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "已存在, 不会覆盖" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert target.read_bytes() == KEPT
    assert "已登记" not in result.stdout  # the import did not run either


def test_the_default_reject_file_takes_a_new_number(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    roster = write_csv(tmp_path / "roster.csv", [HEADER, good_row(1), good_row(2, "李四", 联系电话="1381234")])
    edited = _existing(tmp_path, "roster.未导入.csv")  # the office's corrections in progress
    result = run_cli("import", str(roster), "--skip-invalid", profile=profile)
    assert result.returncode == 0, result.stderr
    assert edited.read_bytes() == KEPT
    second = tmp_path / "roster.未导入(2).csv"
    assert second.name in result.stdout + result.stderr
    with second.open(encoding="utf-8-sig", newline="") as f:
        [row] = list(csv.DictReader(f))
    assert row["姓名"] == "李四"


def _writers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _writers(sub, (*path, name))
        elif action.type is argparse_zh.output_file:
            yield path, action


@pytest.mark.parametrize("build", [desk_cli.build_parser, server_cli.build_parser], ids=["villagedesk", "server"])
def test_every_file_a_command_writes_refuses_an_existing_one(build, tmp_path: Path, capsys) -> None:
    target = _existing(tmp_path, "there.out")
    found = list(_writers(build()))
    assert found
    for path, action in found:
        argv = [*path, *(action.option_strings[:1] or []), str(target)]
        with pytest.raises(SystemExit) as stop:
            build().parse_args(argv)
        assert stop.value.code == 2, argv
        assert "已存在, 不会覆盖" in capsys.readouterr().err, argv
