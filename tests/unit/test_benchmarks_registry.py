"""``python -m benchmarks`` runs the benchmarks that report figures and writes their table (a quick run
on a small corpus profile); the table keeps the rows of benchmarks not run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from benchmarks.figures import BEGIN, END, Figure, merge_table

ROOT = Path(__file__).resolve().parents[2]


def test_quick_run_of_one_benchmark_writes_its_rows(tmp_path: Path) -> None:
    report = tmp_path / "performance.md"
    report.write_text(f"# Performance\n\nProse stays.\n\n{BEGIN}\n{END}\n\nAfter the table.\n", encoding="utf-8")
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--only", "caselist", "--out", str(report)]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    text = report.read_text(encoding="utf-8")
    assert "Prose stays." in text and text.rstrip().endswith("After the table.")
    rows = [line for line in text.splitlines() if line.startswith("| caselist |")]
    assert len(rows) == 3 and all(" ms | " in r and "×" in r for r in rows), rows
    assert "quick sizes" in text


def test_unknown_benchmark_is_refused_with_the_list() -> None:
    cmd = [sys.executable, "-m", "benchmarks", "--only", "nosuch"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "caselist" in proc.stderr and "gui_startup" in proc.stderr


def test_rows_of_benchmarks_not_run_are_kept() -> None:
    first = merge_table("# P\n", {"a": [Figure("x", "< 1 s", 0.5, "s", 0.25, 2.0)]}, "run 1")
    second = merge_table(first, {"b": [Figure("y", "—", 3.0, "ms")]}, "run 2")
    assert "| a | x | < 1 s | 0.50 s | 0.25 s | 2.00× |" in second
    assert "| b | y | — | 3.00 ms | — | — |" in second
    third = merge_table(second, {"a": [Figure("x", "< 1 s", 0.7, "s")]}, "run 3")
    assert third.count("| a | x |") == 1 and "0.70 s" in third and "run 3" in third and "run 2" not in third


def test_every_reporting_benchmark_gives_figures_the_table_can_print(tmp_path: Path) -> None:
    """wire's figures were plain dicts: the run died printing them and no table was written at all."""
    report = tmp_path / "performance.md"
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--only", "wire", "--out", str(report)]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("| wire |")]
    assert len(rows) == 2 and all(" B | " in r and "×" in r for r in rows), rows


def test_the_judges_figures_reach_the_table(tmp_path: Path) -> None:
    """benchmarks.judge (like judgecost and sync) returned plain dicts: ``python -m benchmarks`` reported
    "figures() must return benchmarks.figures.Figure objects" and wrote none of their rows."""
    report = tmp_path / "performance.md"
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "benchmarks", "--quick", "--only", "judge", "--out", str(report)]
    proc = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "failed" not in proc.stderr, proc.stderr
    rows = [line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("| judge |")]
    assert len(rows) == 1 and " µs/event | " in rows[0] and "×" in rows[0], rows


def test_judgecost_floor_runs_the_push_path_of_today() -> None:
    """The benchmark's judge-off switch replaced the case ledgers with a stand-in whose ``admit`` took no
    ``carried`` (added to the push path later): every floor event was refused and the run measured nothing."""
    from benchmarks import judgecost

    res = judgecost.measure(60, 1, batch=30, data="corpus")
    assert res["events"] >= 40 and res["floor_us_per_event"] > 0 and res["judged_us_per_event"] > 0
