"""Office test: a 5 MB CSV cell gave 「…(field larger than field limit (131072)), 请检查引号是否成对」
(English, and the wrong advice), and 10,000 bad rows ended at 「…… 另有 8887 个问题」 without saying that
``--skip-invalid`` writes every one of them to a file. Both now say it in Chinese, through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, write_csv


def test_a_huge_cell_names_its_row_column_and_the_limit(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    source = write_csv(tmp_path / "r.csv", [HEADER, good_row(1), good_row(2, 备注="长" * 200_000)])
    result = run_cli("import", str(source), profile=profile)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "第 3 行 第 10 列的单元格太长" in said and "131072" in said, said
    assert "field" not in said and "引号是否成对" not in said


def test_many_bad_rows_point_at_skip_invalid(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    rows = [good_row(n, "张三", 联系电话="12") for n in range(1, 260)]
    result = run_cli("import", str(write_csv(tmp_path / "r.csv", [HEADER, *rows])), profile=profile)
    assert result.returncode == 1
    [more] = [x for x in result.stderr.splitlines() if x.startswith("…… 另有")]
    assert "--skip-invalid" in more and "全部写入未导入文件" in more, more
