"""Every command-line option naming a file a command writes refuses a folder that does not exist.

Before, ``handover --pdf /nonexist/x.pdf`` created /nonexist/ and exited 0: a mistyped folder swallowed the
交接单 where nobody would look for it. Now one check (``argparse_zh.output_file``) refuses it as a usage
error, exit 2, in Chinese, before anything is opened or written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from villagedesk import cli
from villagedesk.server import cli as server_cli
from villagedesk.services.argparse_zh import output_file, output_folder

# words of option strings that name a file written (what ``grep -- --pdf/--out/--xlsx/--csv`` finds, and kin)
_WRITES = {"pdf", "out", "output", "xlsx", "csv", "reject", "export"}


def _every_action(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _every_action(sub, (*path, name))
        else:
            yield path, action


def _writes_a_file(path: tuple[str, ...], action: argparse.Action) -> bool:
    if any(_WRITES & set(opt.lstrip("-").split("-")) for opt in action.option_strings):
        return True
    return path == ("backup",) and action.dest == "file"  # backup [FILE]: the archive to write


@pytest.mark.parametrize("build", [cli.build_parser, server_cli.build_parser], ids=["villagedesk", "server"])
def test_every_output_file_option_shares_the_folder_check(build) -> None:
    found = [(p, a) for p, a in _every_action(build()) if _writes_a_file(p, a)]
    assert found, "no output option found: the pattern is stale"
    checks = (output_file, output_folder)
    unchecked = [f"{' '.join(p)} {'/'.join(a.option_strings) or a.dest}" for p, a in found if a.type not in checks]
    assert unchecked == []


@pytest.mark.parametrize(
    "argv",
    [
        ["handover", "--from", "lina", "--to", "wangqiang", "--pdf", "{missing}/x.pdf"],
        ["print", "FA001", "--pdf", "{missing}/r.pdf"],
        ["town-report", "list", "--xlsx", "{missing}/r.xlsx"],
        ["import", "roster.csv", "--skip-invalid", "--reject-file", "{missing}/bad.csv"],
        ["sync", "--export-bundle", "{missing}/out.bundle"],
        ["backup", "{missing}/b.vdbak"],
    ],
    ids=lambda argv: argv[0],
)
def test_a_missing_folder_is_refused_in_chinese_with_exit_2(argv, tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nonexist"
    args = ["--profile", str(tmp_path / "profile"), *(a.format(missing=missing) for a in argv)]
    with pytest.raises(SystemExit) as stop:
        cli.main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"文件夹 {missing} 不存在" in err and "Traceback" not in err
    assert not missing.exists() and not (tmp_path / "profile").exists()  # nothing was created


def test_the_server_refuses_a_missing_ack_folder(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nonexist"
    argv = ["--data", str(tmp_path / "data"), "import-bundle", "in.bundle", "--ack-out", str(missing / "ack")]
    with pytest.raises(SystemExit) as stop:
        server_cli.main(argv)
    assert stop.value.code == 2
    assert f"文件夹 {missing} 不存在" in capsys.readouterr().err
    assert not missing.exists()


def test_the_check_itself(tmp_path: Path) -> None:
    assert output_file(str(tmp_path / "x.pdf")) == str(tmp_path / "x.pdf")
    assert output_file("x.pdf") == "x.pdf"  # the current folder
    (tmp_path / "a-file").write_text("")
    for bad, words in ((tmp_path / "a-file" / "x.pdf", "不是文件夹"), (tmp_path, "是一个文件夹"), ("  ", "不能为空")):
        with pytest.raises(argparse.ArgumentTypeError, match=words):
            output_file(str(bad))
