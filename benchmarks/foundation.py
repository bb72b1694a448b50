"""Foundation at scale: bulk generation, list filters, searches, ``check`` and DB size at 200k cases.

    python -m benchmarks.foundation [--cases 200000] [--seed 2016] [--runs 7]

The profile is generated once per (cases, seed, schema) and cached under the temp directory, so reruns
only measure queries. Filters and searches are timed as the case list does them: the first page
(``list_cases``, 50 rows) plus the total (``count_cases``); medians of ``--runs`` runs after a warm-up.
Target (docs/architecture.md, "Targets"): filters and searches < 50 ms at 200,000 cases.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import save, table, timed
from villagedesk.db.engine import head_revision
from villagedesk.services import catalog, demo, maintenance, queries
from villagedesk.services.desk import Desk

TODAY = date(2026, 11, 25)  # fixed, so overdue/date-range results do not drift with the wall clock
TARGET_MS = 50.0
CACHE = Path(tempfile.gettempdir()) / "villagedesk-bench"


def profile_for(cases: int, seed: int, rebuild: bool = False) -> tuple[Path, dict]:
    """The cached profile for this size and seed (built now if missing); with its build figures."""
    root = CACHE / f"foundation-{cases}-{seed}-clerk"
    meta_file = root / "bench-meta.json"
    if meta_file.exists() and not rebuild:
        return root, json.loads(meta_file.read_text(encoding="utf-8"))
    building = root.with_name(root.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    print(f"building a {cases:,}-case profile (seed {seed}); cached in {root} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    with Desk.open(building, today=TODAY) as desk:
        # A town clerk's profile: cases of all six villages of the town, so village filters mean something.
        summary = demo.generate(desk, cases=cases, seed=seed, role="clerk", batch=5000)
    seconds = time.perf_counter() - start
    meta = {"cases": summary.cases, "events": summary.events, "build_seconds": seconds, "built_on": str(TODAY)}
    (building / "bench-meta.json").write_text(json.dumps(meta), encoding="utf-8")
    building.rename(root)
    return root, meta


def generation_rate(cases: int, seed: int, runs: int) -> dict:
    """Median cases/s and events/s of ``runs`` fresh generations of ``cases`` cases each."""
    base = Path(tempfile.mkdtemp(prefix="vd-gen-"))
    try:
        with Desk.open(base / "template", today=TODAY) as desk:
            catalog.seed_reference_data(desk)
        rates, event_rates = [], []
        for n in range(runs):
            target = base / f"run{n}"
            shutil.copytree(base / "template", target)
            with Desk.open(target, today=TODAY) as desk:
                start = time.perf_counter()
                summary = demo.generate(desk, cases=cases, seed=seed + n, role="clerk", batch=5000)
                seconds = time.perf_counter() - start
            rates.append(summary.cases / seconds)
            event_rates.append(summary.events / seconds)
            shutil.rmtree(target)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return {"cases_per_s": statistics.median(rates), "events_per_s": statistics.median(event_rates), "runs": runs}


def _samples(db: Path) -> dict[str, str]:
    """Real search inputs from the profile: a common 2-character name, its initials, a case number, an
    ID tail."""
    con = sqlite3.connect(db)
    try:
        name = con.execute(
            "SELECT applicant_name FROM cases WHERE length(applicant_name) = 2 "
            "GROUP BY applicant_name ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        case_no = con.execute("SELECT case_no FROM cases ORDER BY case_no LIMIT 1 OFFSET 1000").fetchone()[0]
        id_number = con.execute("SELECT id_number FROM applicants ORDER BY id LIMIT 1 OFFSET 500").fetchone()[0]
        village = con.execute(
            "SELECT village_code FROM cases GROUP BY village_code ORDER BY count(*) LIMIT 1"
        ).fetchone()[0]
        category = con.execute("SELECT category FROM cases GROUP BY category ORDER BY count(*) DESC").fetchone()[0]
    finally:
        con.close()
    from villagedesk.domain.search_terms import pinyin_initials

    return {
        "name": name,
        "initials": pinyin_initials(name),
        "case_no": case_no,
        "id_tail": id_number[-6:],
        "village": village,
        "category": category,
    }


def query_cases(sample: dict[str, str]) -> list[tuple[str, str, queries.CaseFilter]]:
    """(group, label, filter) for every list query measured."""
    F = queries.CaseFilter
    return [
        ("filter", "all cases (no filter)", F()),
        ("filter", "status = submitted", F(statuses=["submitted"])),
        ("filter", "status = accepted|in_procedure", F(statuses=["accepted", "in_procedure"])),
        ("filter", f"village = {sample['village']}", F(village=sample["village"])),
        ("filter", "town (all villages)", F(village=sample["village"][:9] + "000")),
        ("filter", "overdue", F(overdue=True)),
        ("filter", f"category = {sample['category']}", F(category=sample["category"])),
        ("filter", "registered last 30 days", F(registered_from=TODAY - timedelta(days=30), registered_to=TODAY)),
        ("filter", "overdue + village", F(overdue=True, village=sample["village"])),
        ("filter", "status + date range", F(statuses=["closed"], registered_from=TODAY - timedelta(days=90))),
        ("search", f"2-char name {sample['name']}", F(search=sample["name"])),
        ("search", f"pinyin initials {sample['initials']}", F(search=sample["initials"])),
        ("search", f"case number {sample['case_no']}", F(search=sample["case_no"])),
        ("search", f"ID tail {sample['id_tail']}", F(search=sample["id_tail"])),
        ("search", "3-char name (bigrams)", F(search=sample["name"] + "华")),
        ("search", "name + status", F(search=sample["name"], statuses=["closed"])),
    ]


def measure_queries(desk: Desk, sample: dict[str, str], runs: int) -> list[dict]:
    out = []
    for group, label, filt in query_cases(sample):
        page_s, _, rows = timed(lambda f=filt: queries.list_cases(desk, f, limit=50), runs)
        count_s, _, total = timed(lambda f=filt: queries.count_cases(desk, f), runs)
        both_s, _, _ = timed(lambda f=filt: (queries.list_cases(desk, f, limit=50), queries.count_cases(desk, f)), runs)
        out.append(
            {
                "group": group,
                "query": label,
                "page_ms": page_s * 1000,
                "count_ms": count_s * 1000,
                "total_ms": both_s * 1000,
                "rows": len(rows),
                "matches": total,
                "ok": both_s * 1000 < TARGET_MS,
            }
        )
        print(f"  {label}: {both_s * 1000:.1f} ms", file=sys.stderr, flush=True)
    return out


def db_size(db: Path, events: int) -> dict:
    files = [db, db.with_name(db.name + "-wal")]
    size = sum(f.stat().st_size for f in files if f.exists())
    return {"bytes": size, "mb": size / 1e6, "bytes_per_event": size / max(events, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.foundation", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--runs", type=int, default=7, help="timed runs per query (median reported)")
    parser.add_argument("--gen-cases", type=int, default=5000, help="cases per generation-rate run")
    parser.add_argument("--gen-runs", type=int, default=3)
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached profile")
    parser.add_argument("--skip", action="append", default=[], choices=["gen", "check"], help="skip a part")
    parser.add_argument("--label", default="", help="a tag stored with the results (e.g. before/after)")
    parser.add_argument("--compare", type=Path, help="an earlier results JSON: print before/after ratios")
    args = parser.parse_args(argv)

    root, meta = profile_for(args.cases, args.seed, args.rebuild)
    results: dict = {"scale": meta, "label": args.label, "head": head_revision(), "target_ms": TARGET_MS}
    if "gen" not in args.skip:
        print(f"generation rate: {args.gen_runs} x {args.gen_cases} cases ...", file=sys.stderr, flush=True)
        results["generation"] = generation_rate(args.gen_cases, args.seed, args.gen_runs)
    with Desk.open(root, today=TODAY) as desk:
        sample = _samples(desk.paths.db)
        print("queries ...", file=sys.stderr, flush=True)
        results["queries"] = measure_queries(desk, sample, args.runs)
        if "check" not in args.skip:
            print("check ...", file=sys.stderr, flush=True)
            check_s, samples, report = timed(lambda: maintenance.check(desk), args.check_runs, warmup=0)
            results["check"] = {"median_s": check_s, "samples_s": samples, "ok": report.ok}
        results["db"] = db_size(desk.paths.db, meta["events"])
    print(report_text(results))
    if args.compare:
        print()
        print(compare_text(json.loads(args.compare.read_text(encoding="utf-8")), results))
    path = save("foundation", results)
    print(f"\nresults: {path}")
    return 0


def compare_text(before: dict, after: dict) -> str:
    """Page+count medians of an earlier run beside this one, query by query."""
    old = {q["query"]: q for q in before.get("queries", [])}
    rows = []
    for q in after["queries"]:
        if q["query"] in old:
            b = old[q["query"]]["total_ms"]
            rows.append([q["query"], f"{b:.1f}", f"{q['total_ms']:.1f}", f"{b / q['total_ms']:.1f}x"])
    head = f"before = {before.get('label') or before['at']} (schema {before.get('head')}), after = this run"
    return head + "\n" + table(["query", "before ms", "after ms", "speed-up"], rows)


def report_text(r: dict) -> str:
    scale = r["scale"]
    lines = [
        f"VillageDesk foundation benchmark: {scale['cases']:,} cases / {scale['events']:,} events "
        f"(schema {r['head']}{', ' + r['label'] if r['label'] else ''})",
        f"profile build: {scale['build_seconds']:.0f} s = {scale['cases'] / scale['build_seconds']:.0f} cases/s, "
        f"{scale['events'] / scale['build_seconds']:.0f} events/s (one run)",
    ]
    if "generation" in r:
        g = r["generation"]
        lines.append(
            f"bulk generation (median of {g['runs']}): {g['cases_per_s']:.0f} cases/s, {g['events_per_s']:.0f} events/s"
        )
    lines.append("")
    rows = [
        [
            q["group"],
            q["query"],
            f"{q['page_ms']:.1f}",
            f"{q['count_ms']:.1f}",
            f"{q['total_ms']:.1f}",
            f"{q['matches']:,}",
            "ok" if q["ok"] else f"MISS (> {r['target_ms']:.0f} ms)",
        ]
        for q in r["queries"]
    ]
    lines.append(table(["kind", "query", "page ms", "count ms", "page+count ms", "matches", "target"], rows))
    lines.append("")
    if "check" in r:
        c = r["check"]
        lines.append(
            f"check (median of {len(c['samples_s'])}): {c['median_s']:.1f} s, {'ok' if c['ok'] else 'PROBLEMS'}"
        )
    d = r["db"]
    lines.append(f"DB size: {d['mb']:.0f} MB, {d['bytes_per_event']:.0f} bytes per event")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
