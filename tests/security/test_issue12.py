"""Issue 12: what a hostile client with a valid token found, over real HTTP on SQLite and PostgreSQL.

Written from docs/sync-protocol.md alone (no server code imported): control characters in any field that
reaches a database column, non-ASCII digits in HLCs, an integer of 5,000 digits in one payload, bundle
headers and sealed bundles carrying them, and every refusal's wording.
"""

from __future__ import annotations

import base64
import gzip
import hmac
import json
import re
import secrets
import socket
import struct
import time
import uuid
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.security.harness import (
    TOWN1,
    VA,
    Raw,
    Resp,
    Server,
    Token,
    Verdict,
    enroll_raw,
    event,
    group,
    hlc,
    server_cli,
)
from tests.security.harness import registration_payload as registration
from tests.security.templates import pg_create, pg_drop


@pytest.fixture(scope="module")
def server(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the module (each test uses devices of its own)."""
    name = f"vdsec_issue12_{uuid.uuid4().hex[:8]}" if database == "pg" else ""
    url = pg_create(name) if name else None
    srv = Server(tmp_path_factory.mktemp("issue12") / "town", url).start()
    try:
        yield srv
    finally:
        srv.stop()
        if name:
            pg_drop(name)


def enroll(server: Server, region: str, role: str, name: str) -> tuple[Token, dict]:
    body = enroll_raw(server.url, server.code(region, role, name)).json()
    return Token(body["dev"], body["tok"], body["role"], body["region"]), body


def agent(server: Server) -> Token:
    tok, body = enroll(server, VA, "agent", "other-vendor")
    TAGS[tok.dev] = body["tag"]
    return tok


TAGS: dict[str, str] = {}
_seq = iter(range(1, 10_000))


def case_no(tok: Token) -> str:
    """A number of the device's own tag (the server gives each PC of a village its own)."""
    return f"{VA[6:]}-261120-{TAGS[tok.dev]}{next(_seq):03d}"


def pulled_ids(server: Server, tok: Token) -> dict[str, dict]:
    resp = tok.raw(server.url).sync(cur={}, own=True, lim=5000)
    assert resp.status == 200, resp.body[:300]
    return {e["i"]: e for g in resp.json().get("pull") or [] for e in g["e"]}


def assert_error_shape(resp: Resp, status: int, code: str | None = None) -> dict:
    assert resp.status == status, (resp.status, resp.body[:300])
    body = resp.json()
    assert set(body) >= {"error", "message", "now"}, body
    assert "detail" not in body, body
    if code:
        assert body["error"] == code, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body
    return body


# --- 1 and 3: control characters and non-ASCII digits, per event -------------------------------------------

# (name, how to spoil one event): every path of an event's text into a column
SPOILERS = {
    "hlc-node-nul": lambda e: e.update(h=e["h"][:19] + "-n\u0000n"),
    "hlc-node-esc": lambda e: e.update(h=e["h"][:19] + "-n\u001b[31m"),
    "hlc-node-rlo": lambda e: e.update(h=e["h"][:19] + "-n\u202en"),
    "hlc-node-c1": lambda e: e.update(h=e["h"][:19] + "-n\u0085n"),
    "hlc-node-chinese": lambda e: e.update(h=e["h"][:19] + "-节点"),
    "hlc-arabic-indic-digits": lambda e: e.update(
        h="".join(chr(0x660 + int(c)) if c.isdigit() else c for c in e["h"][:19]) + e["h"][19:]
    ),
    "hlc-fullwidth-digits": lambda e: e.update(
        h="".join(chr(0xFF10 + int(c)) if c.isdigit() else c for c in e["h"][:13]) + e["h"][13:]
    ),
    "hlc-trailing-newline": lambda e: e.update(h=e["h"] + "\n"),
    "author-nul": lambda e: e.update(a="a\u0000b"),
    "author-esc": lambda e: e.update(a="a\u001bb"),
    "author-c1": lambda e: e.update(a="a\u009bb"),
    "payload-text-nul": lambda e: e["p"].update(text="备注\u0000"),
    "payload-text-esc": lambda e: e["p"].update(text="备注\u001b[2J"),
    "payload-text-bell": lambda e: e["p"].update(text="备注\u0007"),
    "payload-text-backspace": lambda e: e["p"].update(text="备注\u0008"),
    "payload-text-del": lambda e: e["p"].update(text="备注\u007f"),
    "payload-text-c1": lambda e: e["p"].update(text="备注\u0085"),
    "payload-key-control": lambda e: e["p"].update({"k\u0001": "x"}),
    "payload-nested-control": lambda e: e["p"].update(extra={"list": ["ok", "bad\u0010"]}),
    "id-nul": lambda e: e.update(i=e["i"][:-1] + "\u0000"),
    "case-id-unicode-digit": lambda e: e.update(c=e["c"][:-1] + "\u0663"),
    "prev-nul": lambda e: e.update(r=[str(uuid.uuid4())[:-1] + "\u0000"]),
}


def test_control_characters_and_foreign_digits_are_refused_per_event(server: Server) -> None:
    """One honest registration and note, then one spoiled note per path: only the spoiled ones refused,
    none of them stored or served, the batch answered 200 (PostgreSQL once gave 500 and lost it all)."""
    atk = agent(server)
    observer = enroll(server, TOWN1, "clerk", "observer")[0]
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)
    good_note = event(case, "note_added", {"text": "第一行\n第二行\t制表"}, atk.user, atk.node)
    bad = []
    for spoil in SPOILERS.values():
        e = event(case, "note_added", {"text": "恶意"}, atk.user, atk.node)
        spoil(e)
        bad.append(e)
    events = [reg, good_note, *bad]
    resp = atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", events)])
    v = Verdict.of(resp, len(events))
    assert v.accepted(0) and v.accepted(1), v
    for n, name in enumerate(SPOILERS, start=2):
        assert v.rejected(n), (name, v.ack[n], v.rej.get(n))
        _code, message = v.rej[n]
        assert not any(ch < " " or "\x7f" <= ch <= "\x9f" or ch == "\u202e" for ch in message), (name, message)
    for tok in (observer, atk):
        held = pulled_ids(server, tok)
        assert reg["i"] in held and good_note["i"] in held
        for name, e in zip(SPOILERS, bad, strict=True):
            assert e["i"] not in held, f"{name} was stored and served"
        for e in held.values():
            assert all(ch.isascii() and ch.isprintable() for ch in e["h"]), e["h"]


def test_a_group_key_with_a_control_character_refuses_only_its_group(server: Server) -> None:
    """Group keys (partition, role) with NUL/ESC: that group refused per event, the other group stored;
    the role is not echoed back."""
    atk = agent(server)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)
    n1 = event(case, "note_added", {"text": "x"}, atk.user, atk.node)
    n2 = event(case, "note_added", {"text": "y"}, atk.user, atk.node)
    groups = [
        group(VA, atk.dev, "agent", [reg]),
        group(VA + "\u0000", atk.dev, "agent", [n1]),
        group(VA, atk.dev, "ag\u0000ent", [n2]),
    ]
    v = Verdict.of(atk.raw(server.url).sync(push=groups), 3)
    assert v.accepted(0) and v.rejected(1) and v.rejected(2), v
    assert "\u0000" not in v.rej[2][1] and "ag" not in v.rej[2][1], v.rej[2]


def test_the_group_device_is_the_token_whatever_d_says(server: Server) -> None:
    """``d`` an integer, 10,000 characters or with a NUL: replaced by the token's device (as documented)."""
    atk = agent(server)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)
    notes = [event(case, "note_added", {"text": str(n)}, atk.user, atk.node) for n in range(3)]
    groups = [
        group(VA, atk.dev, "agent", [reg]),
        group(VA, 12345, "agent", [notes[0]]),  # type: ignore[arg-type]
        group(VA, "x" * 10_000, "agent", [notes[1]]),
        group(VA, "dev\u0000ice", "agent", [notes[2]]),
    ]
    v = Verdict.of(atk.raw(server.url).sync(push=groups), 4)
    assert all(v.accepted(n) for n in range(4)), v
    resp = atk.raw(server.url).sync(cur={}, own=True)
    devices = {g["d"] for g in resp.json()["pull"] for e in g["e"] if e["c"] == case}
    assert devices == {atk.dev}, devices


# --- 4: an integer of 5,000 digits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "digits",
    ["9" * 5000, "-" + "9" * 5000, "1" + "0" * 25, "18446744073709551616"],
    ids=["5000-digits", "minus-5000-digits", "26-digits", "2-to-the-64"],
)
def test_a_huge_integer_refuses_its_event_only(server: Server, digits: str) -> None:
    atk = agent(server)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)
    bad = event(case, "note_added", {"text": "大数", "n": "HUGE-NUMBER"}, atk.user, atk.node)
    after = event(case, "note_added", {"text": "之后"}, atk.user, atk.node)
    resp = atk.raw(server.url).sync(
        push=[group(VA, atk.dev, "agent", [reg, bad, after])], sub={"HUGE-NUMBER": digits.encode()}
    )
    v = Verdict.of(resp, 3)
    assert v.accepted(0) and v.rejected(1) and v.accepted(2), v
    assert "整数" in v.rej[1][1], v.rej[1]
    held = pulled_ids(server, atk)
    assert reg["i"] in held and after["i"] in held and bad["i"] not in held


# --- 2: bundles ------------------------------------------------------------------------------------------


def seal(head: dict, body: dict, key: str) -> bytes:
    """A push bundle as docs/sync-protocol.md ("USB bundles") describes it."""
    k = base64.urlsafe_b64decode(key)
    mac_key = hmac.new(k, b"villagedesk-bundle/1 mac", "sha256").digest()
    enc_key = hmac.new(k, b"villagedesk-bundle/1 enc", "sha256").digest()
    h = json.dumps(head, separators=(",", ":"), sort_keys=True).encode("utf-8")
    raw = json.dumps(body, separators=(",", ":")).encode("utf-8")
    nonce = secrets.token_bytes(12)
    packed = nonce + AESGCM(enc_key).encrypt(nonce, gzip.compress(raw), h)
    data = b"VillageDesk-bundle/1\n" + struct.pack(">I", len(h)) + h + struct.pack(">Q", len(packed)) + packed
    return data + hmac.new(mac_key, data, "sha256").digest()


def upload(server: Server, clerk: Token, data: bytes) -> Resp:
    return clerk.raw(server.url).request(
        "POST",
        "/api/v1/bundles",
        data,
        {"X-VillageDesk-Protocol": "1", "Content-Type": "application/octet-stream"},
    )


@pytest.mark.parametrize("dev", ["x\u0000y", "\u001b[31m", "设备", "a" * 65, 7, "\ud800", "d\udfff"])
def test_a_bundle_header_device_with_control_characters_is_a_bad_bundle(server: Server, dev: object) -> None:
    clerk = enroll(server, TOWN1, "clerk", "importer")[0]
    head = {"k": "push", "dev": dev, "n": 1, "at": 1, "cnt": 0}
    data = seal(head, {"v": 1, "batches": []}, base64.urlsafe_b64encode(b"k" * 32).decode())
    assert_error_shape(upload(server, clerk, data), 400, "bad_bundle")


def test_a_sealed_bundle_with_a_nul_node_event_is_judged_per_event(server: Server) -> None:
    atk, body = enroll(server, VA, "agent", "bundle-vendor")
    TAGS[atk.dev] = body["tag"]
    clerk = enroll(server, TOWN1, "clerk", "importer2")[0]
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)
    bad = event(case, "note_added", {"text": "x"}, atk.user, atk.node, h=hlc("n\u0000n"))
    after = event(case, "note_added", {"text": "y"}, atk.user, atk.node)
    push = [group(VA, atk.dev, "agent", [reg, bad, after])]
    head = {"k": "push", "dev": atk.dev, "n": 1, "at": 1, "cnt": 3}
    data = seal(head, {"v": 1, "cur": {}, "ref": 0, "batches": [{"push": push}]}, body["bk"])
    resp = upload(server, clerk, data)
    assert resp.status == 200, resp.body[:400]
    held = pulled_ids(server, atk)
    assert reg["i"] in held and after["i"] in held and bad["i"] not in held
    # the next number is free, the same one is a replay
    again = upload(server, clerk, data)
    assert_error_shape(again, 409, "replayed")
    head2 = {**head, "n": 2}
    assert upload(server, clerk, seal(head2, {"v": 1, "cur": {}, "ref": 0, "batches": []}, body["bk"])).status == 200


# --- 5: a revoked PC's tag ------------------------------------------------------------------------------


def test_a_revoked_pcs_tag_is_never_taken_by_another_device(server: Server) -> None:
    """PC A numbers a case under its tag and is revoked (handed over); a token of the village pushing a
    registration under A's tag is refused: A's numbers stay A's, and the tag counts toward B's two."""
    a = agent(server)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(a)), a.user, a.node)
    assert Verdict.of(a.raw(server.url).sync(push=[group(VA, a.dev, "agent", [reg])]), 1).accepted(0)
    out = server_cli(server.data, server.db, "revoke", a.dev)
    assert out.returncode == 0, out.stderr
    b = agent(server)
    TAGS[b.dev] = TAGS[a.dev]  # B numbers under A's tag
    stolen = event(str(uuid.uuid4()), "case_registered", registration(VA, case_no(b)), b.user, b.node)
    v = Verdict.of(b.raw(server.url).sync(push=[group(VA, b.dev, "agent", [stolen])]), 1)
    assert v.rejected(0) and v.rej[0][0] == "duplicate_case", v
    assert stolen["i"] not in pulled_ids(server, b)


def test_the_pc_enrolled_again_in_a_revoked_devices_place_keeps_its_tag(server: Server) -> None:
    """The handover path (docs/sync-protocol.md, enroll): the old device is revoked, the same PC enrolls
    again sending the id it had, and the cases it numbered under its old tag before go through."""
    old = agent(server)
    assert server_cli(server.data, server.db, "revoke", old.dev).returncode == 0
    code = server.code(VA, "agent", "same-pc")
    body = Raw(server.url).post_json("/api/v1/enroll", {"v": 1, "code": code, "dev": old.dev}, gz=False).json()
    new = Token(body["dev"], body["tok"], body["role"], body["region"])
    assert new.dev != old.dev
    TAGS[new.dev] = TAGS[old.dev]  # registered offline under the old tag, before enrolling again
    reg = event(str(uuid.uuid4()), "case_registered", registration(VA, case_no(new)), new.user, new.node)
    v = Verdict.of(new.raw(server.url).sync(push=[group(VA, new.dev, "agent", [reg])]), 1)
    assert v.accepted(0), v


# --- 6: X-Forwarded-For ---------------------------------------------------------------------------------


def _bad_enrolls(url: str, n: int) -> list[int]:
    """``n`` wrong codes from loopback, each claiming another address in X-Forwarded-For."""
    out = []
    for k in range(n):
        resp = Raw(url).post_json(
            "/api/v1/enroll",
            {"v": 1, "code": f"ZZZZ-ZZZZ-{k:04d}"},
            gz=False,
            headers={"X-Forwarded-For": f"203.0.113.{k + 1}"},
        )
        out.append(resp.status)
    return out


def test_x_forwarded_for_is_not_believed_unless_the_proxy_is_named(database: str, tmp_path) -> None:
    """By default a forged X-Forwarded-For does not escape the per-address enrollment limit (uvicorn
    believed it from loopback); ``serve --forwarded-allow-ips 127.0.0.1`` believes the named proxy."""
    name = f"vdsec_xff_{uuid.uuid4().hex[:8]}" if database == "pg" else ""
    url = pg_create(name) if name else None
    try:
        plain = Server(tmp_path / "plain", url).start()
        try:
            statuses = _bad_enrolls(plain.url, 7)
        finally:
            plain.stop()
        assert 429 in statuses, f"forged addresses escaped the limit: {statuses}"
        behind = Server(tmp_path / "proxied", url, extra=("--forwarded-allow-ips", "127.0.0.1")).start()
        try:
            statuses = _bad_enrolls(behind.url, 7)
        finally:
            behind.stop()
        assert 429 not in statuses, f"the named proxy's addresses were not believed: {statuses}"
    finally:
        if name:
            pg_drop(name)


# --- 7: a stalled body ----------------------------------------------------------------------------------


SLOTS = 3  # a device's sync requests served at once (docs/sync-protocol.md)


def test_a_stalled_body_is_cut_and_frees_the_sync_slot(database: str, tmp_path) -> None:
    """Headers and 5 bytes of a 100-byte body, then nothing: 408 after ``--body-timeout`` and the
    device's sync slot is free again (it once held it, 429 busy, for more than 65 s)."""
    name = f"vdsec_stall_{uuid.uuid4().hex[:8]}" if database == "pg" else ""
    url = pg_create(name) if name else None
    srv = Server(tmp_path / "town", url, extra=("--body-timeout", "2")).start()
    try:
        tok = enroll(srv, VA, "agent", "staller")[0]
        head = (
            f"POST /api/v1/sync HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {tok.tok}\r\n"
            "X-VillageDesk-Protocol: 1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
        )
        socks = [socket.create_connection(("127.0.0.1", srv.port), timeout=15) for _ in range(SLOTS)]
        try:
            for s in socks:
                s.sendall(head.encode() + b'{"v":')
            time.sleep(0.5)
            assert tok.raw(srv.url).sync().status == 429  # the stalled requests hold every slot meanwhile
            started = time.monotonic()
            for s in socks:
                answer = b""
                while b"\r\n\r\n" not in answer:
                    piece = s.recv(4096)
                    if not piece:
                        break
                    answer += piece
                assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
            waited = time.monotonic() - started
        finally:
            for s in socks:
                s.close()
        assert waited < 10, waited
        assert tok.raw(srv.url).sync().status == 200  # the slot is free
    finally:
        srv.stop()
        if name:
            pg_drop(name)


# --- 8: every refusal in Chinese, never echoing what was sent --------------------------------------------

ALLOWED_LATIN = {"UUID", "HLC", "ASCII", "NUL", "JSON", "NaN", "SHA", "JY006", "JY009"}
MARK = "hacked"


def _message_ok(message: str) -> bool:
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]{2,}", message))
    plain = not any(ch < " " or "\x7f" <= ch <= "\x9f" for ch in message)
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in message)
    return chinese and words <= ALLOWED_LATIN and MARK not in message and plain


def test_every_refusal_is_a_chinese_sentence_that_echoes_nothing(server: Server) -> None:
    atk = agent(server)
    case = str(uuid.uuid4())
    reg = event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)
    assert Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", [reg])]), 1).accepted(0)
    note = event(case, "note_added", {"text": "x"}, atk.user, atk.node)
    assert Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", [note])]), 1).accepted(0)

    def ev(type_: str = "note_added", payload: dict | None = None, **over) -> dict:
        return event(case, type_, payload if payload is not None else {"text": "y"}, atk.user, atk.node, **over)

    wrong_level = registration(VA, case_no(atk))
    wrong_level.update(item_code="JY009", final_level="city")
    cases = {
        "malformed": [
            ev(t=MARK),
            ev(a=""),
            ev(a=MARK + "\u0000"),
            ev(s=MARK),
            ev(s=10**6),
            ev(p=[MARK]),
            ev(i=MARK),
            ev(c=MARK.upper()),
            ev(h=MARK),
            ev(r=[MARK]),
            ev(r="x" * 10),
            {"i": MARK},
            MARK,
        ],
        "payload": [
            event(str(uuid.uuid4()), "case_registered", wrong_level, atk.user, atk.node),
            ev(payload={"text": MARK + "\u0000"}),
            ev(payload={"text": 1.5e308 * 10}),
        ],
        "clock": [ev(h=hlc(atk.node, wall_ms=1000))],
        "unknown_case": [event(str(uuid.uuid4()), "note_added", {"text": "z"}, atk.user, atk.node)],
        "duplicate_case": [event(case, "case_registered", registration(VA, case_no(atk)), atk.user, atk.node)],
        "transition": [ev("conflict_resolved", {"state": MARK}), ev("conflict_resolved", {"state": "registered"})],
        "type": [ev("decided", {"outcome": MARK})],
        "conflict": [{**note, "p": {"text": MARK}}],
    }
    items = [e for evs in cases.values() for e in evs]
    groups = [
        group(VA, atk.dev, "agent", items),
        group(VA, atk.dev, "clerk", [ev()]),  # role
        group("419001100202", atk.dev, "agent", [ev()]),  # partition (another village)
        group(VA, atk.dev, MARK + "\u0000", [ev()]),  # an unknown role
    ]
    resp = atk.raw(server.url).sync(push=groups)
    total = len(items) + 3
    v = Verdict.of(resp, total)
    seen_codes = set()
    for n in range(total):
        assert v.rejected(n), (n, v.ack[n])
        code, message = v.rej[n]
        seen_codes.add(code)
        assert _message_ok(message), (n, code, message)
    assert {"malformed", "payload", "clock", "unknown_case", "duplicate_case", "transition", "role", "partition"} <= (
        seen_codes
    ), seen_codes


# --- 9: the small ones ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer"])
def test_the_bearer_scheme_is_case_insensitive(server: Server, scheme: str) -> None:
    tok = agent(server)
    resp = Raw(server.url).post_json("/api/v1/sync", {"v": 1}, headers={"Authorization": f"{scheme} {tok.tok}"})
    assert resp.status == 200, resp.body[:200]


@pytest.mark.parametrize("number", ["261120", "991231", "271231"])
def test_a_case_number_day_beyond_a_year_ahead_is_refused(server: Server, number: str) -> None:
    """2099 (or any day more than a year ahead) in a case number: refused as ``at`` is; today's is taken."""
    atk = agent(server)
    no = f"{VA[6:]}-{number}-{TAGS[atk.dev]}{next(_seq):03d}"
    reg = event(str(uuid.uuid4()), "case_registered", registration(VA, no), atk.user, atk.node)
    v = Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", [reg])]), 1)
    if number == "261120":
        assert v.accepted(0), v
    else:
        assert v.rejected(0) and v.rej[0][0] == "payload", v


@pytest.mark.parametrize("suffix", ["\n", "\u0663", "\u0000"])
def test_a_case_number_with_a_trailing_newline_or_foreign_digit_is_refused(server: Server, suffix: str) -> None:
    atk = agent(server)
    no = f"{VA[6:]}-261120-{TAGS[atk.dev]}{next(_seq):03d}{suffix}"
    reg = event(str(uuid.uuid4()), "case_registered", registration(VA, no), atk.user, atk.node)
    v = Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", [reg])]), 1)
    assert v.rejected(0), v


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/api/v1/no-such-thing", 404), ("DELETE", "/api/v1/sync", 405), ("GET", "/api/v1/enroll", 405)],
)
def test_framework_refusals_have_the_documented_shape(server: Server, method: str, path: str, status: int) -> None:
    resp = Raw(server.url).request(method, path, headers={"X-VillageDesk-Protocol": "1"})
    assert_error_shape(resp, status)


@pytest.mark.parametrize(
    "body",
    [
        {"v": 1, "cur": {"\ud800": 0}, "ref": 0, "batches": []},
        {"v": 1, "cur": {}, "ref": 0, "batches": [{"push": [{"p": "\ud800", "d": "x", "o": "agent", "e": []}]}]},
        {"v": 1, "cur": {}, "ref": 0, "batches": [], "trail": {"f": 1, "p": "\udfff", "r": []}},
    ],
)
def test_a_lone_surrogate_in_a_bundles_content_is_a_bad_bundle_or_judged(server: Server, body: dict) -> None:
    """A bundle's content error is ``bad_bundle`` with a Chinese message (or the event's own refusal), never
    the generic ``bad_request`` a lone surrogate reaching a database lookup gave."""
    atk, enrolled = enroll(server, VA, "agent", "bundle-surrogate")
    clerk = enroll(server, TOWN1, "clerk", "importer-s")[0]
    head = {"k": "push", "dev": atk.dev, "n": 1, "at": 1, "cnt": 0}
    resp = upload(server, clerk, seal(head, body, enrolled["bk"]))
    assert resp.status in (200, 400), resp.body[:300]
    if resp.status == 400:
        assert_error_shape(resp, 400, "bad_bundle")
