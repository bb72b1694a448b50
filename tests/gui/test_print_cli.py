"""``villagedesk print``: forms as PDF from the command line, errors as one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.gui.test_printing import register
from villagedesk.cli import main
from villagedesk.db import models as m
from villagedesk.domain import public_settings as ps
from villagedesk.services.desk import Desk


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


def _published_hotline(desk, hotline: str) -> None:
    """The town's ``villagedesk-server public-page --hotline`` as a sync stores it on the PC."""
    with desk.store.write() as s:
        data = json.dumps({"url": None, "hotline": hotline, "agents": {}})
        s.add(m.RefData(rseq=901, kind="public", key="page", region=None, effective_from=None, data=data))


def _printed(profile: Path, case_no: str, out: Path, *extra: str) -> str:
    done = run_cli("print", case_no, "--pdf", str(out), *extra, profile=profile)
    assert done.returncode == 0, done.stderr
    return subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout


def test_receipt_carries_the_hotline_the_public_page_shows(desk, profile: Path, tmp_path: Path) -> None:
    """No --hotline and nothing in 设置: the receipt prints 12345 as the public page falls back to; once the
    town published one, that one; --hotline still wins (old code printed no hotline line at all)."""
    case_no = register(desk, "王芳", 24, item="JY006", have=True)
    desk.close()
    text = _printed(profile, case_no, tmp_path / "a.pdf")
    assert "咨询电话" in text and "12345" in text
    assert ps.hotline_to_show("") == "12345"  # the public page's fallback is the same one
    with Desk.open(profile) as again:
        _published_hotline(again, "0391-12345")
    text = _printed(profile, case_no, tmp_path / "b.pdf")
    assert "咨询电话" in text and "0391-12345" in text
    assert ps.hotline_to_show("0391-12345") == "0391-12345"
    text = _printed(profile, case_no, tmp_path / "c.pdf", "--hotline", "0391-6600000")
    assert "0391-6600000" in text and "0391-12345" not in text
