"""留痕上报 against a hostile village PC: audit entries written by hand as raw JSON (not by our client)
and pushed over real loopback HTTP with a genuine token, on SQLite and PostgreSQL.

Each hostile payload must get a JSON answer (never a 5xx), leave no traceback in the server's log, be
refused per entry (kept as refused, with a reason code and a Chinese sentence) or, where the batch's frame
itself is broken, raise a ``malformed`` alert; another village's trail stays as it was, an honest PC still
syncs, and the clerk's ``villagedesk audit`` (and the rows its 留痕 page shows) still reads everything.

Fails on the old code: a lone surrogate in any text of an entry raised ``UnicodeEncodeError`` inside the
server's judge (a traceback, no alert, nothing kept); a NUL in ``at`` or ``ref`` failed PostgreSQL's
insert (a traceback); an entry naming another village's case or event was listed as that case's trail,
已核验; a stamp, kind, reference or digest that the program never writes (ANSI escapes, markup, year
9999) was kept and shown as genuine, and year 9999 made the clerk's ``villagedesk audit`` crash with
``OverflowError`` on a PC east of UTC.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import logging
import os
import time
import uuid

import pytest
import requests

from tests.integration.test_audit_entries import TOWN, VILLAGE, _case_no, _chain
from tests.integration.test_audit_tamper import _register, _sync
from villagedesk import cli
from villagedesk.db import audit_chain
from villagedesk.domain import audit_chain as ac
from villagedesk.domain import audit_entries as ae
from villagedesk.server import audit_heads
from villagedesk.services import audit
from villagedesk.services.desk import Desk
from villagedesk.sync import audit_view, engine
from villagedesk.sync import protocol as proto

HOSTILE_VILLAGE = "419001100202"
LONE = "\ud800"
SEP = "\x1f"


def _sha(*parts: str) -> str:
    """SHA-256 as a hostile client computes it: over whatever characters it likes (surrogates too)."""
    return hashlib.sha256(SEP.join(parts).encode("utf-8", "surrogatepass")).hexdigest()


class Hostile:
    """A village PC's token in the hands of a client written by hand: it tracks the head the town holds
    for it from each reply, and writes entries consistent with that head (they link and hash)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.cfg = engine.server_config(desk)
        with desk.store.read() as s:
            self.seq, self.hash = audit_chain.last_entry(s)  # the town holds all of it (synced)

    def post(self, aud: object, raw: bytes | None = None) -> requests.Response:
        body = raw if raw is not None else json.dumps({"v": proto.PROTOCOL_VERSION, "cur": {}, "aud": aud}).encode()
        headers = {
            "Authorization": f"Bearer {self.cfg.token}", proto.PROTOCOL_HEADER: str(proto.PROTOCOL_VERSION),
            "Content-Type": "application/json", "Content-Encoding": "gzip",
        }  # fmt: skip
        return requests.post(self.cfg.url + "/api/v1/sync", data=gzip.compress(body), headers=headers, timeout=60)

    def entry(self, prev: str, *, at="2026-12-01T08:00:00", kind="audit", ref="9001", content=None, row=None, h=None):
        """One wire entry after ``prev``; an ``audit`` entry gets a row and the digest of that row."""
        if kind == ac.KIND_AUDIT and row is None:
            row = ["2026-12-01T08:00:00.000001", "王芳", "print", "受理回执: 测试"]
        if content is None:
            content = _sha(*row) if row is not None and all(isinstance(x, str) for x in row) else "ab" * 32
        if h is None:
            h = _sha(*(x if isinstance(x, str) else json.dumps(x) for x in (prev, at, kind, ref, content)))
        return [at, kind, ref, content, h] + ([row] if row is not None else [])

    def send(
        self, entries: list[list], first: int | None = None, prev: str | None = None, **extra
    ) -> requests.Response:
        """A batch after the head the town holds (or at ``first``/``prev``), the claimed head its last entry."""
        first = self.seq + 1 if first is None else first
        prev = self.hash if prev is None else prev
        last_hash = entries[-1][4] if entries and isinstance(entries[-1][4], str) else prev
        aud = {"s": first - 1 + len(entries), "h": last_hash if ae_hex(last_hash) else prev, "ks": self.seq,
               "kh": self.hash, "e": {"f": first, "p": prev, "r": entries}, **extra}  # fmt: skip
        reply = self.post(aud)
        got = reply.json().get("aud", {}) if reply.status_code == 200 else {}
        if "es" in got:
            self.seq, self.hash = got["es"], got["eh"]
        return reply

    def one(self, **fields) -> requests.Response:
        return self.send([self.entry(self.hash, **fields)])


def ae_hex(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _rows(clerk: Desk, **query) -> list[dict]:
    """The clerk's query as it travels (the rows the CLI and the 留痕 page are made of)."""
    cfg = engine.server_config(clerk)
    body = {"case": query.get("case", ""), "device": query.get("device", ""), "limit": 2000}
    headers = {"Authorization": f"Bearer {cfg.token}", proto.PROTOCOL_HEADER: str(proto.PROTOCOL_VERSION)}
    reply = requests.post(cfg.url + audit_view.PATH, json=body, headers=headers, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()["rows"]


@pytest.fixture
def world(enrolled, server):
    village = enrolled("村委会电脑", VILLAGE)
    bad = enrolled("外村电脑", HOSTILE_VILLAGE)
    clerk = enrolled("镇中心", TOWN, "clerk")
    case_no = _case_no(village, _register(village, "张三", "419001198001010014"))
    audit.record_print(village, "receipt", case_no, "村委会打印机")
    _register(bad, "李四", "419001199002020024")
    _sync(village)
    _sync(bad)
    return village, bad, clerk, case_no


def _tracebacks(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


# (name, fields of one entry the hostile client writes, the reason code the town must give)
PER_ENTRY = [
    ("surrogate in at", {"at": "2026-12-01T08:00:00" + LONE}, "text"),
    ("surrogate in ref", {"ref": "9" + LONE}, "text"),
    ("surrogate in content", {"content": LONE * 64}, "text"),
    ("surrogate in kind", {"kind": "audit" + LONE}, "text"),
    ("surrogate in the row's stamp", {"row": ["2026-12-01T08:00:00" + LONE, "王芳", "print", "x"]}, "text"),
    ("surrogate in actor", {"row": ["2026-12-01T08:00:00", "王" + LONE, "print", "x"]}, "text"),
    ("surrogate in action", {"row": ["2026-12-01T08:00:00", "王芳", "print" + LONE, "x"]}, "text"),
    ("surrogate in detail", {"row": ["2026-12-01T08:00:00", "王芳", "print", "受理回执" + LONE]}, "text"),
    ("NUL in at", {"at": "2026-12-01T08:00:00\x00"}, "form"),
    ("NUL in ref", {"ref": "9\x00"}, "form"),
    ("ANSI escape in at", {"at": "\x1b[2J\x1b[31m2026"}, "form"),
    ("markup in at", {"at": "<b>2026-12-01</b>"}, "form"),
    ("year 9999", {"at": "9999-12-31T23:59:59"}, "form"),
    ("not a stamp", {"at": "yesterday"}, "form"),
    ("int at", {"at": 20261201}, "form"),
    ("null ref", {"ref": None}, "form"),
    ("list content", {"content": ["ab"] * 32}, "form"),
    ("NaN content", {"content": float("nan")}, "form"),
    ("content not hex", {"content": "Z" * 64}, "form"),
    ("unknown kind", {"kind": "<script>"}, "form"),
    ("markup ref", {"ref": "<img src=x onerror=alert(1)>"}, "form"),
    ("huge at", {"at": "2" * 100_000}, "form"),
    ("huge detail", {"row": ["2026-12-01T08:00:00", "王芳", "print", "详" * 100_000]}, "form"),
    ("deep row", {"row": ["2026-12-01T08:00:00", "王芳", "print", json.loads("[" * 200 + "]" * 200)]}, "form"),
    ("row of 3", {"row": ["2026-12-01T08:00:00", "王芳", "print"]}, "form"),
    ("row on an event entry", {"kind": "event", "ref": str(uuid.uuid4()), "row": ["a", "b", "c", "d"]}, "form"),
    ("action not the app's", {"row": ["2026-12-01T08:00:00", "王芳", "打印<b>", "x"]}, "form"),
    ("markup in actor", {"row": ["2026-12-01T08:00:00", "<img src=x onerror=alert(1)>", "print", "x"]}, "actor"),
    ("bidi in actor", {"row": ["2026-12-01T08:00:00", "王芳\u202e", "print", "x"]}, "actor"),
    ("control in actor", {"row": ["2026-12-01T08:00:00", "王\x07芳", "print", "x"]}, "actor"),
    ("hash over other content", {"h": "cd" * 32}, "hash"),
]


@pytest.mark.parametrize("fields,code", [pytest.param(f, c, id=n) for n, f, c in PER_ENTRY])
def test_a_hostile_entry_is_refused_on_its_own_with_a_reason(world, server, caplog, fields, code) -> None:
    _village, bad, clerk, _case = world
    before = _rows(clerk, device="村委会电脑")
    h = Hostile(bad)
    caplog.set_level(logging.WARNING)
    reply = h.one(**fields)
    assert reply.status_code == 200, reply.text[:300]
    assert "cur" in reply.json()  # the sync itself went on
    assert reply.json()["aud"]["es"] == h.seq  # the town holds the entry (refused) ...
    after = h.send([h.entry(h.hash)])  # ... and the entry after it still links
    assert after.status_code == 200 and after.json()["aud"]["es"] == h.seq
    assert _tracebacks(caplog) == []
    rows = {r["seq"]: r for r in _rows(clerk, device="外村电脑")}
    refused = rows[h.seq - 1]
    assert refused["why"] == code, refused
    assert refused["refused"] == ae.REASONS[code]
    assert rows[h.seq]["refused"] == "" and rows[h.seq]["why"] == ""
    assert any(a.kind == "entry_refused" for a, _n in audit_heads.alerts(server.db))
    for text in (refused["at"], refused["actor"], refused["action"], refused["detail"], refused["case"]):
        assert text.isprintable() and len(text) <= 300, text
        text.encode("utf-8")  # storable, printable: no surrogate, control or NUL character reaches the clerk
    assert _rows(clerk, device="村委会电脑") == before  # the other village's trail is as it was
    _clerk_reads_everything(clerk, caplog)


@contextlib.contextmanager
def _east_of_utc(tz: str = "Asia/Shanghai"):
    """This process's local time zone set to China's (where local time of year 9999 overflows)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def _clerk_reads_everything(clerk: Desk, caplog) -> None:
    """The clerk's command and the rows of its 留痕 page, on a PC east of UTC (China)."""
    with _east_of_utc():
        for row in audit_view.fetch(clerk, "", "", 2000):
            audit_view.describe(row)
            audit_view.local_time(row.at)
        code, _out, err = _audit_cli_capture(clerk)
        assert code == 0, err


def _audit_cli_capture(clerk: Desk) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--profile", str(clerk.paths.root), "audit", "--limit", "2000"])
    return code, out.getvalue(), err.getvalue()


def test_the_clerk_survives_a_stamp_the_old_server_kept() -> None:
    """A row an older server kept (year 9999, before the stamp was judged) must not crash the clerk: the
    conversion to local time overflows east of UTC."""
    with _east_of_utc():
        assert audit_view.local_time("9999-12-31T23:59:59") == "9999-12-31T23:59:59"
        assert audit_view.local_time("0001-01-01T00:00:00")
        row = audit_view.Row("pc", 1, "9999-12-31T23:59:59", "audit", "王芳", "print", "x", "", "", False)
        assert "9999" in audit_view.describe(row)


def test_an_entry_about_another_villages_case_is_not_that_cases_trail(world, server, caplog) -> None:
    village, bad, clerk, case_no = world
    genuine = _rows(clerk, case=case_no)
    assert genuine and all(r["pc"] == "村委会电脑" and r["refused"] == "" for r in genuine)
    with village.store.read() as s:
        event_ids = [e.ref for e in audit_chain.entries(s) if e.kind == ac.KIND_EVENT]
    h = Hostile(bad)
    caplog.set_level(logging.WARNING)
    # a print of the other village's case (consistent: the row's digest and the hash are right)
    printed = h.one(row=["2026-12-01T08:00:00", "王芳", "print", f"受理回执: {case_no} → 打印机"])
    assert printed.status_code == 200
    # the same, the case number hidden after one of its own
    own = _case_no(bad, _register(bad, "王五", "41900119900303003X"))
    _sync(bad)
    h = Hostile(bad)
    assert h.one(row=["2026-12-01T08:00:00", "王芳", "print", f"受理回执: {own}, {case_no}"]).status_code == 200
    # an event entry naming the other village's event (the town holds it: it would read as genuine)
    for ref in event_ids:
        assert h.one(kind="event", ref=ref, content="ab" * 32).status_code == 200
    assert h.one(kind="restamp", ref=event_ids[0], content="cd" * 32).status_code == 200
    assert _tracebacks(caplog) == []

    assert _rows(clerk, case=case_no) == genuine  # the old code: the forged entries listed under its case
    mine = [r for r in _rows(clerk, device="外村电脑") if r["why"]]
    assert len(mine) == 2 + len(event_ids) + 1 and {r["why"] for r in mine} == {"partition"}, mine
    assert all(r["case"] == "" for r in mine)
    assert all(r["held"] is False and r["name"] == "" and r["action"] == "" for r in mine if r["kind"] != "audit")
    assert all(r["refused"] == ae.REASONS["partition"] for r in mine)
    # an honest own-case print still verifies, and the village's own trail still grows
    assert h.one(row=["2026-12-01T08:00:00", "王芳", "print", f"受理回执: {own}"]).status_code == 200
    assert _rows(clerk, device="外村电脑")[0]["refused"] == ""
    audit.record_print(village, "notice", case_no, "村委会打印机")
    _sync(village)
    assert len(_rows(clerk, case=case_no)) == len(genuine) + 1


def test_an_event_that_reaches_the_town_later_from_another_village_is_not_held(world, server) -> None:
    """The event is looked up again at each query: one pushed later by another village must not make the
    hostile PC's entry about it read as genuine."""
    village, bad, clerk, _case = world
    h = Hostile(bad)
    case_id = _register(village, "赵六", "419001199004040045")  # not synced yet: the town holds no event
    with village.store.read() as s:
        ref = next(e.ref for e in reversed(audit_chain.entries(s)) if e.kind == ac.KIND_EVENT)
    assert h.one(kind="event", ref=ref, content="ab" * 32).status_code == 200
    _sync(village)  # now the town holds the event, pushed by the other village
    forged = next(r for r in _rows(clerk, device="外村电脑") if r["seq"] == h.seq)
    assert forged["held"] is False and forged["name"] == "" and forged["case"] == ""
    rows = audit_view.fetch(clerk, "", "外村电脑", 2000)
    assert next(r for r in rows if r.seq == h.seq).refused  # the clerk reads it as 未采信
    assert _case_no(village, case_id) not in {r["case"] for r in _rows(clerk, device="外村电脑")}


def test_batches_no_program_writes_leave_the_trails_as_they_were(world, server, caplog) -> None:
    """Frames that cannot be linked or stored: a malformed alert or nothing, never a 5xx or a traceback;
    the other village's trail unchanged, and both PCs still sync."""
    village, bad, clerk, case_no = world
    before = _rows(clerk, device="村委会电脑")
    h = Hostile(bad)
    start = (h.seq, h.hash)
    honest_chain = _chain(village)
    caplog.set_level(logging.WARNING)
    e1 = h.entry(h.hash)
    e2 = h.entry(e1[4], ref="9002")
    many = []
    prev = h.hash
    for n in range(10_000):
        many.append(h.entry(prev, ref=str(n)))
        prev = many[-1][4]
    frames: list[tuple[str, object]] = [
        ("10k entries in one push", {"e": {"f": h.seq + 1, "p": h.hash, "r": many}}),
        ("f as text", {"e": {"f": str(h.seq + 1), "p": h.hash, "r": [e1]}}),
        ("f NaN", {"e": {"f": float("nan"), "p": h.hash, "r": [e1]}}),
        ("f huge", {"e": {"f": 10**40, "p": h.hash, "r": [e1]}}),
        ("f negative", {"e": {"f": -1, "p": h.hash, "r": [e1]}}),
        ("p markup", {"e": {"f": h.seq + 1, "p": "<b>", "r": [e1]}}),
        ("p surrogate", {"e": {"f": h.seq + 1, "p": LONE * 64, "r": [e1]}}),
        ("entry not a list", {"e": {"f": h.seq + 1, "p": h.hash, "r": [{"at": 1}]}}),
        ("entry of 9", {"e": {"f": h.seq + 1, "p": h.hash, "r": [[*e1, 1, 2, 3]]}}),
        ("hash not hex", {"e": {"f": h.seq + 1, "p": h.hash, "r": [[*e1[:4], LONE * 64]]}}),
        ("e a list", {"e": [e1]}),
        (
            "forged device id",
            {"d": "other", "dev": village.identity.device_id, "e": {"f": h.seq + 1, "p": h.hash, "r": [e1, e2]}},
        ),
        ("a gap", {"e": {"f": h.seq + 5, "p": h.hash, "r": [e1]}}),
        ("another device's chain", {"e": {"f": 1, "p": ac.GENESIS, "r": _wire(village)}}),
        ("another device's chain after ours", {"e": {"f": h.seq + 1, "p": h.hash, "r": _wire(village)[1:]}}),
        ("reordered", {"e": {"f": h.seq + 1, "p": h.hash, "r": [e2, e1]}}),
        ("duplicated seq (the batch again)", {"e": {"f": h.seq + 1, "p": h.hash, "r": [e1, e2]}}),
        ("replay of an older head", {"s": 1, "h": honest_chain[0][1], "e": {"f": 1, "p": ac.GENESIS, "r": []}}),
        ("deep nesting", {"e": {"f": h.seq + 1, "p": h.hash, "r": json.loads("[" * 900 + "]" * 900)}}),
    ]
    for name, aud in frames:
        claim = {"s": h.seq + 2, "h": e2[4], "ks": h.seq, "kh": h.hash, **aud}
        reply = h.post(claim)
        assert reply.status_code in (200, 400), (name, reply.status_code, reply.text[:300])
        reply.json()
        if reply.status_code == 200:
            assert "cur" in reply.json(), name
    for raw in (b'{"v": 1, "cur": {}, "aud": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                b'{"v": 1, "cur": {}, "aud": {"s": NaN, "h": Infinity}}'):  # fmt: skip
        reply = h.post(None, raw=raw)
        assert reply.status_code in (200, 400), reply.text[:300]
        reply.json()
    assert _tracebacks(caplog) == []
    assert _rows(clerk, device="村委会电脑") == before
    assert _chain(village) == honest_chain
    held = _rows(clerk, device="外村电脑")
    assert max(r["seq"] for r in held) == start[0] + 2  # never the 10k, a gap, or more than the PC claimed
    # the other PC's real chain, sent as this PC's own: it replaced this PC's trail (as a restore would,
    # with an alert), and not one entry of it is believed: its events are another village's
    current = [r for r in held if not r["superseded"]]
    assert current and all(r["why"] in ("partition", "row_missing") for r in current), current
    assert all(r["case"] == "" for r in current)
    assert {"malformed", "diverged", "rollback"} <= {a.kind for a, _n in audit_heads.alerts(server.db)}
    # the honest PCs go on
    audit.record_print(village, "notice", case_no, "村委会打印机")
    _sync(village)
    after = _rows(clerk, device="村委会电脑")
    assert len(after) == len(before) + 1 and all(r["refused"] == "" for r in after)
    _clerk_reads_everything(clerk, caplog)


def _wire(desk: Desk) -> list[list]:
    """Another PC's real chain entries, as its own client would send them."""
    with desk.store.read() as s:
        return ae.wire_rows(audit_chain.entries(s), {})
