"""Statistics pages on a demo town: time until the town-year comparison and the star-rating year are
shown, and the longest the GUI thread went without handling events meanwhile (the work is off-thread).

    python -m benchmarks.stats_pages [--cases 5000] [--runs 5]

Prints medians of ``--runs`` loads (seconds) on a fresh clerk demo profile in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import save, table

TODAY = date(2026, 11, 25)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from villagedesk.services import demo, preferences
    from villagedesk.services.desk import Desk
    from villagedesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        desk = Desk.open(Path(tmp), today=TODAY)
        demo.generate(desk, cases=args.cases, seed=3, role="clerk")
        win = MainWindow(desk, None, preferences.load(desk))
        win.show()
        ticks = QElapsedTimer()
        gaps: list[float] = []
        beat = QTimer()
        beat.setInterval(5)

        def tick() -> None:
            gaps.append(ticks.restart() / 1000)

        beat.timeout.connect(tick)
        beat.start()

        def load(start) -> tuple[float, float]:
            while not win.runner.idle():
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            gaps.clear()
            ticks.start()
            t = time.perf_counter()
            start()
            app.processEvents()
            while not win.runner.idle():
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            return time.perf_counter() - t, max(gaps, default=0.0)

        win.go(win.stats)
        win.stats.picker.set(TODAY.year, 0)  # the whole year from now on
        load(lambda: None)
        win.go(win.rating)
        load(lambda: None)

        results = {}
        for name, fn in (("town_year_stats", win.stats.refresh), ("rating_year", win.rating.refresh)):
            samples = [load(fn) for _ in range(args.runs)]
            results[name] = {
                "median_s": statistics.median(s for s, _ in samples),
                "median_max_gui_gap_s": statistics.median(g for _, g in samples),
            }
        beat.stop()
        win.close()
        desk.close()
    rows = [[k, f"{v['median_s']:.2f}", f"{v['median_max_gui_gap_s']:.3f}"] for k, v in results.items()]
    print(table(["page", "median s", "longest GUI stall s"], rows))
    print(save("stats_pages", {"cases": args.cases, "runs": args.runs, "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
