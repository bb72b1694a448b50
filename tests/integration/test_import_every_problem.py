"""Issue 18 (一次性告知 of our own messages): a roster row with several problems lists every one of them at
once — on the command line, in the reject file the office corrects, and beside the row in the import
dialog — so the villager's office never fixes one, re-imports and meets the next.

Checked against the code before writing this: it already worked (``intake.validate`` collects every
field's error, ``importer._row`` every cell's); this test proves it and keeps it so. A real profile
migrated by Alembic, the CLI as a subprocess, the dialog as real widgets."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, rid, write_csv
from villagedesk.services import importer

BAD_CHECK = rid(41)[:-1] + ("0" if rid(41)[-1] != "0" else "1")  # one wrong check digit
PROBLEMS = {  # column → what the row's cell gets wrong
    "身份证号": "校验位",
    "联系电话": "电话",
    "委托书已签": "是」或「否",
    "登记日期": "日期格式",
}


def _bad_row() -> list[str]:
    return good_row(41, "王五", 身份证号=BAD_CHECK, 联系电话="1381234", 委托书已签="也许", 登记日期="2026-13-01")


def test_every_problem_of_a_row_is_listed_at_once(desk, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "roster.csv", [HEADER, good_row(1), _bad_row(), good_row(2, "李四")])
    report = importer.import_file(desk, source)
    row3 = [(p.column, p.message) for p in report.problems if p.row == 3]
    assert {c for c, _m in row3} == set(PROBLEMS), row3
    for column, words in PROBLEMS.items():
        assert any(c == column and words in m for c, m in row3), (column, row3)
    assert report.bad_rows == 1 and not report.imported

    preview = importer.preview(desk, source)  # the import dialog's model: every problem beside the row
    [shown] = [r for r in preview.rows if r.number == 3]
    assert len(shown.problems) == len(PROBLEMS) and all(
        any(p.startswith(c + ": ") and w in p for p in shown.problems) for c, w in PROBLEMS.items()
    ), shown.problems
    assert BAD_CHECK not in " ".join(shown.cells)  # the preview masks the ID number

    profile = desk.paths.root
    desk.close()
    rejects = tmp_path / "rejects.csv"
    result = run_cli("import", str(source), "--skip-invalid", "--reject-file", str(rejects), profile=profile)
    assert result.returncode == 0, result.stderr
    lines = [x for x in result.stderr.splitlines() if x.startswith("问题: 第3行")]
    assert len(lines) == len(PROBLEMS), result.stderr
    for column in PROBLEMS:
        assert any(f"[{column}]" in x for x in lines), (column, lines)
    assert "已登记 2 件办件" in result.stdout
    with rejects.open(encoding="utf-8-sig", newline="") as f:
        [rejected] = list(csv.DictReader(f))
    said = rejected["问题"]
    assert all(f"{c}: " in said for c in PROBLEMS) and said.count("; ") == len(PROBLEMS) - 1, said

