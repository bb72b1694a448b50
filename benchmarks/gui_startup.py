"""GUI with 200,000 cases: start-up to a usable window, memory after scrolling the whole list,
search-as-you-type latency. Medians of several fresh processes.

    python -m benchmarks.gui_startup [--cases 200000] [--runs 5] [--profile DIR] [--no-scroll]

The profile is generated once (it takes minutes) and cached under the temp folder. Start-up is timed
from the spawn of the process (interpreter start included) and, as a cross-check on a loaded machine,
as the CPU seconds the process used until then.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # before Qt or VillageDesk are imported: start-up includes the imports

import argparse  # noqa: E402
import compileall  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

SEARCHES = ["王伟", "李娜", "张", "刘洋", "陈静", "zw", "ln", "1234", "0017", "558X", "杨"]


def profile_for(cases: int) -> Path:
    root = Path(tempfile.gettempdir()) / "villagedesk-gui-bench" / f"agent-{cases}"
    if not (root / "villagedesk.db").exists():
        from villagedesk.services import demo
        from villagedesk.services.desk import Desk

        building = root.with_name(root.name + "-building")
        print(f"generating a {cases}-case profile once into {root} (minutes) …", file=sys.stderr)
        with Desk.open(building) as desk:
            print(demo.generate(desk, cases=cases), file=sys.stderr)
        building.rename(root)
    return root


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(root: Path, scroll: bool, searches: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The order of villagedesk.app.run_gui: services (SQLAlchemy) first, then Qt and the window.
    from villagedesk.services import preferences
    from villagedesk.services.desk import Desk

    from PySide6.QtCore import QEventLoop  # isort: skip
    from PySide6.QtWidgets import QApplication  # isort: skip

    from villagedesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    desk = Desk.open(root)
    win = MainWindow(desk, None, preferences.load(desk))
    win.go(win.cases)
    win.show()
    page = win.cases

    def wait(predicate, limit: float = 120.0) -> None:
        end = time.perf_counter() + limit
        while not predicate():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if time.perf_counter() > end:
                raise TimeoutError("GUI did not settle")

    wait(lambda: page.model.rowCount() > 0 and page.model.index(0, 1).data() not in (None, "…"))
    out = {"startup_s": time.perf_counter() - T0, "usable_at": time.time(), "cpu_s": time.process_time()}
    wait(lambda: page._complete)
    out.update(full_list_s=time.perf_counter() - T0, rows=page.model.rowCount(), rss_start_mb=rss_mb())
    if scroll:
        model, table = page.model, page.table
        started = time.perf_counter()
        for row in range(0, model.rowCount(), model.CHUNK):
            table.scrollTo(model.index(row, 0))
            model.row_at(row)
            wait(win.runner.idle)
        wait(win.runner.idle)
        out["scroll_s"] = time.perf_counter() - started
        out["rss_after_scroll_mb"] = rss_mb()
    if searches:
        latencies = []
        for text in SEARCHES:
            page.search.setText(text)
            page._debounce.stop()  # measure the work, not the debounce pause
            started = time.perf_counter()
            page.reload()
            wait(lambda: win.runner.idle() and (page.model.rowCount() == 0 or page.model.row_at(0) is not None))
            latencies.append((time.perf_counter() - started) * 1000)
        out["search_ms"] = latencies
    win.close()
    desk.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--scroll", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", type=Path, help="an existing profile to open instead of the cached one")
    parser.add_argument("--no-scroll", action="store_true", help="skip the (minutes-long) full scroll")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child), args.scroll, args.scroll or args.search)))
        return 0
    root = args.profile or profile_for(args.cases)
    # An installed app (pip, PyInstaller) starts from bytecode; with PYTHONDONTWRITEBYTECODE set a checkout
    # would recompile every module in every timed process, so compile the package once first.
    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "villagedesk"), quiet=1)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    results = []
    for n in range(args.runs):
        cmd = [sys.executable, "-m", "benchmarks.gui_startup", "--child", str(root)]
        if n == 0:
            cmd.append("--search" if args.no_scroll else "--scroll")
        spawned = time.time()
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        results[-1]["spawn_s"] = results[-1]["usable_at"] - spawned
    startup = statistics.median(r["startup_s"] for r in results)
    spawn = statistics.median(r["spawn_s"] for r in results)
    cpu = statistics.median(r["cpu_s"] for r in results)
    scrolled = results[0]
    search = statistics.median(scrolled["search_ms"])
    print(f"GUI benchmark, {scrolled['rows']} cases, {args.runs} fresh processes (medians)")
    print(
        f"  start-up to usable window      {startup:6.2f} s    (target < 1.5 s; runs: "
        + ", ".join(f"{r['startup_s']:.2f}" for r in results)
        + ")"
    )
    print(
        f"  process spawn to usable window {spawn:6.2f} s    (runs: "
        + ", ".join(f"{r['spawn_s']:.2f}" for r in results)
        + ")"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  CPU time until usable          {cpu:6.2f} s    (load average then: {load:.2f})")
    full = statistics.median(r["full_list_s"] for r in results)
    print(f"  all {scrolled['rows']} ids loaded (count shown)  {full:6.2f} s")
    print(f"  RSS after start-up             {statistics.median(r['rss_start_mb'] for r in results):6.0f} MB")
    if "rss_after_scroll_mb" in scrolled:
        print(
            f"  RSS after scrolling all rows   {scrolled['rss_after_scroll_mb']:6.0f} MB  (target < 300 MB; "
            f"scroll took {scrolled['scroll_s']:.1f} s)"
        )
    print(
        f"  search-as-you-type latency     {search:6.0f} ms   (median of {len(SEARCHES)} queries, "
        f"max {max(scrolled['search_ms']):.0f} ms, debounce {250} ms not included)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
