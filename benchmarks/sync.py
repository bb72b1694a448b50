"""Sync benchmarks over loopback against a real server process (SQLite or PostgreSQL).

    python -m benchmarks.sync throughput [--events 20000] [--db sqlite|pg]
    python -m benchmarks.sync fleet [--devices 500] [--db sqlite|pg] [--workers N (PostgreSQL)]
                                    [--client raw|requests] [--spread SECONDS]
    python -m benchmarks.sync all

throughput: one village PC pushes N events (realistic mix: registration + submit + note + custody),
a second PC of the same village pulls them; events/s each way, bytes per event on the wire, and the
idle sync after (round trips, bytes). fleet: D enrolled devices each do one sync round trip (push 4
events + pull) at the same moment, from --procs client processes, each device on its own already open
connection; errors and p50/p95 request time (client encode + round trip + decode). PostgreSQL comes from
VILLAGEDESK_TEST_PG. Each figure is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

from benchmarks.corpus import Corpus
from benchmarks.figures import Figure, load_average
from villagedesk.db import store as st
from villagedesk.domain.events import Event, new_id
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.server import auth
from villagedesk.server.db import Database
from villagedesk.services import catalog, intake
from villagedesk.services.desk import Desk
from villagedesk.sync import engine, protocol
from villagedesk.sync.transport import Transport

ROOT = Path(__file__).resolve().parents[1]
JUDGE_SHARE_TARGET = 0.15  # the target: the judge costs at most 15% of push throughput
VILLAGE = "419001100201"
TODAY = date(2026, 11, 25)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU of this process (``pid`` None) or of another one (Linux /proc; its threads
    included). On a shared machine wall-clock rates swing with the neighbours' load; CPU per event
    is the steadier figure for comparing two versions."""
    if pid is None:
        t = os.times()
        return t.user + t.system
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def server_process(kind: str, folder: Path, workers: int = 1, judge: str | None = None):
    """``villagedesk-server serve`` in its own process, as a town would run it (``workers`` processes:
    PostgreSQL only). ``judge`` "on"/"off" starts it through the benchmark's own launcher
    (``benchmarks.judgeserver``), which alone can switch the judge off; None: the plain server CLI."""
    if kind == "pg":
        from tests.integration.server_harness import fresh_pg_database

        ctx = fresh_pg_database()
        url = ctx.__enter__()
    else:
        ctx, url = None, f"sqlite:///{folder / 'server.db'}"
    db = Database.open(url)
    port = _port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    folder.mkdir(parents=True, exist_ok=True)
    # stderr to a file, never an undrained pipe: once 64 KB of log lines filled a pipe, the server's
    # event loop blocked in its next write and every request waited for the read timeout
    err = (folder / "server-stderr.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            *(["villagedesk.server.cli"] if judge is None else ["benchmarks.judgeserver", judge]),
            "--data",
            str(folder),
            "serve",
            "--db",
            url,
            "--port",
            str(port),
            *(["--workers", str(workers)] if workers > 1 else []),
            "--push-quota",  # one PC pushes 20,001 events in a minute: a load test, not a village's day
            "0",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=err,
    )
    err.close()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    tail = (folder / "server-stderr.log").read_text("utf-8", "replace")[-2000:]
                    raise RuntimeError(f"server did not start: {tail}") from None
                time.sleep(0.1)
        yield base, db, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        db.dispose()
        if ctx is not None:
            ctx.__exit__(None, None, None)


def _template(folder: Path) -> Path:
    root = folder / "template"
    with Desk.open(root, today=TODAY) as desk:
        catalog.seed_reference_data(desk)
    return root


def _profile(template: Path, folder: Path, name: str) -> Desk:
    target = folder / name
    shutil.copytree(template, target)
    return Desk.open(target, today=TODAY)


def _fill_outbox(desk: Desk, events: int, village: str = VILLAGE, tag: str = "B") -> None:
    """Real registrations, then clones of their event mix (new ids) up to ``events``."""
    item = catalog.item(desk, "JY006")
    form = intake.IntakeForm(
        item_code="JY006",
        name="张三",
        id_number="419001198001010014",
        phone="13812345678",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in item.materials},
    )
    reg = intake.register(desk, form)
    with desk.store.read() as s:
        template = st.case_events(s, reg.case_id)[0]
    ident = desk.identity
    clock = HybridClock(ident.device_id[:12])
    batch: list[Event] = []
    mix = [
        (EventType.SUBMITTED, {"at": "2026-11-25"}),
        (EventType.NOTE_ADDED, {"text": "已电话告知办事人", "at": "2026-11-25"}),
        (EventType.CUSTODY_CHANGED, {"material": "户口簿", "holder": "village", "at": "2026-11-25"}),
    ]
    while len(batch) < events - 1:
        case_id = new_id()
        payload = dict(template.payload)
        serial = len(batch) + (0 if tag == "B" else 500_000)  # a warm-up fill (tag "W") numbers apart
        payload["case_no"] = f"{village[6:12]}-261125-{ident.device_tag}{serial:06d}"  # as the judge wants
        prev: tuple[str, ...] = ()
        for etype, p in [(EventType.CASE_REGISTERED, payload), *mix]:
            e = Event(
                new_id(), case_id, etype, p, ident.user_id, ident.device_id, Role.AGENT, village, clock.now(), prev
            )
            prev = (e.id,)
            batch.append(e)
    with desk.store.write() as s:
        for i in range(0, len(batch), 5000):
            st.append_local(s, batch[i : i + 5000])


def throughput(kind: str, events: int, folder: Path) -> dict:
    template = _template(folder)
    with server_process(kind, folder / "srv") as (url, db, pid):
        a = _profile(template, folder, "a")
        b = _profile(template, folder, "b")
        for desk, name in ((a, "a"), (b, "b")):
            code = auth.create_code(db, VILLAGE, Role.AGENT, name)[0]
            engine.enroll(desk, url, code)
        _fill_outbox(a, events)
        n = engine.pending_count(a)
        c0, s0 = cpu_seconds(), cpu_seconds(pid)
        t0 = time.perf_counter()
        eng = engine.SyncEngine(a, batch_bytes=512 * 1024)
        push = eng.run()
        eng.close()
        t1 = time.perf_counter()
        c1, s1 = cpu_seconds(), cpu_seconds(pid)
        eng = engine.SyncEngine(b, page=protocol.MAX_PAGE_EVENTS)
        pull = eng.run()
        eng.close()
        t2 = time.perf_counter()
        c2, s2 = cpu_seconds(), cpu_seconds(pid)
        eng = engine.SyncEngine(b)
        idle = eng.run()
        eng.close()
        a.close()
        b.close()
    assert push.ok and pull.ok and idle.ok, (push.error, pull.error, idle.error)
    assert push.pushed == n and pull.pulled == n, (push.pushed, pull.pulled, n)
    return {
        "events": n,
        "push_events_per_s": n / (t1 - t0),
        "pull_events_per_s": n / (t2 - t1),
        "push_pull_events_per_s": n / (t2 - t0),
        "push_client_cpu_us_per_event": 1e6 * (c1 - c0) / n,
        "push_server_cpu_us_per_event": 1e6 * (s1 - s0) / n,
        "pull_client_cpu_us_per_event": 1e6 * (c2 - c1) / n,
        "pull_server_cpu_us_per_event": 1e6 * (s2 - s1) / n,
        "push_bytes_per_event": push.bytes_sent / n,
        "pull_bytes_per_event": pull.bytes_received / n,
        "push_requests": push.requests,
        "pull_requests": pull.requests,
        "idle_requests": idle.requests,
        "idle_bytes": idle.bytes_sent + idle.bytes_received,
    }


def _corpus_outbox(desk: Desk, c: Corpus, events: int) -> int:
    """The first ``events`` of the realistic corpus's village (``benchmarks.corpus``) into ``desk``'s
    outbox under its own device id, user and case-number tag, as that PC would have written them."""
    ident = desk.identity
    mine = c.for_device(c.villages[0], ident.device_id, ident.user_id, ident.device_tag)[:events]
    with desk.store.write() as s:
        for i in range(0, len(mine), 5000):
            st.append_local(s, mine[i : i + 5000])
    return len(mine)


class _BareHandler(BaseHTTPRequestHandler):
    """The floor's server: reads the request body and answers with as many bytes as the real reply had."""

    protocol_version = "HTTP/1.1"
    replies: ClassVar[dict[int, int]] = {}

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        reply = b"0" * self.replies.get(len(body), 2)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *_args: object) -> None:
        pass


def _bare_round_trips(exchanges: list[tuple[bytes, int]]) -> float:
    """Wall seconds to send the same request bodies over loopback HTTP (a keep-alive ``requests`` session,
    as the app's transport) to a server that only reads them and answers with the same reply sizes."""
    import requests

    _BareHandler.replies = {len(body): size for body, size in exchanges}
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BareHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with requests.Session() as session:
            session.trust_env = False
            session.post(url, data=b"{}").close()
            t0 = time.perf_counter()
            for body, _ in exchanges:
                session.post(url, data=body).content  # noqa: B018
            return time.perf_counter() - t0
    finally:
        server.shutdown()
        server.server_close()


def push_judged(judge: str, c: Corpus, events: int, folder: Path) -> dict:
    """One village PC pushes ``events`` (realistic corpus) to a real server process on SQLite, started with
    the judge ``on`` or ``off`` (``benchmarks.judgeserver``); wall time and CPU of the push, and the
    request bodies it sent with their reply sizes (for the bare-HTTP floor)."""
    template = _template(folder)
    village = c.villages[0]
    with server_process("sqlite", folder / "srv", judge=judge) as (url, db, pid):
        desk = _profile(template, folder, "a")
        try:
            code = auth.create_code(db, village, Role.AGENT, "a")[0]
            engine.enroll(desk, url, code)
            n = _corpus_outbox(desk, c, events)
            exchanges: list[tuple[bytes, int]] = []
            eng = engine.SyncEngine(desk, batch_bytes=512 * 1024, attachments=False)  # events only: no scans here
            eng.transport._session.hooks["response"].append(  # bodies sent, reply sizes (read from the header:
                lambda r, *_a, **_k: (
                    exchanges.append((r.request.body, int(r.headers.get("content-length", 64))))
                    if r.request.method == "POST"
                    else None
                )  # the transport streams the reply itself)
            )
            c0, s0, t0 = cpu_seconds(), cpu_seconds(pid), time.perf_counter()
            push = eng.run()
            t1, c1, s1 = time.perf_counter(), cpu_seconds(), cpu_seconds(pid)
            eng.close()
        finally:
            desk.close()
    if not push.ok or push.pushed != n:
        raise RuntimeError(f"push with the judge {judge}: {push.error} ({push.pushed} of {n} pushed)")
    return {
        "events": n,
        "wall_s": t1 - t0,
        "client_cpu_us": 1e6 * (c1 - c0) / n,
        "server_cpu_us": 1e6 * (s1 - s0) / n,
        "exchanges": exchanges,
    }


def judge_share(events: int, rounds: int, folder: Path) -> dict:
    """The issue's measure of the judge: end-to-end push throughput over loopback with the judge on and
    off, ``rounds`` alternated pairs (the order flips each round, so a neighbour's load falls on both
    alike), each beside the bare HTTP round trip of the same request bodies; medians. The judge's share
    of push throughput is ``1 - on / off`` in events/s."""
    from benchmarks import corpus

    c = corpus.build(cases=max(10, events // 5), towns=1, villages_per_town=1)
    runs: dict[str, list[dict]] = {"on": [], "off": []}
    floors: list[float] = []
    loads: list[float] = []
    for r in range(rounds):
        for judge in ("on", "off") if r % 2 == 0 else ("off", "on"):
            loads.append(os.getloadavg()[0])
            got = push_judged(judge, c, events, folder / f"{judge}{r}")
            floors.append(_bare_round_trips(got.pop("exchanges")))
            runs[judge].append(got)
    n = runs["on"][0]["events"]
    med = {j: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for j, rs in runs.items()}
    on, off = n / med["on"]["wall_s"], n / med["off"]["wall_s"]
    return {
        "events": n,
        "rounds": rounds,
        "push_events_per_s_judged": on,
        "push_events_per_s_judge_off": off,
        "bare_http_events_per_s": n / statistics.median(floors),
        "judge_share_of_push": 1 - on / off,
        # the same share within each round (its on and off pushes minutes apart at most), median of rounds
        "judge_share_per_round": statistics.median(
            1 - a["wall_s"] ** -1 / b["wall_s"] ** -1 for a, b in zip(runs["on"], runs["off"], strict=True)
        ),
        "server_cpu_us_judged": med["on"]["server_cpu_us"],
        "server_cpu_us_judge_off": med["off"]["server_cpu_us"],
        "judge_us_per_event": med["on"]["server_cpu_us"] - med["off"]["server_cpu_us"],
        "client_cpu_us": med["on"]["client_cpu_us"],
        "load": statistics.median(loads),
    }


def _fleet_client(url: str, devices: list[tuple[str, str, list[Event]]], barrier, out) -> None:
    """One client process: a thread per device, each on its own keep-alive connection."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def one(token: str, village: str, events: list[Event]) -> None:
        t = Transport(url, token)
        body = _fleet_body(village, events)
        # open the connection first (a device keeps its connection between syncs): the timed part is
        # the sync request itself, from encoding the body to the decoded reply
        _ = t._session.get(url + "/api/v1/health", timeout=60).content
        barrier.wait()
        start = time.perf_counter()
        try:
            reply = t.post("/api/v1/sync", body).data
            ok = bool(reply.get("ack")) and all(x > 0 for x in reply["ack"])
        except Exception as exc:  # counted, reported
            ok = False
            with lock:
                errors.append(type(exc).__name__)
        took = time.perf_counter() - start
        t.close()
        with lock:
            times.append(took)
            if not ok and not errors:
                errors.append("not acked")

    threads = [threading.Thread(target=one, args=tk) for tk in devices]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    out.put((times, errors))


FLEET_EVENTS = 4  # events each fleet device pushes: a registration and what the desk wrote next


def _fleet_cases(devices: int) -> list[tuple[str, list[Event]]]:
    """Per device, a village of its own (as a town's 500 PCs are in their own villages) and a case of the
    realistic corpus (``benchmarks.corpus``) moved into it: the case's first agent events, a registration
    and at most three more (materials, notes, custody), so every pushed event is one the judge accepts."""
    from benchmarks import corpus

    c = corpus.build()
    cases: list[list[Event]] = []
    for v in c.villages:
        by_case: dict[str, list[Event]] = {}
        for e in c.for_device(v, "fleet", "代办员", "XX"):
            by_case.setdefault(e.case_id, []).append(e)
        cases += by_case.values()
    if len(cases) < devices:
        raise ValueError(f"the corpus has {len(cases)} cases, too few for {devices} fleet devices")
    return [(_fleet_village(n), cases[n][:FLEET_EVENTS]) for n in range(devices)]


def _fleet_village(n: int) -> str:
    return f"419001{100 + n // 700:03d}{201 + n % 700:03d}"


def _as_device(events: list[Event], village: str, dev: str, tag: str) -> list[Event]:
    """A corpus case's events as the enrolled device ``dev`` of ``village`` (number tag ``tag``) writes them."""
    out = []
    for e in events:
        payload = e.payload
        if e.type is EventType.CASE_REGISTERED:
            _, day, serial = payload["case_no"].split("-")
            payload = {**payload, "case_no": f"{village[6:12]}-{day}-{tag}{serial[len(tag) :]}"}
        out.append(dataclasses.replace(e, partition=village, device=dev, payload=payload))
    return out


def _fleet_body(village: str, events: list[Event]) -> dict:
    """What each fleet device syncs: its case's events pushed, its village pulled from 0."""
    return {"v": 1, "push": protocol.group_events(events), "cur": {village: 0}, "ref": 0}


def _burst(ctx, url: str, jobs: list, procs: int) -> tuple[list[float], list[str]]:
    """``jobs`` (token, body, delay) from ``procs`` raw client processes released together; an empty
    body is a health request (benchmarks/fleetclient.py)."""
    from benchmarks import fleetclient

    return _released(ctx, fleetclient.run, url, [jobs[i::procs] for i in range(procs)], procs)


def _released(ctx, target, url: str, parts: list, parties: int) -> tuple[list[float], list[str]]:
    """One process per part running ``target(url, part, barrier, out)``, all waiting on one barrier of
    ``parties``; their sorted times and their errors."""
    barrier = ctx.Barrier(parties)
    out = ctx.Queue()
    clients = [ctx.Process(target=target, args=(url, part, barrier, out)) for part in parts]
    for w in clients:
        w.start()
    times: list[float] = []
    errors: list[str] = []
    for _ in clients:
        t_part, e_part = out.get(timeout=600)
        times += t_part
        errors += e_part
    for w in clients:
        w.join()
    return sorted(times), errors


def _p(times: list[float], q: float) -> float:
    """The ``q`` quantile of sorted ``times`` in ms (nearest rank)."""
    return 1000 * times[max(0, min(len(times) - 1, round(q * len(times)) - 1))]


def fleet(
    kind: str,
    devices: int,
    folder: Path,
    procs: int = 4,
    workers: int = 1,
    client: str = "raw",
    spread: float = 0.0,
) -> dict:
    """D devices, each one sync round trip (push a corpus case's first events + pull its village), all
    released at the same moment; then, on the same server in the same run, the floor: D fresh
    connections each asking the health endpoint at once (no token, no body, no database).

    ``client="raw"`` (benchmarks/fleetclient.py): each process drives its devices from one asyncio loop
    on raw keep-alive sockets, bodies encoded before the start; time per request = the round trip on an
    open connection + decoding the reply. ``client="requests"``: a thread per device through the app's
    own ``Transport`` (encode + round trip + decode), which also spends ~2.5 ms of CPU per request on
    the cores the server needs. ``spread`` > 0 starts the devices at random moments over that many
    seconds (devices syncing on their own schedules) instead of all in the same instant."""
    import multiprocessing as mp
    import random

    ctx = mp.get_context("fork")
    cases = _fleet_cases(devices)
    with server_process(kind, folder / "srv", workers) as (url, db, pid):
        tokens = []
        for n, (village, events) in enumerate(cases):
            code = auth.create_code(db, village, Role.AGENT, f"d{n}")[0]
            t = Transport(url)
            reply = t.post("/api/v1/enroll", {"v": 1, "code": code, "dev": str(uuid.uuid4())}).data
            t.close()
            tokens.append((reply["tok"], village, _as_device(events, village, reply["dev"], reply["tag"])))
        load = os.getloadavg()[0]
        wall0 = time.perf_counter()
        cpu0 = cpu_seconds(pid)
        if client == "raw":
            rnd = random.Random(7)
            jobs = [
                (tok, protocol.encode_body(_fleet_body(village, evs), protocol.PUSH_GZIP_LEVEL), rnd.random() * spread)
                for tok, village, evs in tokens
            ]
            times, errors = _burst(ctx, url, jobs, procs)
        else:
            times, errors = _released(ctx, _fleet_client, url, [tokens[i::procs] for i in range(procs)], devices)
        wall = time.perf_counter() - wall0
        server_cpu = cpu_seconds(pid) - cpu0
        health, health_errors = _burst(ctx, url, [("", b"", 0.0)] * devices, procs)
        floor = _http_floor(url, pid) if workers == 1 else float("nan")
    if errors or health_errors:
        from collections import Counter

        print(f"fleet errors: {dict(Counter(errors))}, health errors: {dict(Counter(health_errors))}", file=sys.stderr)
    return {
        "devices": devices,
        "errors": len(errors) + len(health_errors),
        "p50_ms": _p(times, 0.50),
        "p95_ms": _p(times, 0.95),
        "max_ms": 1000 * times[-1],
        # the floor: as many health requests at once on fresh connections, same server, same run
        "health_p50_ms": _p(health, 0.50),
        "health_p95_ms": _p(health, 0.95),
        "p95_over_health_p95": _p(times, 0.95) / _p(health, 0.95),
        "wall_s": wall,
        # the server process's CPU from the clients' start to the last reply, per device (one health
        # check on connecting + one sync); with --workers the parent only, so not comparable there
        "server_cpu_ms_per_device": 1000 * server_cpu / devices,
        # the server's CPU for the least a request can cost it (uvicorn + Starlette answering 404 on an
        # open connection), and what the devices' requests cost at that price on one core, at once
        "http_floor_us_per_request": 1e6 * floor,
        "http_floor_burst_ms": 1000 * floor * devices,
        "load": load,
    }


def _http_floor(url: str, pid: int, n: int = 500) -> float:
    """Server CPU seconds per request for a request that reaches no endpoint and no database."""
    t = Transport(url)
    session = t._session
    session.get(url + "/api/v1/none", timeout=60).close()
    c0 = cpu_seconds(pid)
    for _ in range(n):
        session.get(url + "/api/v1/none", timeout=60).close()
    used = cpu_seconds(pid) - c0
    t.close()
    return used / n


def _median(runs: list[dict]) -> dict:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def _push_figure(label: str, target: str, judged: dict, key: str, note: str) -> Figure:
    """A push throughput of the judge rounds beside their bare-HTTP floor."""
    value, floor = judged[key], judged["bare_http_events_per_s"]
    return Figure(label, target, round(value), "events/s", round(floor), round(floor / value, 2), judged["load"], note)


def figures(quick: bool) -> list[Figure]:
    """The registry's figures: push+pull throughput on SQLite, client + server CPU per event against
    ``benchmarks.syncfloor`` (raw sqlite3 + codec for the same scenario) measured in the same call, and the
    judge's share of end-to-end push throughput on the realistic corpus (judge on/off alternated)."""
    from benchmarks import syncfloor

    events, repeat = (2000, 1) if quick else (8000, 3)
    with tempfile.TemporaryDirectory(prefix="vd-bench-") as tmp:
        load = load_average()
        runs = [throughput("sqlite", events, Path(tmp) / f"r{n}") for n in range(repeat)]
        floor = syncfloor.measure(events, Path(tmp) / "floor", repeat)
        judged = judge_share(events, 2 if quick else 5, Path(tmp) / "judge")
        devices = 100 if quick else 500
        crowd = _median([fleet("sqlite", devices, Path(tmp) / f"fleet{n}") for n in range(1 if quick else 3)])
    med = _median(runs)
    cpu = sum(med[f"{d}_{w}_cpu_us_per_event"] for d in ("push", "pull") for w in ("client", "server"))
    floor_cpu = floor["push_floor_us"] + floor["pull_floor_us"]
    rounds = f"{judged['events']:,} corpus events, median of {judged['rounds']} judge on/off rounds alternated"
    return [
        Figure(
            "sync push+pull, loopback, SQLite (cloned registrations, best case)",
            ">= 20,000 events/s",
            round(med["push_pull_events_per_s"]),
            "events/s",
            round(floor["push_pull_floor_events_per_s"]),
            round(floor["push_pull_floor_events_per_s"] / med["push_pull_events_per_s"], 2),
            load,
            f"{repeat} runs; floor: benchmarks.syncfloor",
        ),
        Figure.over(
            "sync CPU per event, client + server, push + pull (SQLite)",
            "<= 1.5x floor",
            round(cpu, 1),
            "µs/event",
            round(floor_cpu, 1),
            load=load,
            note="floor: benchmarks.syncfloor (raw sqlite3 + codec)",
        ),
        _push_figure(
            "push over loopback, judge on (SQLite, realistic corpus)",
            f"judge <= {JUDGE_SHARE_TARGET:.0%} of push throughput",
            judged,
            "push_events_per_s_judged",
            f"{rounds}; floor: bare HTTP round trips of the same request bodies",
        ),
        _push_figure(
            "push over loopback, judge off in the benchmark's launcher (same rounds)",
            "—",
            judged,
            "push_events_per_s_judge_off",
            f"judge's share of push throughput {judged['judge_share_of_push']:.1%}",
        ),
        Figure.over(
            f"{devices} devices syncing at once, SQLite, p95",
            "<= 2x floor",
            round(crowd["p95_ms"]),
            "ms",
            round(crowd["health_p95_ms"]),
            load=crowd["load"],
            note=f"floor: {devices} health requests at once on the same server; {crowd['errors']} errors",
        ),
        Figure.over(
            "server CPU per pushed event, judge on vs off (same rounds)",
            "—",
            round(judged["server_cpu_us_judged"], 1),
            "µs/event",
            round(judged["server_cpu_us_judge_off"], 1),
            load=judged["load"],
            note=f"floor: judge off; the judge: {judged['judge_us_per_event']:.1f} µs/event",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.sync")
    p.add_argument("what", choices=["throughput", "fleet", "all"])
    p.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    p.add_argument("--events", type=int, default=20_000)
    p.add_argument("--devices", type=int, default=500)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--procs", type=int, default=4, help="fleet: client processes")
    p.add_argument("--client", choices=["raw", "requests"], default="raw", help="fleet: client kind (see fleet())")
    p.add_argument("--spread", type=float, default=0.0, help="fleet: start devices over this many seconds")
    p.add_argument("--workers", type=int, default=1, help="fleet on PostgreSQL: server processes (serve --workers)")
    p.add_argument(
        "--judge-rounds", type=int, default=5, help="throughput: judge on/off alternated rounds on the corpus (0: none)"
    )
    p.add_argument("--judge-events", type=int, default=8000, help="throughput: corpus events pushed per judge round")
    args = p.parse_args(argv)
    kinds = ["sqlite", "pg"] if args.db == "both" else [args.db]
    if "pg" in kinds and not os.environ.get("VILLAGEDESK_TEST_PG"):
        print("(VILLAGEDESK_TEST_PG not set: PostgreSQL skipped)")
        kinds = [k for k in kinds if k != "pg"]
    jobs = ["throughput", "fleet"] if args.what == "all" else [args.what]
    for job in jobs:
        for kind in kinds:
            runs = []
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory(prefix="vd-bench-") as tmp:
                    if job == "throughput":
                        runs.append(throughput(kind, args.events, Path(tmp)))
                    else:
                        workers = args.workers if kind == "pg" else 1
                        runs.append(fleet(kind, args.devices, Path(tmp), args.procs, workers, args.client, args.spread))
            med = _median(runs)
            print(f"\n{job} on {kind} (median of {len(runs)})")
            for k, v in med.items():
                print(f"  {k:<24} {v:>12.1f}" if isinstance(v, float) else f"  {k:<24} {v:>12}")
    if "throughput" in jobs and args.judge_rounds > 0:
        with tempfile.TemporaryDirectory(prefix="vd-bench-") as tmp:
            res = judge_share(args.judge_events, args.judge_rounds, Path(tmp))
        print(f"\njudge on/off, push over loopback, SQLite, realistic corpus (median of {res['rounds']} alternated)")
        for k, v in res.items():
            print(f"  {k:<28} {v:>12.3f}" if isinstance(v, float) else f"  {k:<28} {v:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
