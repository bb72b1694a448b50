"""The realistic corpus every benchmark runs on: distinct villagers, real item mixes, lifecycle event streams.

Cloning one registration makes sync look cheaper than it is (the same payload compresses to nothing), so
every figure comes from this corpus instead. It reuses the demo generator (``services/demo.py``) — villagers
with valid ID numbers and real-looking names (two-character, compound, ·-names, rare characters such as 𠮷),
the catalog's 26 village-proxy items with the states a year of work leaves — and adds what a desk writes
between the milestones: notes, custody changes of originals and attachments of realistic sizes. Every
author's HLC is re-stamped after the additions, so each stream is causally ordered as a device would write it.

``build(cases)`` is deterministic for a seed (``python -m benchmarks.corpus`` prints what it holds);
``Corpus.events`` is what a town's pull serves, ``Corpus.for_device`` what one village device pushes (its
id, user and case-number tag), ready for its outbox.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import random
import shutil
import statistics
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from villagedesk.domain.case_numbers import CROCKFORD, format_case_no
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import after
from villagedesk.domain.jsonfast import dumps_bytes
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import catalog, demo
from villagedesk.services.desk import Desk

TODAY = date(2026, 11, 25)
RARE_NAMES = ("王𠮷", "李·娜", "欧阳𠮷祥")  # always present, so search/print/export paths meet them
NOTES = (
    "已电话告知办事人补充材料",
    "申请人委托其子代为领取结果",
    "镇中心来电询问进度, 已答复",
    "申请人行动不便, 约定上门送达",
    "原件已当面核对并退还",
    "申请人要求加急, 已向镇中心说明",
)
SCAN_MATERIALS = ("居民身份证", "户口簿", "申请表", "证明材料", "现场照片")


@dataclass(frozen=True)
class Scan:
    """One attachment of the corpus: its event, size and the seed its bytes are made from."""

    event_id: str
    size: int
    seed: int

    def content(self) -> bytes:
        """The scan's bytes (random, like a JPEG: incompressible); its SHA-256 is in the event."""
        return random.Random(self.seed).randbytes(self.size)


@dataclass(frozen=True)
class Corpus:
    today: date
    villages: tuple[str, ...]
    cases: int
    events: tuple[Event, ...]  # each case's stream in causal order, cases in registration order
    scans: tuple[Scan, ...]

    def of_village(self, village: str) -> list[Event]:
        return [e for e in self.events if e.partition == village]

    def for_device(self, village: str, device_id: str, user: str, tag: str) -> list[Event]:
        """``village``'s agent events as a benchmark device writes them: its id, user and number tag.

        Each case stops before the town's first event: a village device never authors the town's work,
        and what it writes after (delivery, evaluation) builds on events that come back by pull, which a
        push-only benchmark's server would not have."""
        out: list[Event] = []
        town_acted: set[str] = set()
        for e in self.events:
            if e.partition != village or e.case_id in town_acted:
                continue
            if e.role is not Role.AGENT:
                town_acted.add(e.case_id)
                continue
            payload = e.payload
            if e.type is EventType.CASE_REGISTERED:
                head, serial = payload["case_no"].rsplit("-", 1)
                payload = {**payload, "case_no": f"{head}-{tag}{serial[2:]}"}
            out.append(dataclasses.replace(e, device=device_id, author=user, payload=payload))
        return out

    def summary(self) -> dict:
        """What the corpus holds, for a benchmark's report: size, mix and payload sizes."""
        mix = Counter(e.type.value for e in self.events)
        sizes = [len(dumps_bytes(e.payload)) for e in self.events]
        people = {e.payload["applicant"]["id_number"] for e in self.events if e.type is EventType.CASE_REGISTERED}
        return {
            "cases": self.cases,
            "events": len(self.events),
            "villages": len(self.villages),
            "villagers": len(people),
            "events_per_case": round(len(self.events) / max(1, self.cases), 2),
            "payload_bytes_median": statistics.median(sizes) if sizes else 0,
            "scans": len(self.scans),
            "scan_bytes_median": statistics.median(s.size for s in self.scans) if self.scans else 0,
            "mix": dict(mix.most_common()),
        }


def build(
    cases: int = 3000, towns: int = 3, villages_per_town: int = 6, seed: int = 2026, today: date = TODAY
) -> Corpus:
    """``cases`` cases over ``towns`` × ``villages_per_town`` villages, as a year of work leaves them."""
    return _build(cases, towns, villages_per_town, seed, today)


@functools.lru_cache(maxsize=4)
def _build(cases: int, towns: int, villages_per_town: int, seed: int, today: date) -> Corpus:
    rng = random.Random(seed)
    plans, typical, bundles, villages = _reference(today, towns, villages_per_town, seed)
    clerks = {v[:9]: demo.Author(Role.CLERK, f"{v[:9]}-town-clerk-device-0000000", "镇中心 赵敏") for v in villages}
    agents = {v: demo.Author(Role.AGENT, f"{v}-agent-device-000000000", "代办员") for v in villages}
    tags = {v: rng.choice(CROCKFORD[10:]) + rng.choice(CROCKFORD) for v in villages}
    people: dict[str, list[dict]] = {v: [] for v in villages}
    seqs: Counter = Counter()
    events: list[Event] = []
    scans: list[Scan] = []
    for n in range(cases):
        village = villages[rng.randrange(len(villages))]
        code = rng.choice(typical) if rng.random() < 0.95 or not bundles else rng.choice(bundles)
        plan = plans[code]
        ending = demo.pick(rng, demo.VILLAGE_ENDINGS if plan.village_direct else demo.TOWN_ENDINGS)
        recent = ending not in demo.FINISHED and rng.random() < 0.9
        registered = today - timedelta(days=rng.randrange(30) if recent else int(rng.triangular(0, 365, 0)))
        seqs[village, registered] += 1
        case_no = format_case_no(village, registered, tags[village], seqs[village, registered])
        person = demo.person(rng, people[village], village, today)
        if n < len(RARE_NAMES):
            person = {**person, "name": RARE_NAMES[n]}
        stream = demo.case_events(
            rng, plan, ending, person, village, case_no, registered, today, agents[village], clerks[village[:9]]
        )
        stream, new_scans = _desk_work(rng, stream, agents[village])
        events += _restamp(stream, {Role.AGENT: agents[village], Role.CLERK: clerks[village[:9]]}, rng)
        scans += new_scans
    return Corpus(today, tuple(villages), cases, tuple(events), tuple(scans))


def _reference(today: date, towns: int, per_town: int, seed: int):
    """The catalog's plans and plausible villages, read from a throwaway profile seeded like a real one."""
    folder = Path(tempfile.mkdtemp(prefix="vd-corpus-"))
    try:
        with Desk.open(folder / "p", today=today) as desk:
            catalog.seed_reference_data(desk)
            villages = [v.code for v in demo.ensure_villages(desk, random.Random(seed), towns, per_town)]
            plans, typical, bundles = demo.catalog_plans(desk, today)
        return plans, typical, bundles, villages
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _desk_work(rng: random.Random, stream: list[Event], agent: demo.Author) -> tuple[list[Event], list[Scan]]:
    """Insert the notes, custody changes and scans a desk writes between a case's milestones."""
    out: list[Event] = []
    scans: list[Scan] = []
    registration = stream[0]
    originals = [x["name"] for x in registration.payload.get("materials", []) if x.get("custody") == "village"]

    def extra(after: Event, kind: EventType, payload: dict) -> Event:
        e = Event(
            id=demo.uuid_from(rng),
            case_id=after.case_id,
            type=kind,
            payload={"at": after.payload["at"], **payload},
            author=agent.user,
            device=agent.device,
            role=Role.AGENT,
            partition=after.partition,
            hlc=after.hlc,
            prev=(),
        )
        out.append(e)
        return e

    for e in stream:
        out.append(e)
        if e.type is EventType.CASE_REGISTERED:
            for _ in range(rng.choices((0, 1, 2, 3), (40, 30, 20, 10))[0]):
                size = int(min(3_000_000, max(40_000, rng.lognormvariate(12.4, 0.6))))  # median ~240 kB
                scan = Scan("", size, rng.getrandbits(63))
                digest = hashlib.sha256(scan.content()).hexdigest()
                material = rng.choice(SCAN_MATERIALS)
                added = extra(
                    e,
                    EventType.ATTACHMENT_ADDED,
                    {
                        "sha256": digest,
                        "size": size,
                        "mime": "image/jpeg",
                        "material": material,
                        "filename": f"{material}.jpg",
                    },
                )
                scans.append(dataclasses.replace(scan, event_id=added.id))
        if rng.random() < 0.25 and e.role is Role.AGENT:
            extra(e, EventType.NOTE_ADDED, {"text": rng.choice(NOTES)})
        if e.type is EventType.SUBMITTED and originals and rng.random() < 0.6:
            extra(e, EventType.CUSTODY_CHANGED, {"material": rng.choice(originals), "holder": "town"})
        if e.type is EventType.DELIVERED and originals and rng.random() < 0.6:
            extra(e, EventType.CUSTODY_CHANGED, {"material": rng.choice(originals), "holder": "applicant"})
    return out, scans


def _restamp(stream: list[Event], authors: dict[Role, demo.Author], rng: random.Random) -> list[Event]:
    """Each event's HLC from its author's clock in stream order, after the event before it (as a desk
    stamps after its case's events, ``hlc.after``: the judge refuses an event stamped before what it names),
    and ``prev`` the event before it."""
    out: list[Event] = []
    for e in stream:
        day = date.fromisoformat(e.payload["at"])
        hlc = after(authors[e.role].stamp(day, rng), out[-1].hlc if out else None)
        out.append(dataclasses.replace(e, hlc=hlc, prev=(out[-1].id,) if out else ()))
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.cases).summary(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
