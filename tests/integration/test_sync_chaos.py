"""Hypothesis stateful chaos: two villages of one town and the town clerk, enrolled on a real server
process, write through the services and sync through a fault proxy with seeded faults; client syncs
(``villagedesk sync`` subprocesses) and the server process are SIGKILLed mid-sync and restarted on the
same database. At the end, after a clean sync of everyone: every event exists exactly once on the
server and on every device that may read its partition and nowhere else, no cursor skipped a sequence
number, and every case projects the same on every device as on the server.

Default run: a few short examples (CI). Longer: VILLAGEDESK_CHAOS_EXAMPLES=50 VILLAGEDESK_CHAOS_STEPS=30.
The counts (runs, steps, faults, kills, events checked) are printed and written to chaos-summary.json
in the test's tmp dir.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as stg
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from sqlalchemy import select

from tests.conftest import ROOT, TODAY
from tests.flows import VALID_PAYLOAD, full_form
from tests.integration.server_harness import PG_ENV, fresh_pg_database
from tests.integration.server_process import ServerProcess
from tests.support.faultproxy import Fault, FaultProxy, Link
from tests.support.processes import kill_hard
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.errors import DomainError
from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.domain.projection import project
from villagedesk.server import auth
from villagedesk.server import models as sm
from villagedesk.server.db import Database
from villagedesk.services import actions, intake
from villagedesk.services.desk import Desk
from villagedesk.sync import engine
from villagedesk.sync import protocol as proto
from villagedesk.sync.transport import Transport

TOWN = "419001100000"
VILLAGES = ("419001100201", "419001100202")
EXAMPLES = int(os.environ.get("VILLAGEDESK_CHAOS_EXAMPLES", "3"))
STEPS = int(os.environ.get("VILLAGEDESK_CHAOS_STEPS", "10"))
SKIP_ACTIONS = {EventType.ATTACHMENT_ADDED}  # needs a stored file; attachments have their own tests
PEOPLE = [("张三", "419001198001010014"), ("王五", "419001199002020024"), ("赵敏", "11010519491231002X")]
# the columns of a case row that the projection decides (the rest is derived from them)
COLUMNS = ("status", "conflict", "event_count", "last_hlc", "return_rounds", "outcome", "level", "case_no")

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "pg",
        id="pg",
        marks=[pytest.mark.postgres, pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set")],
    ),
]


class Tally(Counter):
    """Counts across all examples of one test run."""


def _sync_until_ok(desk: Desk, url: str, tries: int = 6) -> engine.SyncResult:
    token = engine.server_config(desk).token
    r = engine.SyncResult()
    for _ in range(tries):
        transport = Transport(url, token, timeout=(10.0, 30.0))
        eng = engine.SyncEngine(desk, transport=transport)
        try:
            r = eng.run()
        finally:
            transport.close()
        if r.ok:
            return r
        time.sleep(0.2)
    return r


class ChaosMachine(RuleBasedStateMachine):
    """One example = one fresh server database and three fresh device profiles."""

    ctx: ClassVar[dict] = {}

    def __init__(self) -> None:
        super().__init__()
        ctx = self.ctx
        self.tally: Tally = ctx["tally"]
        self.tally["runs"] += 1
        self.folder: Path = ctx["tmp"] / f"run-{self.tally['runs']}"
        self.folder.mkdir()
        self._pg = None
        if ctx["backend"] == "pg":
            self._pg = fresh_pg_database()
            url = self._pg.__enter__()
        else:
            url = f"sqlite:///{self.folder / 'server.db'}"
        self.db = Database.open(url)  # migrates; the test reads the server's truth through it
        self.server = ServerProcess(url, self.folder / "srv").start()
        # the devices' enrolled address: a modest link, so a `villagedesk sync` can be killed mid-way
        self.home = FaultProxy(self.server.port, Link.symmetric(256, 40, handshake=False)).start()
        self.desks: list[Desk] = []
        self.scopes: list[str] = []
        for n, (region, role) in enumerate([(VILLAGES[0], "agent"), (VILLAGES[1], "agent"), (TOWN, "clerk")]):
            target = self.folder / f"device-{n}"
            shutil.copytree(ctx["template"], target)
            desk = Desk.open(target, today=TODAY)
            code = auth.create_code(self.db, region, Role(role), f"设备{n}")[0]
            engine.enroll(desk, self.home.url, code)
            self.desks.append(desk)
            self.scopes.append(region)

    # --- rules ---------------------------------------------------------------------------------------

    @initialize(n=stg.integers(1, 3))
    def first_cases(self, n: int) -> None:
        self.register(0, n)

    @rule(dev=stg.sampled_from([0, 1]), n=stg.integers(1, 6))
    def register(self, dev: int, n: int) -> None:
        desk = self.desks[dev]
        forms = [full_form(desk, "JY012", name=p[0], id_number=p[1]) for p in (PEOPLE * 2)[:n]]
        intake.register_many(desk, forms)
        self.tally["cases_registered"] += n

    @rule(
        dev=stg.sampled_from([0, 1, 2]),
        picks=stg.lists(stg.tuples(stg.integers(0, 999), stg.integers(0, 99)), max_size=6),
    )
    def act(self, dev: int, picks: list[tuple[int, int]]) -> None:
        """Actions the lifecycle allows this role now (the clerk's on the cases it has pulled)."""
        for pick, choice in picks:
            self._act(dev, pick, choice)

    def _act(self, dev: int, pick: int, choice: int) -> None:
        desk = self.desks[dev]
        with desk.store.read() as s:
            ids = sorted(s.scalars(select(m.Case.id)))
        if not ids:
            return
        case_id = ids[pick % len(ids)]
        options = [e for e in actions.available(desk, case_id) if e not in SKIP_ACTIONS]
        if not options:
            return
        event = options[choice % len(options)]
        try:
            actions.perform(desk, case_id, event, VALID_PAYLOAD[event])
        except DomainError:
            self.tally["actions_refused"] += 1
            return
        self.tally["actions"] += 1

    @rule(
        dev=stg.sampled_from([0, 1, 2]),
        seed=stg.integers(0, 2**16),
        kind=stg.sampled_from(["reset_up", "reset_down", "drop_reply", "stall"]),
        small=stg.booleans(),
    )
    def sync_with_fault(self, dev: int, seed: int, kind: str, small: bool) -> None:
        """One sync run through a proxy that breaks it once (seeded), then maybe a retry."""
        rng = random.Random(seed)
        if kind == "reset_up":
            fault = Fault.reset(rng.randrange(50, 4_000), connection=1, direction="up")
        elif kind == "reset_down":
            fault = Fault.reset(rng.randrange(50, 4_000), connection=1, direction="down")
        elif kind == "drop_reply":
            fault = Fault.drop_reply(rng.randrange(1, 3))
        else:
            fault = Fault.stall(rng.randrange(0, 3_000), seconds=2.0, connection=1, direction="any")
        desk = self.desks[dev]
        token = engine.server_config(desk).token
        link = Link(seed=seed, handshake=False)
        with FaultProxy(self.server.port, link, faults=[fault]) as proxy:
            for _ in range(rng.randrange(1, 3)):
                transport = Transport(proxy.url, token, timeout=(5.0, 1.0))
                eng = engine.SyncEngine(desk, transport=transport, batch_bytes=2048 if small else None)
                try:
                    eng.run()
                finally:
                    transport.close()
            stats = proxy.snapshot()
        self.tally[f"fault_{kind}"] += 1
        self.tally["proxy_resets"] += stats.resets
        self.tally["proxy_dropped_replies"] += stats.dropped_replies
        self.tally["proxy_stalls"] += stats.stalls

    @rule(dev=stg.sampled_from([0, 1, 2]), delay=stg.floats(0.5, 5.0))
    def cli_sync_killed(self, dev: int, delay: float) -> None:
        """``villagedesk sync`` as a process, SIGKILLed after ``delay`` seconds (if still running)."""
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "villagedesk", "--profile", str(self.desks[dev].paths.root), "sync"]
        proc = subprocess.Popen(
            [*cmd, "--batch-kb", "2", "--quiet"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            proc.wait(timeout=delay)
            self.tally["cli_sync_finished"] += 1
        except subprocess.TimeoutExpired:
            kill_hard(proc)
            proc.wait(timeout=20)
            self.tally["cli_sync_killed"] += 1

    @rule(dev=stg.sampled_from([0, 1, 2]), delay=stg.floats(0.0, 1.5))
    def server_killed_mid_sync(self, dev: int, delay: float) -> None:
        """The server process dies (SIGKILL) while a device syncs; it restarts on the same database."""
        desk = self.desks[dev]
        token = engine.server_config(desk).token
        done: list[engine.SyncResult] = []
        with FaultProxy(self.server.port, Link.symmetric(128, 60, handshake=False)) as proxy:
            transport = Transport(proxy.url, token, timeout=(5.0, 5.0))

            def run() -> None:
                eng = engine.SyncEngine(desk, transport=transport, batch_bytes=2048)
                done.append(eng.run())

            worker = threading.Thread(target=run)
            worker.start()
            time.sleep(delay)
            self.server.kill()
            worker.join(timeout=60)
            transport.close()
            self.server.start()
        assert not worker.is_alive(), "a sync hung after the server died"
        self.tally["server_kills"] += 1
        if done and not done[0].ok:
            self.tally["syncs_broken_by_server_kill"] += 1

    # --- the end ---------------------------------------------------------------------------------

    def teardown(self) -> None:
        try:
            if self.server.alive():
                self.check()
        finally:
            for desk in self.desks:
                desk.close()
            self.home.stop()
            self.server.stop()
            self.db.dispose()
            if self._pg is not None:
                self._pg.__exit__(None, None, None)
            _write_summary(self.ctx)  # after every example, so a long run shows how far it got

    def check(self) -> None:
        # a clean link: everyone syncs until nothing moves (villages first, the clerk, then villages
        # again for the clerk's answers), then once more and nothing may move
        for dev in (0, 1, 2, 0, 1):
            r = _sync_until_ok(self.desks[dev], self.server.url)
            assert r.ok, r.error
        for dev in (0, 1, 2):
            r = _sync_until_ok(self.desks[dev], self.server.url)
            assert r.ok and r.pushed == 0 and r.pulled == 0 and r.rejected == 0, (dev, r)
            assert engine.pending_count(self.desks[dev]) == 0

        with self.db.read() as s:
            rows = s.execute(select(sm.ServerEvent)).scalars().all()
            server = {e.id: e for e in rows}
            seqs = sorted(e.seq for e in rows)
            top = s.get(sm.FeedState, 1).seq
        assert len(server) == len(rows)
        # sequence numbers: dense 1..top, so a cursor at top has seen every one of them
        assert seqs == list(range(1, top + 1)), "server sequence has a gap"

        authored: dict[str, str] = {}
        for n, desk in enumerate(self.desks):
            scope = self.scopes[n]
            with desk.store.read() as s:
                local = {r.id: r for r in s.scalars(select(m.EventRow))}
                cursors = {c.partition: c.cursor for c in s.scalars(select(m.SyncCursor))}
                cases = {c.id: c for c in s.scalars(select(m.Case))}
                rejected = s.scalars(select(m.OutboxEntry).where(m.OutboxEntry.status == "rejected")).all()
            assert not rejected, [(r.event_id, r.reason) for r in rejected]
            for eid, row in local.items():
                if row.device == desk.identity.device_id:
                    authored[eid] = row.device
            visible = {eid for eid, e in server.items() if proto.in_scope(scope, e.partition)}
            assert set(local) == visible, (
                f"device {n}: {len(set(local) - visible)} extra, {len(visible - set(local))} missing"
            )
            assert all(local[eid].server_seq == server[eid].seq for eid in visible), f"device {n}: server_seq differs"
            assert cursors.get(scope) == top, f"device {n}: cursor {cursors.get(scope)} != watermark {top}"
            self.tally["events_checked"] += len(local)
            # projections: the same as the server's events project to, on every device
            by_case: dict[str, list[Event]] = {}
            for eid in visible:
                by_case.setdefault(server[eid].case_id, []).append(_server_event(server[eid]))
            assert set(cases) == set(by_case), f"device {n}: cases differ"
            for cid, events in by_case.items():
                values = st.projection_values(desk.calendar, project(cid, events), TODAY)
                assert values is not None
                row = cases[cid]
                got = {k: getattr(row, k) for k in COLUMNS}
                want = {k: values[k] for k in COLUMNS}
                assert got == want, (n, cid, got, want)
                assert row.view == values["view"], (n, cid)
            self.tally["cases_checked"] += len(cases)
        assert set(authored) == set(server), "an event was lost or appeared from nowhere"
        self.tally["server_events_checked"] += len(server)


def _write_summary(ctx: dict) -> dict:
    tally: Tally = ctx["tally"]
    summary = {"backend": ctx["backend"], "seconds": round(time.monotonic() - ctx["started"], 1)}
    summary |= dict(sorted(tally.items()))
    (ctx["tmp"] / "chaos-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")
    return summary


def _server_event(r: sm.ServerEvent) -> Event:
    return Event.from_dict(
        {
            "id": r.id,
            "case_id": r.case_id,
            "type": r.type,
            "payload": json.loads(r.payload),
            "author": r.author,
            "device": r.device,
            "role": r.role,
            "partition": r.partition,
            "hlc": r.hlc,
            "prev": json.loads(r.prev),
            "schema_version": r.schema_version,
        }
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_chaos_sync_converges(backend: str, template_profile: Path, tmp_path: Path) -> None:
    tally = Tally()
    ChaosMachine.ctx = {
        "tally": tally,
        "tmp": tmp_path,
        "template": template_profile,
        "backend": backend,
        "started": time.monotonic(),
    }
    run_state_machine_as_test(
        ChaosMachine,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    summary = _write_summary(ChaosMachine.ctx)
    print(f"\nchaos summary: {json.dumps(summary, ensure_ascii=False)}")
    assert tally["runs"] >= 1
    assert tally["events_checked"] > 0 and tally["server_events_checked"] > 0
