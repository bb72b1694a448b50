"""GUI with 200,000 cases: start-up to a usable window beside a bare Qt window, the longest GUI-thread
stall while starting, a jump to the end of the list, memory, search-as-you-type. Medians of fresh
processes.

    python -m benchmarks.gui_startup [--cases 200000] [--runs 5] [--profile DIR] [--code DIR] [--scroll]

The profile is built from the corpus once (``benchmarks/corpus_profile.py``, minutes at 200,000) and
cached under the temp folder. Each run starts three fresh processes in turn: the floor (a bare
QMainWindow with a QTableView, nothing of ours), the app on the profile, and with ``--code DIR`` the
app of another checkout (DIR holds its ``villagedesk`` package) for a before/after in the same run, on
its own copy of the profile (``--code-profile``: two versions on one file re-index each other's search
terms at every start).
Start-up is timed from the first line of the process (imports included) to the first screen of cases
on a shown window, and from the spawn of the process (interpreter start included). A 5 ms heartbeat
timer on the GUI thread records how late it fires from ``show()`` until the window has settled (every
background job done, 2 s after show): its longest gap minus 5 ms is the longest stall, before and after
the first screen (the old list froze after it, when the full id list arrived).
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
BEAT_MS = 5
SETTLE_S = 2.0
REPO = Path(__file__).resolve().parents[1]


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


class Heartbeat:
    """A precise 5 ms timer on the GUI thread; the gaps between its ticks are how long the thread stalled."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[tuple[float, float]] = []  # (time of the tick, gap before it), perf_counter seconds
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(BEAT_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now, now - self._last))
        self._last = now

    def stall_ms(self, start: float = 0.0, end: float = float("inf")) -> float:
        """Longest stall (gap beyond the interval) among ticks in [start, end), in ms."""
        late = [gap for at, gap in self.gaps if start <= at < end]
        return max(0.0, max(late, default=0.0) * 1000 - BEAT_MS)

    def stop(self) -> None:
        self._timer.stop()
        self._tick()


def _wait(app, predicate, limit: float = 120.0) -> None:
    from PySide6.QtCore import QEventLoop

    end = time.perf_counter() + limit
    # Block until an event comes (the heartbeat wakes it every 5 ms): a busy loop here would take the
    # GIL from the worker threads whose results the window is waiting for. (The overload with a time
    # limit ignores WaitForMoreEvents.)
    flags = QEventLoop.ProcessEventsFlag.AllEvents | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
    while not predicate():
        app.processEvents(flags)
        if time.perf_counter() > end:
            raise TimeoutError("GUI did not settle")


def floor_child() -> dict:
    """The floor: a bare QMainWindow with a QTableView of a small model, shown and painted."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication.instance() or QApplication([])
    win = QMainWindow()
    model = QStandardItemModel(40, 9)
    for row in range(40):
        for col in range(9):
            model.setItem(row, col, QStandardItem(f"{row}-{col}"))
    table = QTableView()
    table.setModel(model)
    win.setCentralWidget(table)
    win.resize(1200, 800)
    win.show()
    beat = Heartbeat()
    shown = time.perf_counter()
    app.processEvents()
    out = {"startup_s": time.perf_counter() - T0, "usable_at": time.time(), "cpu_s": time.process_time()}
    _wait(app, lambda: time.perf_counter() - shown > SETTLE_S)
    beat.stop()
    usable = T0 + out["startup_s"]
    out.update(
        stall_ms=beat.stall_ms(), stall_before_ms=beat.stall_ms(end=usable), stall_after_ms=beat.stall_ms(usable)
    )
    out["rss_start_mb"] = rss_mb()
    return out


def app_child(root: Path, scroll: bool, searches: bool) -> dict:
    """The app as ``villagedesk`` opens it on ``root``: services first, then Qt and the main window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from villagedesk.services import preferences
    from villagedesk.services.desk import Desk

    from PySide6.QtWidgets import QApplication  # isort: skip

    from villagedesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    desk = Desk.open(root)
    win = MainWindow(desk, None, preferences.load(desk))
    win.go(win.cases)
    win.show()
    beat = Heartbeat()
    shown = time.perf_counter()
    page = win.cases
    _wait(app, lambda: page.model.rowCount() > 0 and page.model.index(0, 1).data() not in (None, "…"))
    usable = time.perf_counter()
    out = {"startup_s": usable - T0, "usable_at": time.time(), "cpu_s": time.process_time()}
    _wait(app, lambda: page._complete)
    out["complete_s"] = time.perf_counter() - T0
    _wait(app, lambda: win.runner.idle() and time.perf_counter() - shown > SETTLE_S)
    beat.stop()
    out.update(
        stall_ms=beat.stall_ms(),
        stall_before_ms=beat.stall_ms(end=usable),
        stall_after_ms=beat.stall_ms(usable),
        rows=page.model.rowCount(),
        rss_start_mb=rss_mb(),
    )
    model, table = page.model, page.table
    started = time.perf_counter()
    table.scrollToBottom()
    last = model.rowCount() - 1
    _wait(app, lambda: model.index(last, 1).data() not in (None, "…"))
    out["jump_to_end_ms"] = (time.perf_counter() - started) * 1000
    if scroll:
        started = time.perf_counter()
        for row in range(0, model.rowCount(), model.CHUNK):
            table.scrollTo(model.index(row, 0))
            model.row_at(row)
            _wait(app, win.runner.idle)
        out["scroll_s"] = time.perf_counter() - started
        out["rss_after_scroll_mb"] = rss_mb()
    if searches:
        latencies = []
        for text in SEARCHES:
            page.search.setText(text)
            page._debounce.stop()  # measure the work, not the debounce pause
            started = time.perf_counter()
            page.reload()
            _wait(app, lambda: win.runner.idle() and (page.model.rowCount() == 0 or page.model.row_at(0) is not None))
            latencies.append((time.perf_counter() - started) * 1000)
        out["search_ms"] = latencies
    win.close()
    desk.close()
    return out


def _spawn(args: list[str], code: Path | None) -> dict:
    path = os.pathsep.join(str(p) for p in (code, REPO) if p)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}
    spawned = time.time()
    cmd = [sys.executable, "-m", "benchmarks.gui_startup", *args]
    # Not from the checkout's folder: ``-m`` puts the working folder first on sys.path, before PYTHONPATH.
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if proc.returncode:
        raise RuntimeError(f"child {args[:2]} failed: {proc.stderr.strip()[-2000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["spawn_s"] = out["usable_at"] - spawned
    return out


def measure(
    root: Path, runs: int, code: Path | None = None, scroll: bool = False, other_root: Path | None = None
) -> dict[str, list[dict]]:
    """``runs`` rounds of fresh processes, floor and app(s) in turn, so load moves them together."""
    # An installed app (pip, PyInstaller) starts from bytecode; with PYTHONDONTWRITEBYTECODE set a checkout
    # would recompile every module in every timed process, so compile the packages once first.
    for tree in (REPO / "villagedesk", code / "villagedesk" if code else None):
        if tree:
            compileall.compile_dir(str(tree), quiet=1)
    results: dict[str, list[dict]] = {"floor": [], "app": [], "other": []}
    for n in range(runs):
        results["floor"].append(_spawn(["--floor"], None))
        extra = (["--scroll"] if scroll else []) + (["--search"] if n == 0 else [])
        results["app"].append(_spawn(["--child", str(root), *extra], None))
        if code:
            results["other"].append(_spawn(["--child", str(other_root or root)], code))
    return results


def med(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def figures(quick: bool, cases: int | None = None, runs: int | None = None) -> list:
    """Start-up, stalls, the jump to the end and search latency, each beside its bare-Qt floor."""
    from benchmarks import corpus_profile
    from benchmarks.figures import Figure, load_average

    cases = cases or (2000 if quick else 200_000)
    runs = runs or (2 if quick else 5)
    root = corpus_profile.cached(cases)
    res = measure(root, runs)
    floor, app = res["floor"], res["app"]
    load = load_average()
    note = f"{cases:,} corpus cases, {runs} fresh processes each; floor: bare QMainWindow + QTableView"
    search = statistics.median(app[0]["search_ms"])
    return [
        Figure.over(
            "start-up to usable window", "< 1.0 s, ≤ 3× floor", med(app, "startup_s"), "s",
            med(floor, "startup_s"), load=load, note=note,
        ),
        Figure.over(
            "process spawn to usable window", "—", med(app, "spawn_s"), "s", med(floor, "spawn_s"),
            load=load, note="interpreter start included",
        ),
        Figure.over(
            "CPU time until usable", "—", med(app, "cpu_s"), "s", med(floor, "cpu_s"), load=load, note=note
        ),
        Figure.over(
            "longest GUI-thread stall, show → settled", "≤ 50 ms", med(app, "stall_ms"), "ms",
            med(floor, "stall_ms"), load=load, note=f"{BEAT_MS} ms heartbeat; floor: the same on the bare window",
        ),
        Figure.over(
            "GUI freeze after the first screen (full id list arrival)", "none (≤ 50 ms)",
            med(app, "stall_after_ms"), "ms", med(floor, "stall_after_ms"), load=load,
            note="ids are windowed: no list arrives",
        ),
        Figure(
            "jump to the end of the list (last case shown)", "< 50 ms", med(app, "jump_to_end_ms"), "ms",
            load=load, note="one window read at the end",
        ),
        Figure(
            "search-as-you-type latency", "< 50 ms", search, "ms", load=load,
            note=f"median of {len(SEARCHES)} queries, max {max(app[0]['search_ms']):.0f} ms, debounce not included",
        ),
        Figure.over(
            "RSS after start-up", "—", med(app, "rss_start_mb"), "MB", med(floor, "rss_start_mb"), load=load
        ),
    ]  # fmt: skip


def report(res: dict[str, list[dict]]) -> None:
    floor, app, other = res["floor"], res["app"], res["other"]
    rows = app[0]["rows"]
    print(f"GUI start-up, {rows} cases, {len(app)} rounds of fresh processes (medians; load {os.getloadavg()[0]:.2f})")

    def line(label: str, key: str, unit: str = "s", scale: float = 1.0) -> None:
        def cell(group: list[dict]) -> str:
            return f"{med(group, key) * scale:8.3f}" if group else "       —"

        ratio = med(app, key) / med(floor, key) if med(floor, key) else float("nan")
        print(f"  {label:<34} app {cell(app)} {unit}  floor {cell(floor)} {unit}  {ratio:5.2f}×  other {cell(other)}")

    line("start-up to usable window", "startup_s")
    line("process spawn to usable window", "spawn_s")
    line("CPU time until usable", "cpu_s")
    line("longest stall, show → settled", "stall_ms", "ms")
    line("longest stall before first screen", "stall_before_ms", "ms")
    line("longest stall after first screen", "stall_after_ms", "ms")
    line("RSS after start-up", "rss_start_mb", "MB")
    print(f"  list complete (old: all ids)       app {med(app, 'complete_s'):8.3f} s", end="")
    print(f"  other {med(other, 'complete_s'):8.3f} s" if other else "")
    print(f"  jump to the end of the list        app {med(app, 'jump_to_end_ms'):8.1f} ms")
    if "search_ms" in app[0]:
        s = app[0]["search_ms"]
        print(f"  search-as-you-type latency         {statistics.median(s):6.0f} ms (max {max(s):.0f} ms)")
    if "scroll_s" in app[0]:
        print(f"  scrolled every row in {app[0]['scroll_s']:.1f} s, RSS after {app[0]['rss_after_scroll_mb']:.0f} MB")
    print("  runs (start-up s): app " + ", ".join(f"{r['startup_s']:.2f}" for r in app))
    print("                     floor " + ", ".join(f"{r['startup_s']:.2f}" for r in floor))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--search", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scroll", action="store_true", help="also scroll every row once (minutes at 200k)")
    parser.add_argument("--profile", type=Path, help="an existing profile to open instead of the corpus one")
    parser.add_argument("--code", type=Path, help="also time the app of this checkout (before/after)")
    parser.add_argument(
        "--code-profile", type=Path, help="a copy of the profile for --code (versions differ: e.g. search terms)"
    )
    args = parser.parse_args()
    if args.floor:
        print(json.dumps(floor_child()))
        return 0
    if args.child:
        print(json.dumps(app_child(Path(args.child), args.scroll, args.search)))
        return 0
    from benchmarks import corpus_profile

    root = args.profile or corpus_profile.cached(args.cases)
    report(measure(root, args.runs, args.code, args.scroll, args.code_profile))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
