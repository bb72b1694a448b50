"""``villagedesk print``: forms as PDF from the command line, errors as one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.gui.test_printing import register
from villagedesk.cli import main


def test_print_receipt_as_a_user_would(desk, profile: Path, tmp_path: Path) -> None:
    case_no = register(desk, "王芳", 21, item="JY006", have=True)
    desk.close()
    out = tmp_path / "r.pdf"
    done = run_cli("print", case_no, "--paper", "roll80", "--pdf", str(out), "--hotline", "12345", profile=profile)
    assert done.returncode == 0, done.stderr
    assert "已保存" in done.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "受理回执" in text and case_no in text and "王芳" in text and "12345" in text


def test_print_errors_are_one_clear_line(qapp, desk, profile: Path, tmp_path: Path, capsys) -> None:
    case_no = register(desk, "王芳", 22, item="JY006", have=True)
    base = ["--profile", str(profile), "print"]
    assert main([*base, case_no, "--form", "notice", "--pdf", str(tmp_path / "n.pdf")]) == 1
    assert "没有缺少的材料" in capsys.readouterr().err
    assert main([*base, "NO-SUCH-CASE", "--pdf", str(tmp_path / "x.pdf")]) == 2  # a refused argument
    assert "找不到办件" in capsys.readouterr().err
    assert main([*base, case_no, "--printer", "不存在的打印机"]) == 1
    assert "找不到打印机" in capsys.readouterr().err
    assert main([*base, case_no, "--pdf", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").stat().st_size > 1000


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux has screenless Qt starts")
def test_print_to_pdf_on_a_machine_without_a_screen(desk, profile: Path, tmp_path: Path) -> None:
    """No DISPLAY and no QT_QPA_PLATFORM (a server or SSH session): the PDF is written, Qt does not abort."""
    case_no = register(desk, "王芳", 23, item="JY006", have=True)
    desk.close()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    out = tmp_path / "r.pdf"
    cmd = [sys.executable, "-m", "villagedesk", "--profile", str(profile), "print", case_no, "--pdf", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 1000
