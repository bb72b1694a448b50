"""Bytes per event on the wire, push and pull, for each encoding option, on the realistic corpus.

Bodies are built as the client and the server build them: a village device's outbox pushed in batches
(``Corpus.for_device``), and the town's feed pulled in pages of the server's default size (2000 events,
in HLC order as a feed interleaves cases; a clerk's pull of its town and an agent's of its village, own
events left out). Each option encodes the same bodies; the figure is wire bytes / events. The floor is
what no encoding can shrink: the random bytes the events carry (16 per event id, 16 per case id, 16 per
new villager's id, 32 per attachment hash), divided by the same events. CPU per event is encode +
decode, process time, median of ``--repeat``.

    python -m benchmarks.wire [--cases 3000] [--repeat 5] [--quick]
    python -m benchmarks.wire --train resources/wire/zstd-dict-1.bin   # (re)train the shipped dictionary

The dictionary is trained on a corpus of another seed than the one measured, so the figures do not
flatter it. ``figures(quick)`` returns the headline figures for ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import zstandard

from benchmarks import corpus as cp
from benchmarks.common import table
from benchmarks.figures import Figure, load_average
from villagedesk.domain import jsonfast
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.sync import codec
from villagedesk.sync import protocol as proto

PAGE = proto.DEFAULT_PAGE_EVENTS
PUSH_BATCH = 500  # events per pushed batch (~200 KB of JSON; a 2G link's 30 s batch is about that)
SMALL = 10  # a day's sync of a quiet village: where a dictionary matters
TARGET = 60.0  # bytes per event, both directions (issue 19)
TRAIN_SEED = 7  # the dictionary's corpus; the measured one is corpus.build's default seed
DEVICE = "7d0c8c6e-3f5a-4d2b-9a1e-2b6f0e4c9a11"


# --- bodies ---------------------------------------------------------------------------------------


def _by_time(events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: e.hlc[:13])


def push_bodies(c: cp.Corpus, batch: int) -> list[dict[str, Any]]:
    """The first village's outbox as one device pushes it, in ``batch``-event requests."""
    village = c.villages[0]
    mine = c.for_device(village, DEVICE, "代办员 李娜", "Q7")
    out = []
    for i in range(0, len(mine), batch):
        groups = proto.group_events(mine[i : i + batch])
        out.append({"v": 2, "cur": {village: 10_000 + i}, "ref": 3, "push": groups})
    return out


def pull_bodies(c: cp.Corpus, page: int) -> list[dict[str, Any]]:
    """Pages of a town clerk's pull (its town's villages) and of an agent's pull (its village), the
    puller's own events left out, each event numbered as the server numbers its feed."""
    feed = _by_time(list(c.events))
    seqs = {e.id: n for n, e in enumerate(feed, 1)}
    town = c.villages[0][:9]
    scopes = [
        [e for e in feed if e.partition.startswith(town) and e.role is not Role.CLERK],
        [e for e in feed if e.partition == c.villages[1] and e.role is not Role.AGENT],
    ]
    out = []
    for events in scopes:
        for i in range(0, len(events), page):
            chunk = events[i : i + page]
            groups = proto.group_events(chunk, seqs)
            cur = {chunk[0].partition: seqs[chunk[-1].id]}
            out.append({"v": 2, "now": 1795000000000, "cur": cur, "more": True, "pull": groups, "ref": {"v": 3}})
    return out


def count(body: dict[str, Any]) -> int:
    return sum(len(g["e"]) for g in body.get("push", body.get("pull", [])))


def floor_bytes(events: list[Event]) -> int:
    """Random bytes the events carry: ids, new villagers' ids, attachment hashes (incompressible)."""
    total = 16 * len(events) + 16 * len({e.case_id for e in events})
    people = set()
    for e in events:
        if e.type is EventType.CASE_REGISTERED:
            people.add(e.payload.get("applicant", {}).get("id"))
        if e.type is EventType.ATTACHMENT_ADDED:
            total += 32
    return total + 16 * len(people - {None})


# --- options --------------------------------------------------------------------------------------


def _ids_as(doc: dict[str, Any], spell: Callable[[str], Any]) -> dict[str, Any]:
    out = dict(doc)
    for key in ("push", "pull"):
        if key in doc:
            out[key] = [
                {
                    **g,
                    "e": [
                        {
                            **e,
                            "i": spell(e["i"]),
                            "c": spell(e["c"]),
                            **({"r": [spell(x) for x in e["r"]]} if "r" in e else {}),
                        }
                        for e in g["e"]
                    ],
                }
                for g in doc[key]
            ]
    return out


def _b64(s: str) -> str:
    return base64.urlsafe_b64encode(uuid.UUID(s).bytes).rstrip(b"=").decode()


def _table_only(doc: dict[str, Any]) -> bytes:
    """Ids once per body (16 bytes each) and referenced by index; nothing else changed."""
    index: dict[str, int] = {}
    body = _ids_as(doc, lambda s: index.setdefault(s, len(index)))
    return bytes.fromhex("".join(s.replace("-", "") for s in index)) + jsonfast.dumps_bytes(body)


def _zstd(data: bytes, level: int, dict_id: int = 0) -> bytes:
    return zstandard.ZstdCompressor(level=level, dict_data=codec.dictionary(dict_id), write_dict_id=False).compress(
        data
    )


def options(push_level: int, reply_level: int) -> list[tuple[str, Callable[[dict, bool], bytes]]]:
    """(name, encode(body, is_pull)) for every option measured; the first is protocol 1 as shipped."""

    def level(pull: bool, push_l: int, reply_l: int) -> int:
        return reply_l if pull else push_l

    return [
        ("v1: gzip JSON (3 up / 4 down)", lambda b, p: proto.encode_body(b, level(p, 3, 4))),
        ("gzip 9 JSON", lambda b, p: proto.encode_body(b, 9)),
        ("zstd 3 JSON", lambda b, p: _zstd(jsonfast.dumps_bytes(b), 3)),
        ("zstd 3 JSON, base64url ids", lambda b, p: _zstd(jsonfast.dumps_bytes(_ids_as(b, _b64)), 3)),
        ("zstd 3 id table", lambda b, p: _zstd(_table_only(b), 3)),
        ("zstd 3 id table + dictionary", lambda b, p: _zstd(_table_only(b), 3, 1)),
        ("v2 fields (a, n, h, q), no dictionary", lambda b, p: codec.encode(b, 0, 3)),
        ("v2 + dictionary, zstd 3", lambda b, p: codec.encode(b, 1, 3)),
        ("v2 + dictionary, zstd 9", lambda b, p: codec.encode(b, 1, 9)),
        ("v2 + dictionary, zstd 19", lambda b, p: codec.encode(b, 1, 19)),
        (
            f"v2 as shipped (zstd {push_level} up / {reply_level} down)",
            lambda b, p: codec.encode(b, 1, level(p, push_level, reply_level)),
        ),
    ]


def _cpu(fn: Callable[[], Any], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        samples.append(time.process_time() - t0)
    return statistics.median(samples)


def measure(cases: int, repeat: int) -> dict[str, Any]:
    c = cp.build(cases)
    sets = {
        "push": push_bodies(c, PUSH_BATCH),
        "pull": pull_bodies(c, PAGE),
        "push10": push_bodies(c, SMALL)[:50],
        "pull10": pull_bodies(c, SMALL)[:50],
    }
    # pulled payloads leave the server as stored text; encode them the way the server does
    for key in ("pull", "pull10"):
        sets[key] = [jsonfast.loads(jsonfast.dumps_bytes(b)) for b in sets[key]]
    events = {k: sum(count(b) for b in v) for k, v in sets.items()}
    mine = c.for_device(c.villages[0], DEVICE, "代办员 李娜", "Q7")
    pulled = [e for b in sets["pull"] for g in b["pull"] for e in g["e"]]
    by_id = {e.id: e for e in c.events}
    floors = {
        "push": floor_bytes(mine) / max(1, len(mine)),
        "pull": floor_bytes([by_id[e["i"]] for e in pulled]) / max(1, len(pulled)),
    }
    rows = []
    for name, enc in options(codec.PUSH_ZSTD_LEVEL, codec.REPLY_ZSTD_LEVEL):
        row: dict[str, Any] = {"option": name}
        for key, bodies in sets.items():
            row[key] = sum(len(enc(b, key.startswith("pull"))) for b in bodies) / events[key]
        rows.append(row)
    cpu = {}
    for key in ("push", "pull"):
        bodies = sets[key]
        level_v1 = 4 if key == "pull" else 3
        level_v2 = codec.REPLY_ZSTD_LEVEL if key == "pull" else codec.PUSH_ZSTD_LEVEL
        v1 = [proto.encode_body(b, level_v1) for b in bodies]
        v2 = [codec.encode(b, 1, level_v2) for b in bodies]
        inners = [codec.inner(b) for b in bodies]
        cpu[key] = {
            "v1_encode": _cpu(lambda bs=bodies, lv=level_v1: [proto.encode_body(b, lv) for b in bs], repeat),
            "v1_decode": _cpu(lambda bs=v1: [proto.decode_body(b, True) for b in bs], repeat),
            "v2_encode": _cpu(lambda bs=bodies, lv=level_v2: [codec.encode(b, 1, lv) for b in bs], repeat),
            "v2_decode": _cpu(lambda bs=v2: [codec.decode(b) for b in bs], repeat),
            # the floor of the CPU: zstd alone on the v2 frame's content, both ways
            "zstd_only": _cpu(lambda xs=inners, lv=level_v2: _zstd_roundtrip(xs, lv), repeat),
        }
        cpu[key] = {k: v / events[key] * 1e6 for k, v in cpu[key].items()}
    return {"corpus": c.summary(), "events": events, "floor": floors, "rows": rows, "cpu_us": cpu}


def _zstd_roundtrip(inner: list[bytes], level: int) -> None:
    comp = zstandard.ZstdCompressor(level=level, dict_data=codec.dictionary(1), write_dict_id=False)
    dec = zstandard.ZstdDecompressor(dict_data=codec.dictionary(1))
    for x in inner:
        dec.decompress(comp.compress(x))


# --- the dictionary -------------------------------------------------------------------------------


def train(target: Path, size: int = 32 * 1024, cases: int = 3000) -> None:
    """Train the shipped dictionary on bodies of every size from a corpus of another seed."""
    c = cp.build(cases, seed=TRAIN_SEED)
    rng = random.Random(TRAIN_SEED)
    samples = []
    for batch in (1, 3, 10, 30, 100):
        bodies = push_bodies(c, batch) + [jsonfast.loads(jsonfast.dumps_bytes(b)) for b in pull_bodies(c, batch)]
        rng.shuffle(bodies)
        samples += [codec.inner(b) for b in bodies[:2000]]
    # k and d fixed (no parameter search: minutes on a busy machine for a few bytes); fastcover
    trained = zstandard.train_dictionary(size, samples, k=1024, d=8, f=20, accel=1, level=19, threads=1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(trained.as_bytes())
    print(f"dictionary: {len(trained.as_bytes())} bytes from {len(samples)} samples -> {target}")


# --- report ---------------------------------------------------------------------------------------


def figures(quick: bool) -> list[Figure]:
    """Headline figures for the benchmark table: v2 as shipped, push and pull, against the floor."""
    r = measure(600 if quick else 3000, 3 if quick else 5)
    shipped = r["rows"][-1]
    note = "realistic corpus; floor: the random bytes (ids, hashes) the events carry"
    return [
        Figure.over(
            f"wire bytes/event {k} (protocol 2)",
            f"≤ {TARGET:.0f} B",
            round(shipped[k], 1),
            "B",
            round(r["floor"][k], 1),
            load=load_average(),
            note=note,
        )
        for k in ("push", "pull")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="600 cases, 3 repeats")
    parser.add_argument("--train", type=Path, help="write a dictionary trained on the corpus to this file")
    args = parser.parse_args(argv)
    if args.train:
        train(args.train)
        return 0
    cases, repeat = (600, 3) if args.quick else (args.cases, args.repeat)
    r = measure(cases, repeat)
    load = os.getloadavg()
    s = r["corpus"]
    print(f"corpus: {s['cases']} cases, {s['events']} events, {s['villagers']} villagers; load {load[0]:.2f}")
    print(f"events measured: {r['events']}")
    rows = [[x["option"], *(f"{x[k]:.1f}" for k in ("push", "pull", "push10", "pull10"))] for x in r["rows"]]
    rows.append(
        ["floor: random bytes the events carry", f"{r['floor']['push']:.1f}", f"{r['floor']['pull']:.1f}", "", ""]
    )
    print(table(["option (B/event)", f"push {PUSH_BATCH}", f"pull {PAGE}", f"push {SMALL}", f"pull {SMALL}"], rows))
    shipped = r["rows"][-1]
    for k in ("push", "pull"):
        print(f"{k}: {shipped[k]:.1f} B/event = {shipped[k] / r['floor'][k]:.2f}x the floor; target {TARGET:.0f}")
    cpu_rows = [
        [
            k,
            *(f"{v[x]:.1f}" for x in ("v1_encode", "v1_decode", "v2_encode", "v2_decode", "zstd_only")),
            f"{(v['v2_encode'] + v['v2_decode']) / v['zstd_only']:.1f}x",
        ]
        for k, v in r["cpu_us"].items()
    ]
    heads = ["CPU µs/event", "v1 encode", "v1 decode", "v2 encode", "v2 decode", "floor: zstd alone", "v2 / floor"]
    print(table(heads, cpu_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
