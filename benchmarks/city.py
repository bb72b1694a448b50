"""How fast the city clerk's inbox and overview are on a city-sized profile.

``python -m benchmarks.city [--cases N] [--runs R]``: a throw-away city profile whose cases table holds N
projected cases over 16 towns × 38 villages (济源's size: 600 villages), written straight into the table
the queries read (the events behind them play no part in these queries, and projecting 300,000 demo
histories would take far longer than the measurement). 5 % of the cases are city-level items waiting at
the city. Prints the median, min and max milliseconds of the inbox (all towns, one town), the per-town
overview, and the floor: the bare SQL of the ids at the city (no order, no rows built), with the ratio.

``figures(quick)`` (``python -m benchmarks --only city``) measures the city's 统计 page per town
(``metrics.city``) on another profile, where the events are there too (``city_profile``: the corpus's
lifecycles cloned into 300,000 cases with fresh ids, built once and kept under the temp folder): a month
and a year, the first open (nothing remembered, nothing stored), a second open (in memory), an open after
a sync that touched 2 % of the cases, and an open after a restart (the stored facts only), over the floor
of the bare counts by town and state in SQL.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

from benchmarks.common import table, timed

CITY = "419001000000"
TODAY = date(2026, 11, 25)


def _rows(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    towns = [f"419001{100 + t:03d}" for t in range(16)]
    villages = [f"{t}{200 + v:03d}" for t in towns for v in range(38)]
    states = ["closed"] * 60 + ["accepted"] * 10 + ["submitted"] * 10 + ["registered"] * 10 + ["delivered"] * 5
    out = []
    for i in range(n):
        at_city = rng.random() < 0.05
        village = rng.choice(villages)
        reg = TODAY - timedelta(days=rng.randrange(1, 720))
        status = rng.choice(("forwarded", "city_accepted")) if at_city else rng.choice(states)
        due = reg + timedelta(days=rng.randrange(10, 60))
        out.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                "case_no": f"{village[6:]}-{reg:%y%m%d}-{i:07d}",
                "item_code": "JY010" if at_city else "JY012",
                "item_version": 1,
                "bundle_code": None,
                "title": "最低生活保障申请" if at_city else "临时救助",
                "category": "民政救助",
                "final_level": "city" if at_city else "town",
                "applicant_id": str(uuid.uuid4()),
                "applicant_name": "王五",
                "id_masked": "419001********0037",
                "village_code": village,
                "agent": "李娜",
                "status": status,
                "level": "city" if at_city else "town",
                "registered_on": reg,
                "submitted_on": reg,
                "accepted_on": reg + timedelta(days=1),
                "decided_on": None,
                "delivered_on": None,
                "closed_on": None,
                "promised_days": 25,
                "limit_unit": "working_days",
                "due_on": due,
                "open": status != "closed",
                "paused": False,
                "conflict": False,
                "return_rounds": 0,
                "outcome": None,
                "view": {"forwarded_on": (reg + timedelta(days=2)).isoformat()} if at_city else {},
                "last_hlc": "",
                "event_count": 4,
            }
        )
    return out


# --- the city's 统计 page on a city-sized profile with events ---------------------------------------

TEMPLATES = 5_000  # distinct lifecycles (the corpus's), each cloned with new ids into new cases
QUICK_CASES = 2_000
CITY_SEED = 2027


def city_profile(cases: int) -> Path:
    """A city clerk's profile of ``cases`` cases over 16 towns × 38 villages with every case's events,
    built once per size and kept under the temp folder (``villagedesk-corpus-profiles/city-N``)."""
    import shutil
    import sys
    import time

    root = Path(tempfile.gettempdir()) / "villagedesk-corpus-profiles" / f"city-{cases}"
    if not (root / "villagedesk.db").exists():
        building = root.with_name(root.name + "-building")
        shutil.rmtree(building, ignore_errors=True)
        started = time.perf_counter()
        print(f"building a {cases}-case city profile once into {root} …", file=sys.stderr)
        _build_city(building, cases)
        building.rename(root)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return root


def _build_city(root: Path, cases: int) -> None:
    """The corpus's lifecycles (registrations, materials, returns, refusals, forwards, decisions,
    deliveries, evaluations, bundles: what ``demo.case_events`` writes) for ``TEMPLATES`` cases, cloned
    with fresh case and event ids, case numbers and dates into ``cases`` cases. Events and projections
    are bulk-inserted as the demo writes them (``insert_events`` less the audit chain, which no figure
    reads; ``insert_projections``), so the cases table is the projection of the events behind it."""
    import dataclasses

    from benchmarks import corpus
    from villagedesk.db import models as m
    from villagedesk.db import store as st
    from villagedesk.domain.case_numbers import CROCKFORD
    from villagedesk.domain.lifecycle import Role
    from villagedesk.domain.projection import project
    from villagedesk.services import catalog, demo
    from villagedesk.services.desk import Desk

    n_templates = min(cases, TEMPLATES)
    built = corpus.build(n_templates, towns=16, villages_per_town=38, seed=CITY_SEED)
    streams: dict[str, list] = {}
    for e in built.events:
        streams.setdefault(e.case_id, []).append(e)
    templates = list(streams.values())
    rng = random.Random(CITY_SEED)
    with Desk.open(root, today=corpus.TODAY) as desk:
        catalog.seed_reference_data(desk)
        demo.ensure_villages(desk, random.Random(CITY_SEED), 16, 38)
        desk.setup(Role.CITY, CITY, "市民之家")
        made = 0
        while made < cases:
            rnd = made // n_templates
            tag = CROCKFORD[10 + rnd % 22] + CROCKFORD[rnd // 22 % 32]
            batch, views = [], []
            chunk = templates[(made % n_templates) : (made % n_templates) + min(2_000, cases - made)]
            for stream in chunk:
                case_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                ids = {e.id: str(uuid.UUID(int=rng.getrandbits(128), version=4)) for e in stream}
                clone = []
                for e in stream:
                    payload = e.payload
                    if e.type.value == "case_registered":
                        head, serial = payload["case_no"].rsplit("-", 1)
                        payload = {**payload, "case_no": f"{head}-{tag}{serial[2:]}"}
                    clone.append(
                        dataclasses.replace(
                            e, id=ids[e.id], case_id=case_id, payload=payload, prev=tuple(ids.get(p, p) for p in e.prev)
                        )
                    )
                batch += clone
                views.append(project(case_id, clone))
            with desk.store.write() as s:
                st.bulk_insert(s, m.EventRow.__table__, [st.event_values(e) for e in batch])
                st.insert_projections(s, desk.calendar, views, corpus.TODAY)
            made += len(chunk)
        with desk.store.write() as s:
            st.refresh_statistics(s)


SYNCED_SHARE = 0.02  # of the cases, whose events a sync changed before the page is opened again


def _forget_some(desk, share: float) -> None:
    """What a sync that brought new events for ``share`` of the cases leaves: those cases' memory and
    stored facts no longer hold (their stamps changed), so the next open reads and folds them again.
    Simulated by forgetting them (the profile is kept for the next run and must not change)."""
    from villagedesk.services import metrics

    with desk.store.write() as s:
        raw = s.connection().connection
        ids = [r[0] for r in raw.execute("SELECT DISTINCT case_id FROM case_facts ORDER BY random()")]
        ids = ids[: int(len(ids) * share)]
        raw.executemany("DELETE FROM case_facts WHERE case_id = ?", [(i,) for i in ids])
    metrics.forget_cases(desk, ids)


def _town_counts_floor(raw, start: date, end: date) -> list:
    """The bare SQL under the page: cases registered in the period by town and state, by raw sqlite3."""
    sql = (
        "SELECT substr(village_code, 1, 9), status, count(*) FROM cases "
        "WHERE registered_on BETWEEN ? AND ? GROUP BY 1, 2"
    )
    return raw.execute(sql, (start.isoformat(), end.isoformat())).fetchall()


def figures(quick: bool, cases: int | None = None, runs: int | None = None) -> list:
    """The city's 统计 page per town (``metrics.city``) for a month and a year at city size: the first
    open (nothing remembered or stored), a second open, one after a sync, one after a restart, each over
    the bare counts by town in SQL."""
    import sqlite3
    import time

    from benchmarks.common import timed
    from benchmarks.figures import Figure, load_average
    from villagedesk.domain.metrics import Period
    from villagedesk.services import metrics
    from villagedesk.services.desk import Desk

    cases = cases or (QUICK_CASES if quick else 300_000)
    runs = runs or 3
    cold_runs = 2 if quick else 1  # a first open at city size folds every case's events: minutes
    root = city_profile(cases)
    raw = sqlite3.connect(root / "villagedesk.db")
    out = []
    Desk.open(root, today=TODAY).close()  # the upgrade to this version's schema, not timed
    for label, period in (("month", Period.month(2026, 10)), ("year", Period.year(2026))):
        floor = timed(lambda p=period: _town_counts_floor(raw, p.start, p.end), runs)[0]
        firsts, synced, restarts = [], [], []
        with Desk.open(root, today=TODAY) as desk:
            for _ in range(cold_runs):  # nothing remembered, nothing stored: every event read and folded
                metrics.clear_cache(desk)
                metrics.clear_stored(desk)
                started = time.perf_counter()
                result = metrics.city(desk, CITY, period)
                firsts.append(time.perf_counter() - started)
            again = timed(lambda p=period: metrics.city(desk, CITY, p), runs, warmup=0)[0]
            for _ in range(runs):  # a sync brought events for some cases: their stamps no longer match
                _forget_some(desk, SYNCED_SHARE)
                started = time.perf_counter()
                metrics.city(desk, CITY, period)
                synced.append(time.perf_counter() - started)
        for _ in range(runs):  # a restart: a new desk on the same file, nothing in memory
            with Desk.open(root, today=TODAY) as desk:
                started = time.perf_counter()
                metrics.city(desk, CITY, period)
                restarts.append(time.perf_counter() - started)
        load = load_average()
        note = (
            f"{cases:,} cases with their events, 16 towns × 38 villages, {len(result.villages)} towns shown, "
            f"first open: median of {cold_runs}, the others: of {runs}; floor: counts by town and state in the "
            "period by raw sqlite3"
        )
        for what, samples in (
            ("first open (nothing stored)", firsts),
            ("second open", [again]),
            (f"open after a sync touching {SYNCED_SHARE:.0%} of the cases", synced),
            ("open after a restart (stored facts)", restarts),
        ):
            median = sorted(samples)[len(samples) // 2]
            name = f"city 统计 per town, a {label}: {what}"
            out.append(Figure.over(name, "< 2 s", median, "s", floor, load=load, note=note))
    raw.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)

    from sqlalchemy import insert, select

    from villagedesk.db import models as m
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import catalog, city
    from villagedesk.services.desk import Desk

    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "p", today=TODAY) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.CITY, CITY, "市民之家")
        rows = _rows(args.cases, 17)
        with desk.store.write() as s:
            for start in range(0, len(rows), 20_000):
                s.execute(insert(m.Case), rows[start : start + 20_000])
        c = m.Case

        def floor() -> list:
            with desk.store.read() as s:
                where = c.status.in_(["forwarded", "city_accepted"]), c.final_level == "city"
                return list(s.scalars(select(c.id).where(*where)))

        one_town = "419001105000"
        work = {
            "floor: ids at the city (bare SQL)": floor,
            "inbox page as shown (200 rows + counts)": lambda: city.inbox_page(desk).rows,
            "inbox (待市级办理, all towns)": lambda: city.inbox(desk),
            "inbox, one town": lambda: city.inbox(desk, city.InboxFilter(town=one_town)),
            "overview per town": lambda: city.overview(desk),
        }
        results = []
        for name, fn in work.items():
            median, samples, result = timed(fn, args.runs)
            results.append((name, len(result), median, min(samples), max(samples)))
    base = results[0][2]
    out = [
        [name, n, f"{med * 1000:.1f}", f"{lo * 1000:.1f}", f"{hi * 1000:.1f}", f"{med / base:.1f}×"]
        for name, n, med, lo, hi in results
    ]
    print(f"{args.cases} cases, {args.runs} runs, load average {os.getloadavg()[0]:.2f}")
    print(table(["query", "rows", "median ms", "min ms", "max ms", "vs floor"], out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
