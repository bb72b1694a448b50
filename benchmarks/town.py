"""How fast the town clerk's inbox and overview are on a town-sized profile.

``python -m benchmarks.town [--cases N] [--runs R]``: a throw-away clerk profile with N demo cases over the
town's villages; prints the median, min and max seconds of the default inbox, a filtered inbox and the
per-village overview.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date
from pathlib import Path

from benchmarks.common import table, timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)

    from villagedesk.services import demo, town
    from villagedesk.services.desk import Desk

    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "p", today=date(2026, 11, 25)) as desk:
        demo.generate(desk, cases=args.cases, seed=5, role="clerk")
        village = town.villages(desk)[0][0]
        work = {
            "inbox (待镇中心办理)": lambda: town.inbox(desk),
            "inbox, one village": lambda: town.inbox(desk, town.InboxFilter(village=village)),
            "inbox, state=accepted": lambda: town.inbox(desk, town.InboxFilter(state="accepted")),
            "overview": lambda: town.overview(desk),
        }
        rows = []
        for name, fn in work.items():
            median, samples, result = timed(fn, args.runs)
            rows.append(
                [name, len(result), f"{median * 1000:.1f}", f"{min(samples) * 1000:.1f}", f"{max(samples) * 1000:.1f}"]
            )
    print(f"{args.cases} cases, {args.runs} runs")
    print(table(["query", "rows", "median ms", "min ms", "max ms"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
