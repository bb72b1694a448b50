"""How fast the city clerk's inbox and overview are on a city-sized profile.

``python -m benchmarks.city [--cases N] [--runs R]``: a throw-away city profile whose cases table holds N
projected cases over 16 towns × 38 villages (济源's size: 600 villages), written straight into the table
the queries read (the events behind them play no part in these queries, and projecting 300,000 demo
histories would take far longer than the measurement). 5 % of the cases are city-level items waiting at
the city. Prints the median, min and max milliseconds of the inbox (all towns, one town), the per-town
overview, and the floor: the bare SQL of the ids at the city (no order, no rows built), with the ratio.
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
