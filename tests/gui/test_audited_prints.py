"""Prints, PDFs and a full ID number shown reach the audit chain (留痕): fails on the old code, where
none of them was recorded anywhere."""

from __future__ import annotations

from pathlib import Path

from tests.gui.test_printing import register, rid
from villagedesk.cli import main
from villagedesk.services import audit, queries
from villagedesk.ui import printing as pr


def _actions(desk) -> list[tuple[str, str]]:
    return [(action, detail) for _at, _who, action, detail in audit.log_rows(desk)]


def test_the_print_dialog_records_each_form_and_the_mandate_says_it_shows_the_id(qapp, qtbot, desk, tmp_path: Path):
    case_no = register(desk, "王芳", 31)
    case_id = queries.detail(desk, case_no).row.id
    dialog = pr.print_case(None, desk, case_id)
    qtbot.addWidget(dialog)
    assert _actions(desk) == []  # opening the dialog shows no full number yet
    assert dialog.save_pdf(tmp_path / "r.pdf")
    dialog.select("mandate")
    assert dialog.save_pdf(tmp_path / "m.pdf")
    assert not dialog.save_pdf(tmp_path / "missing" / "x.pdf")  # a failed save is not a print
    rows = _actions(desk)
    assert rows == [
        ("print", f"委托书: {case_no} → m.pdf, 含完整身份证号"),
        ("print", f"受理回执: {case_no} → r.pdf"),
    ]
    assert rid(31) not in str(rows) and "王芳" not in str(rows)  # never the person's data
    assert audit.verify(desk).ok


def test_the_cli_print_and_the_detail_view_are_recorded(qapp, desk, profile: Path, tmp_path: Path, capsys):
    case_no = register(desk, "李娜", 32)
    queries.detail(desk, case_no)  # masked: nothing to record
    assert _actions(desk) == []
    assert queries.detail(desk, case_no, reveal_id=True).applicant["id_number"] == rid(32)
    assert main(["--profile", str(profile), "print", case_no, "--pdf", str(tmp_path / "r.pdf")]) == 0
    assert _actions(desk) == [("print", f"受理回执: {case_no} → r.pdf"), ("view_id", f"{case_no} 完整身份证号")]
    verdict = audit.verify(desk)
    assert verdict.ok and verdict.entries > 2
