"""`villagedesk-server … enroll … | head -1` printed "错误: 数据库或文件无法访问: BrokenPipeError": a reader
that left early was reported as a database failure. Now it ends quietly. Real process, real pipe."""

from __future__ import annotations

import subprocess
import sys


def test_a_closed_pipe_is_not_a_database_error(tmp_path) -> None:
    cmd = [sys.executable, "-m", "villagedesk.server_main", "--data", str(tmp_path / "town"), "enroll",
           "--region", "419001100201", "--role", "agent", "--name", "王𠮷的电脑"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(60)
    assert "数据库或文件无法访问" not in err and "Traceback" not in err, err
