"""The attacker's tools: a real server process, the official CLIs as honest devices, raw HTTP as the attacker.

Only README.md and docs/sync-protocol.md are assumed: nothing here imports the server or sync code, so the
tests judge what the documents promise, not what the code happens to do.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_ENV = "VILLAGEDESK_TEST_PG"
PROTOCOL = "1"

TOWN1 = "419001100000"
VA = "419001100201"  # the attacker's village (and an honest agent's)
VB = "419001100202"  # another village of the same town
TOWN2 = "419001101000"
VC = "419001101201"  # a village of another town

CODE_RE = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REJECT_CODE_RE = re.compile(r"^[a-z][a-z_]{1,31}$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def strict_loads(data: bytes | str) -> Any:
    """RFC 8259 JSON only: NaN, Infinity and -Infinity are refused (a strict parser on the other side)."""

    def refuse(name: str) -> Any:
        raise ValueError(f"non-JSON constant {name}")

    return json.loads(data, parse_constant=refuse)


def wire(obj: Any) -> bytes:
    """Compact JSON as a sloppy client would write it: ASCII escapes, NaN/Infinity allowed through."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True).encode("ascii")


# --- processes -------------------------------------------------------------------------------------------


def server_cli(data: Path, db: str | None, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``villagedesk-server --data DIR SUBCOMMAND [--db URL] ...`` as a subprocess."""
    cmd = [sys.executable, "-m", "villagedesk.server.cli", "--data", str(data), args[0]]
    if db:
        cmd += ["--db", db]
    cmd += list(args[1:])
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=timeout)


def cli(profile: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """``villagedesk --profile DIR ...`` as a village PC runs it."""
    cmd = [sys.executable, "-m", "villagedesk", "--profile", str(profile), *args]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=_env(), timeout=timeout)


def cli_many(jobs: list[tuple[Path, tuple[str, ...]]], timeout: float = 300) -> list[subprocess.CompletedProcess]:
    """Several honest PCs at once (they are separate machines in life); results in the order given."""
    procs = []
    for profile, args in jobs:
        cmd = [sys.executable, "-m", "villagedesk", "--profile", str(profile), *args]
        procs.append((cmd, subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())))
    done = []
    for cmd, p in procs:
        out, err = p.communicate(timeout=timeout)
        text, errs = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        done.append(subprocess.CompletedProcess(cmd, p.returncode, text, errs))
    return done


class Server:
    """``villagedesk-server serve`` on a free loopback port, stderr to a file (nobody has to drain it)."""

    def __init__(self, data: Path, db: str | None, workers: int | None = None, extra: tuple[str, ...] = ()) -> None:
        self.data = data
        self.db = db
        self.workers = workers
        self.extra = extra  # more ``serve`` options (e.g. ``--push-quota N``)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> Server:
        self.data.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "villagedesk.server.cli", "--data", str(self.data), "serve"]
        if self.db:
            cmd += ["--db", self.db]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port)]
        if self.workers:
            cmd += ["--workers", str(self.workers)]
        cmd += list(self.extra)
        self.log = self.data / "serve-stderr.log"
        with self.log.open("ab") as err:
            self.proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text('utf-8', 'replace')[-2000:]}")
            try:
                if Raw(self.url).get("/api/v1/health").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not start")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)

    def code(self, region: str, role: str, name: str) -> str:
        out = server_cli(self.data, self.db, "enroll", "--region", region, "--role", role, "--name", name)
        assert out.returncode == 0, out.stderr
        match = CODE_RE.search(out.stdout)
        assert match, out.stdout
        return match.group(0)


# --- raw HTTP --------------------------------------------------------------------------------------------


@dataclass
class Resp:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        data = self.body
        if self.headers.get("content-encoding", "") == "gzip":
            data = gzip.decompress(data)
        return strict_loads(data)


class Raw:
    """HTTP/1.1 by hand (http.client): any header, any body, any source address on loopback."""

    def __init__(self, url: str, token: str | None = None, source: str | None = None, timeout: float = 60) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.token = token
        self.source = source
        self.timeout = timeout

    def connect(self) -> http.client.HTTPConnection:
        src = (self.source, 0) if self.source else None
        return http.client.HTTPConnection(self.host, self.port, timeout=self.timeout, source_address=src)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> Resp:
        conn = self.connect()
        try:
            hdrs = {"Accept-Encoding": "identity"}
            if self.token:
                hdrs["Authorization"] = f"Bearer {self.token}"
            hdrs.update(headers or {})
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            conn.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Resp:
        return self.request("GET", path, headers={"X-VillageDesk-Protocol": PROTOCOL, **(headers or {})})

    def post_json(
        self, path: str, obj: Any, gz: bool = True, headers: dict[str, str] | None = None, sub: dict | None = None
    ) -> Resp:
        """POST ``obj`` as JSON; ``sub`` replaces placeholders in the text (what json.dumps cannot write)."""
        body = wire(obj)
        for old, new in (sub or {}).items():
            body = body.replace(wire(old), new)
        hdrs = {"X-VillageDesk-Protocol": PROTOCOL, "Content-Type": "application/json"}
        if gz:
            body = gzip.compress(body)
            hdrs["Content-Encoding"] = "gzip"
        hdrs.update(headers or {})
        return self.request("POST", path, body, hdrs)

    def sync(self, push: list | None = None, cur: dict | None = None, sub: dict | None = None, **extra: Any) -> Resp:
        return self.post_json("/api/v1/sync", {"v": 1, "push": push or [], "cur": cur or {}, **extra}, sub=sub)


def enroll_raw(url: str, code: str, source: str | None = None) -> Resp:
    return Raw(url, source=source).post_json("/api/v1/enroll", {"v": 1, "code": code}, gz=False)


# --- events ----------------------------------------------------------------------------------------------


_last_wall = [0]


def hlc(node: str, wall_ms: int | None = None, counter: int = 0) -> str:
    """A stamp of ``node``; without ``wall_ms`` the clock's now, later than every stamp made so far (an
    honest client's HLC: the server refuses an event stamped before what it follows)."""
    if wall_ms is None:
        wall = _last_wall[0] = max(int(time.time() * 1000), _last_wall[0] + 1)
    else:
        wall = wall_ms
    return f"{wall:013d}-{counter:05d}-{node}"


def event(case: str, type_: str, payload: dict, author: str, node: str, **over: Any) -> dict:
    ev = {"i": str(uuid.uuid4()), "c": case, "t": type_, "a": author, "h": hlc(node), "p": payload}
    ev.update(over)
    return ev


def group(partition: str, device: str, role: str, events: list[dict]) -> dict:
    return {"p": partition, "d": device, "o": role, "e": events}


@dataclass
class Token:
    """A device as the server sees it: id, bearer token, role, region."""

    dev: str
    tok: str
    role: str
    region: str
    user: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def node(self) -> str:
        return self.dev[:12]

    def raw(self, url: str, source: str | None = None) -> Raw:
        return Raw(url, self.tok, source)


@dataclass
class Verdict:
    """Per pushed event: its sequence (0 = rejected) and the rejection code, from one sync reply."""

    ack: list[int]
    rej: dict[int, tuple[str, str]]
    dup: set[int]

    @classmethod
    def of(cls, resp: Resp, n: int) -> Verdict:
        assert resp.status == 200, (resp.status, resp.body[:500])
        body = resp.json()
        ack = body["ack"]
        assert isinstance(ack, list) and len(ack) == n, (n, body)
        rej: dict[int, tuple[str, str]] = {}
        for entry in body.get("rej") or []:
            index, code, message = entry
            assert isinstance(code, str) and REJECT_CODE_RE.match(code), entry
            assert isinstance(message, str) and message, entry
            rej[index] = (code, message)
        return cls(ack, rej, set(body.get("dup") or []))

    def accepted(self, i: int) -> bool:
        return self.ack[i] > 0 and i not in self.rej

    def rejected(self, i: int) -> bool:
        return self.ack[i] == 0 and i in self.rej


def registration_payload(partition: str, case_no: str) -> dict[str, Any]:
    """A well-formed case_registered payload, as ``villagedesk import`` writes one (seen on the wire)."""
    materials = [
        {
            "custody": "applicant",
            "form": "copy",
            "name": name,
            "necessity": "required",
            "required_form": "copy",
            "status": "have",
        }
        for name in ("经营者身份证", "经营场所使用证明", "申请书")
    ]
    return {
        "agent_name": "李娜",
        "applicant": {
            "address": "东街1号",
            "birth_date": "1980-01-01",
            "group": "一组",
            "id": str(uuid.uuid4()),
            "id_number": "419001198001010006",
            "id_type": "resident_id",
            "name": "钱多",
            "phone": "13800000000",
            "sex": "女",
            "village_code": partition,
        },
        "at": "2026-11-20",
        "bundle_code": None,
        "case_no": case_no,
        "category": "证照代办",
        "channel": "import",
        "final_level": "town",
        "item_code": "JY006",
        "item_version": 1,
        "items": [{"code": "JY006", "name": "个体工商户设立登记", "version": 1}],
        "limit_unit": "working_days",
        "mandate_signed": True,
        "materials": materials,
        "note": "",
        "promised_days": 1,
        "title": "个体工商户设立登记",
    }
