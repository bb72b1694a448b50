"""Two towns on one server: honest village PCs (the official CLI), a town clerk, observers and an attacker.

The observers are clerk tokens enrolled over raw HTTP: their full pulls (``own: true`` from cursor 0) are
the server's view of every event, against which the honest PCs and the attacks are checked.
"""

from __future__ import annotations

import copy
import csv
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdnum.cn import ric

from tests.security.harness import (
    TOWN1,
    TOWN2,
    UUID_RE,
    VA,
    VB,
    VC,
    Raw,
    Server,
    Token,
    cli,
    cli_many,
    enroll_raw,
)

HEADER = ["事项编码", "姓名", "身份证号", "联系电话", "村民小组", "住址", "委托书已签", "登记日期", "缺少材料", "备注"]
NAMES = {VA: ["张伟", "王芳", "李强"], VB: ["赵敏", "孙丽", "周杰"], VC: ["吴刚", "郑爽", "冯军"]}
PERSONS = {"agent-a": "李娜", "agent-b": "刘洋", "agent-c": "陈静", "clerk-1": "王镇"}
LEAK_MARKERS = ("Traceback", "SELECT ", "INSERT ", "sqlite3.", "psycopg", "sqlalchemy")


def _rid(n: int) -> str:
    body = f"41900119800101{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


@dataclass
class Device:
    """An honest PC: a profile folder driven only by the ``villagedesk`` CLI."""

    name: str
    profile: Path
    region: str
    role: str
    dev: str = ""

    def cases(self, village: str) -> dict[str, str]:
        out = cli(self.profile, *_cases_args(village))
        return _case_states(out)


def _cases_args(village: str) -> tuple[str, ...]:
    return ("cases", "--village", village, "--limit", "100000", "--json")


def _case_states(out) -> dict[str, str]:
    """``villagedesk cases --json`` output as case id → status (the command must have succeeded)."""
    assert out.returncode == 0, out.stderr
    return {c["id"]: c["status"] for c in json.loads(out.stdout)["cases"]}


def cases_of(jobs: list[tuple[Device, str]]) -> list[dict[str, str]]:
    """``cases`` of several PCs at once (separate machines in life), in the order given."""
    return [_case_states(out) for out in cli_many([(d.profile, _cases_args(v)) for d, v in jobs])]


class World:
    def __init__(self, root: Path, server: Server) -> None:
        self.root = root
        self.server = server
        self.url = server.url
        self.agents: dict[str, Device] = {}
        self.clerk: Device | None = None
        self.observers: dict[str, Token] = {}
        self.attacker: Token | None = None
        self.baseline: dict[str, dict[str, str]] = {}
        self._serial = 0
        self.legit_new_cases: set[str] = set()  # cases the attacker may add to its own village

    # -- building ----------------------------------------------------------------------------------------

    def enroll_token(self, region: str, role: str, name: str) -> Token:
        resp = enroll_raw(self.url, self.server.code(region, role, name))
        assert resp.status == 200, resp.body
        body = resp.json()
        return Token(body["dev"], body["tok"], body["role"], body["region"])

    def honest_device(self, name: str, region: str, role: str = "agent", cases: int = 3) -> Device:
        """setup → import (a real CSV) → enroll → sync, all through ``villagedesk``."""
        dev = Device(name, self.root / name, region, role)
        args = ["setup", "--region", region, "--name", PERSONS.get(name, "钱多")]
        if role == "clerk":
            args += ["--role", "clerk"]
        out = cli(dev.profile, *args)
        assert out.returncode == 0, out.stderr
        if cases:
            path = self.root / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(HEADER)
                for n, person in enumerate(NAMES.get(region, ["钱多"] * cases)[:cases]):
                    self._serial += 1
                    w.writerow(
                        [
                            "JY006",
                            person,
                            _rid(self._serial),
                            f"138{self._serial:08d}",
                            "一组",
                            "东街1号",
                            "是",
                            "2026-11-20",
                            "",
                            f"第{n}件",
                        ]
                    )
            out = cli(dev.profile, "import", str(path))
            assert out.returncode == 0, out.stderr
        out = cli(dev.profile, "enroll", "--server", self.url, "--code", self.server.code(region, role, name))
        assert out.returncode == 0, out.stderr
        found = UUID_RE.search(out.stdout)
        assert found, out.stdout
        dev.dev = found.group(0)
        out = cli(dev.profile, "sync", "--quiet")
        assert out.returncode == 0, out.stdout + out.stderr
        return dev

    @classmethod
    def build(cls, root: Path, server: Server) -> World:
        w = cls(root, server)
        for name, region in (("agent-a", VA), ("agent-b", VB), ("agent-c", VC)):
            w.agents[region] = w.honest_device(name, region)
        w.clerk = w.honest_device("clerk-1", TOWN1, "clerk", cases=0)
        w.observers = {t: w.enroll_token(t, "clerk", f"observer-{t}") for t in (TOWN1, TOWN2)}
        w.attacker = w.enroll_token(VA, "agent", "other-vendor")
        w.check_honest()
        w.baseline = {d.region: d.cases(d.region) for d in w.agents.values()}
        return w

    def devices(self) -> list[Device]:
        """Every honest PC: the agents, then the clerk."""
        return [*self.agents.values(), *([self.clerk] if self.clerk else [])]

    # -- the server's view -------------------------------------------------------------------------------

    def server_events(self) -> dict[str, dict[str, Any]]:
        """Every event of both towns as the observers pull it: id → event with its group's p, d, o."""
        found: dict[str, dict[str, Any]] = {}
        for town, tok in self.observers.items():
            cur: dict[str, int] = {}
            for _ in range(1000):
                resp = tok.raw(self.url).sync(cur=cur, own=True, lim=5000)
                assert resp.status == 200, (resp.status, resp.body[:300])
                body = resp.json()  # strict: a NaN anywhere in a page fails here
                for g in body.get("pull") or []:
                    assert g["p"].startswith(town[:9]), (town, g["p"])
                    for ev in g["e"]:
                        found[ev["i"]] = {**ev, "_p": g["p"], "_d": g["d"], "_o": g["o"]}
                cur = body["cur"]
                if not body.get("more"):
                    break
        return found

    def case_ids(self, events: dict[str, dict[str, Any]], partition: str) -> set[str]:
        return {e["c"] for e in events.values() if e["_p"] == partition and e["t"] == "case_registered"}

    def registration(self, partition: str = VA) -> dict[str, Any]:
        """A fresh, well-formed case_registered payload for ``partition`` (an honest one, renumbered)."""
        events = self.server_events()
        honest = next(e for e in events.values() if e["_p"] == VA and e["t"] == "case_registered")
        payload = copy.deepcopy(honest["p"])
        self._serial += 1
        payload["case_no"] = f"{partition[-6:]}-261120-X{self._serial:04d}"
        payload["applicant"]["id"] = str(uuid.uuid4())
        payload["applicant"]["village_code"] = partition
        payload["applicant"]["name"] = "钱多"
        return payload

    def a_case(self, village: str) -> str:
        return next(iter(self.baseline[village]))

    # -- the honest devices after an attack ------------------------------------------------------------

    def check_honest(self, allowed_new: set[str] | None = None) -> None:
        """Every honest PC syncs with exit 0 and holds exactly the server's cases of its scope.

        Cases of the other villages are what they were at the start; new cases only in the attacker's
        village, and only those the test expected (``allowed_new``: case ids).
        """
        self.legit_new_cases |= allowed_new or set()
        devices = [*self.agents.values(), self.clerk]
        for dev, out in zip(devices, cli_many([(d.profile, ("sync", "--quiet")) for d in devices]), strict=True):
            text = out.stdout + out.stderr
            assert out.returncode == 0, (dev.name, text[-2000:])
            assert not any(m in text for m in LEAK_MARKERS), (dev.name, text[-2000:])
        events = self.server_events()
        assert self.clerk is not None
        regions = list(self.agents)
        *held, town = cases_of([*((self.agents[r], r) for r in regions), (self.clerk, TOWN1)])
        seen = dict(zip(regions, held, strict=True))  # each PC's cases, read once for every check below
        for region, dev in self.agents.items():
            mine = seen[region]
            assert set(mine) == self.case_ids(events, region), (dev.name, "device and server disagree")
            if self.baseline:
                for case, status in self.baseline[region].items():
                    assert mine.get(case) == status, (dev.name, case, status, mine.get(case))
                extra = set(mine) - set(self.baseline[region])
                if region != VA:
                    assert not extra, (dev.name, "cases appeared in another village", extra)
                else:
                    assert extra <= self.legit_new_cases, (dev.name, "unexpected cases", extra)
        assert set(town) == self.case_ids(events, VA) | self.case_ids(events, VB)
        for region in (VA, VB):
            for case, status in seen[region].items():
                assert town[case] == status, ("clerk and village PC disagree", case)

    def assert_no_change_outside(self, before: dict, after: dict, allowed: set[str]) -> None:
        """No event changed or vanished; new events only the ``allowed`` ids, all in village A."""
        for eid, ev in before.items():
            assert after.get(eid) == ev, ("an event changed or vanished", eid)
        new = set(after) - set(before)
        assert new <= allowed, ("events the server should have refused", sorted(new - allowed)[:5])
        for eid in new:
            assert after[eid]["_p"] == VA, after[eid]

    def healthy(self) -> None:
        resp = Raw(self.url).get("/api/v1/health")
        assert resp.status == 200 and resp.json()["ok"], resp.body
        assert self.server.alive()
