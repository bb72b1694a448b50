"""Office test: roster names padded with spaces (「王 芳」, 「张　伟」 with a full-width space, 「刘  洋」
lined up with three-character names) were stored with the space, and 「王 芳」 was refused against the
registered 王芳 with a masked message nobody could read. Spaces between two Chinese characters are padding:
the name rule drops them (a `·` name and a Latin name's single space stay)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli
from tests.integration.test_import import HEADER, good_row, write_csv
from villagedesk.services import queries
from villagedesk.services.desk import Desk


def _names(profile: Path) -> set[str]:
    with Desk.open(profile) as desk:
        return {r.applicant_name for r in queries.list_cases(desk, queries.CaseFilter(), limit=100)}


def test_padding_inside_a_chinese_name_is_dropped(desk, tmp_path: Path) -> None:
    profile = desk.paths.root
    desk.close()
    first = write_csv(tmp_path / "first.csv", [HEADER, good_row(1, "王芳")])
    assert run_cli("import", str(first), profile=profile).returncode == 0
    padded = [("王 芳", 1), ("张\u3000伟", 2), ("刘  洋", 3), ("欧阳 · 娜仁", 4), ("Maria Rossi", 5)]
    rows = [good_row(n, name, 事项编码="JY016") for name, n in padded]
    source = write_csv(tmp_path / "padded.csv", [HEADER, *rows])
    result = run_cli("import", str(source), profile=profile)
    assert result.returncode == 0, result.stdout + result.stderr  # 王 芳 is the registered 王芳
    assert "已登记 5 件办件" in result.stdout, result.stdout
    assert _names(profile) == {"王芳", "张伟", "刘洋", "欧阳·娜仁", "Maria Rossi"}
