"""The case list's windows on a corpus profile: what opening, scrolling and sorting the 办件 list cost.

    python -m benchmarks.caselist [--cases 200000] [--runs 7]

Each figure is the service call the list makes (``queries.head_and_count`` to open, ``list_cases`` for
a window as it scrolls, in the default or another order), beside its floor: the same window's columns
read by a raw ``sqlite3`` query on the same file, the SQL the service cannot avoid, without the ORM and
the per-row due-date lights. Medians of ``--runs`` calls after one warm-up.
"""

from __future__ import annotations

import argparse
import sqlite3

from benchmarks import corpus_profile
from benchmarks.common import timed
from benchmarks.figures import Figure, load_average

QUICK_CASES = 300
CHUNK = 200  # the GUI's window (ui.widgets.models.LazyCaseModel.CHUNK)
COLUMNS = (  # what a list row shows and its lights are computed from
    "id, case_no, title, category, applicant_name, id_masked, village_code, status, registered_on, due_on, "
    "open, paused, conflict, final_level, submitted_on"
)


def figures(quick: bool, cases: int | None = None, runs: int | None = None) -> list[Figure]:
    """Open, deep-window and sorted-window costs of the case list, each over its raw-SQL floor."""
    from villagedesk.services import queries
    from villagedesk.services.desk import Desk

    cases = cases or (QUICK_CASES if quick else 200_000)
    runs = runs or (3 if quick else 7)
    root = corpus_profile.cached(cases)
    deep = max(0, cases - CHUNK)
    raw = sqlite3.connect(root / "villagedesk.db")
    name_order = queries.CaseOrder("applicant_name", False)
    plain = queries.CaseFilter()

    def floor(order_by: str, offset: int) -> float:
        sql = f"SELECT {COLUMNS} FROM cases ORDER BY {order_by} LIMIT {CHUNK} OFFSET {offset}"
        return timed(lambda: raw.execute(sql).fetchall(), runs)[0] * 1000

    with Desk.open(root) as desk:
        measured = [
            (
                "case list opens: count + first window",
                timed(lambda: queries.head_and_count(desk, plain, CHUNK), runs)[0] * 1000,
                timed(lambda: raw.execute("SELECT count(*) FROM cases").fetchall(), runs)[0] * 1000
                + floor("registered_on DESC, case_no DESC", 0),
            ),
            (
                "window at the end of the list",
                timed(lambda: queries.list_cases(desk, plain, CHUNK, deep), runs)[0] * 1000,
                floor("registered_on DESC, case_no DESC", deep),
            ),
            (
                "window sorted by applicant (header click)",
                timed(lambda: queries.list_cases(desk, plain, CHUNK, 0, name_order), runs)[0] * 1000,
                floor("applicant_name, case_no", 0),
            ),
        ]
    raw.close()
    load = load_average()
    note = f"{cases:,} corpus cases, {CHUNK}-row windows, {runs} runs; floor: the same window's columns by raw sqlite3"
    return [Figure.over(name, "< 50 ms", ms, "ms", fl, load=load, note=note) for name, ms, fl in measured]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    for f in figures(False, args.cases, args.runs):
        print(f"{f.name:<44} {f.median:7.1f} ms   floor {f.floor:6.1f} ms   {f.ratio:5.2f}×   load {f.load:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
