"""What an independent hostile tester (a valid village token, a client written from docs/sync-protocol.md)
found on main: the protocol version echoed, a bundle header with a key twice, device text on the public
case page, and authors claimed across devices. Over real HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import secrets
import struct
import uuid
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tests.security.harness import TOWN1, VA, Raw, Resp, Server, Token, Verdict, enroll_raw, event, group
from tests.security.harness import registration_payload as registration
from tests.security.templates import pg_create, pg_drop

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@pytest.fixture(scope="module")
def server(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    name = f"vdsec_hostile3_{uuid.uuid4().hex[:8]}" if database == "pg" else ""
    url = pg_create(name) if name else None
    srv = Server(tmp_path_factory.mktemp("hostile3") / "town", url).start()
    try:
        yield srv
    finally:
        srv.stop()
        if name:
            pg_drop(name)


def enroll(server: Server, region: str, role: str, name: str) -> tuple[Token, dict]:
    body = enroll_raw(server.url, server.code(region, role, name)).json()
    return Token(body["dev"], body["tok"], body["role"], body["region"]), body


_seq = iter(range(1, 10_000))


def case_no(tag: str) -> str:
    return f"{VA[6:]}-261120-{tag}{next(_seq):03d}"


# --- 2: the protocol version is never echoed -------------------------------------------------------------


@pytest.mark.parametrize("where", ["header", "body"])
@pytest.mark.parametrize("version", [99, 0, 424242])
def test_a_refused_protocol_version_is_not_echoed(server: Server, where: str, version: int) -> None:
    raw = Raw(server.url)
    if where == "header":
        resp = raw.post_json("/api/v1/enroll", {"v": 1, "code": "ZZZZ-ZZZZ-ZZZZ"}, headers={
            "X-VillageDesk-Protocol": str(version)})  # fmt: skip
    else:
        resp = raw.post_json("/api/v1/enroll", {"v": version, "code": "ZZZZ-ZZZZ-ZZZZ"})
    assert resp.status == 400, (resp.status, resp.body[:300])
    message = resp.json()["message"]
    assert "不支持的协议版本" in message, message
    assert f"版本 {version}" not in message and f"版本{version}" not in message, message
    if version > 9:
        assert str(version) not in message, message


# --- 3: a bundle header is read by the strict wire reader -----------------------------------------------


def seal_raw(head: bytes, body: dict, key: str) -> bytes:
    """A push bundle as docs/sync-protocol.md ("USB bundles") describes it, with the header's bytes as given."""
    k = base64.urlsafe_b64decode(key)
    mac_key = hmac.new(k, b"villagedesk-bundle/1 mac", "sha256").digest()
    enc_key = hmac.new(k, b"villagedesk-bundle/1 enc", "sha256").digest()
    raw = json.dumps(body, separators=(",", ":")).encode("utf-8")
    nonce = secrets.token_bytes(12)
    packed = nonce + AESGCM(enc_key).encrypt(nonce, gzip.compress(raw), head)
    data = b"VillageDesk-bundle/1\n" + struct.pack(">I", len(head)) + head + struct.pack(">Q", len(packed)) + packed
    return data + hmac.new(mac_key, data, "sha256").digest()


def upload(server: Server, clerk: Token, data: bytes) -> Resp:
    return clerk.raw(server.url).request(
        "POST", "/api/v1/bundles", data, {"X-VillageDesk-Protocol": "1", "Content-Type": "application/octet-stream"}
    )


@pytest.mark.parametrize("twice", ["n", "k", "dev"])
def test_a_bundle_header_naming_a_key_twice_is_a_bad_bundle(server: Server, twice: str) -> None:
    atk, body = enroll(server, VA, "agent", "bundle-dup")
    clerk = enroll(server, TOWN1, "clerk", "importer")[0]
    fields = {"k": '"push"', "dev": json.dumps(atk.dev), "n": "1", "at": "1", "cnt": "0"}
    later = {"k": '"ack"', "dev": json.dumps(str(uuid.uuid4())), "n": "99999"}[twice]
    head = "{" + ",".join(f'"{k}":{v}' for k, v in fields.items()) + f',"{twice}":{later}' + "}"
    data = seal_raw(head.encode(), {"v": 1, "cur": {}, "ref": 0, "batches": []}, body["bk"])
    resp = upload(server, clerk, data)
    assert resp.status == 400, (resp.status, resp.body[:300])
    assert resp.json()["error"] == "bad_bundle", resp.body[:300]
    # the same bundle, each key once: accepted as number 1 (the refusal spent no number)
    head = "{" + ",".join(f'"{k}":{v}' for k, v in fields.items()) + "}"
    ok = upload(server, clerk, seal_raw(head.encode(), {"v": 1, "cur": {}, "ref": 0, "batches": []}, body["bk"]))
    assert ok.status == 200, (ok.status, ok.body[:300])


# --- 4: the public case page shows no device text --------------------------------------------------------


def check_code(case_id: str) -> str:
    digest = hashlib.sha256(b"villagedesk/check-code/v1\x00" + case_id.encode()).digest()
    bits = int.from_bytes(digest[:5], "big")
    return "".join(CROCKFORD[(bits >> (5 * (7 - i))) & 31] for i in range(8))


@pytest.mark.parametrize(
    ("agent_name", "shown"),
    [("<img src=x>", None), ("13800000000", None), ("李娜(加微信领补贴)", None), ("刘洋", "刘洋")],
)
def test_the_public_page_shows_the_catalog_item_and_only_a_real_name(
    server: Server, agent_name: str, shown: str | None
) -> None:
    atk, body = enroll(server, VA, "agent", "page-vendor")
    case = str(uuid.uuid4())
    number = case_no(body["tag"])
    forged = {**registration(VA, number), "title": "<img src=x>免费领取补贴", "agent_name": agent_name}
    reg = event(case, "case_registered", forged, atk.user, atk.node)
    v = Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", [reg])]), 1)
    assert v.rejected(0) and "事项名称与事项目录不符" in v.rej[0][1], v  # a title not the catalog's: refused (#12)
    payload = {**registration(VA, number), "agent_name": agent_name}
    reg = event(case, "case_registered", payload, atk.user, atk.node)
    assert Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", [reg])]), 1).accepted(0)
    resp = Raw(server.url).get(f"/q/{number}?k={check_code(case)}")
    assert resp.status == 200, (resp.status, resp.body[:300])
    page = resp.body.decode("utf-8")
    assert "个体工商户设立登记" in page  # the catalog's name of JY006
    assert "免费领取补贴" not in page and "img src" not in page
    if shown:
        assert f"<dd>{shown}</dd>" in page
    else:
        assert agent_name not in page and "img" not in page
        assert "本村便民服务点" in page


# --- 5: an author is an account of the pushing device, never another PC's -----------------------------


def test_an_author_claimed_from_another_pc_is_never_shown_as_that_pcs_person(server: Server) -> None:
    """PC X's roster names its account ``lina`` 李娜; a token Y of the same village writes a step on X's
    case as ``a: "lina"``. The server keeps ``lina`` as Y's account (docs: "`a` on device `d`"): the
    public page names nobody by X's roster for Y's step (it falls back on the registration's agent)."""
    x, xb = enroll(server, VA, "agent", "honest-pc")
    y = enroll(server, VA, "agent", "claimer")[0]
    case = str(uuid.uuid4())
    number = case_no(xb["tag"])
    reg = event(case, "case_registered", {**registration(VA, number), "agent_name": "刘洋"}, "lina", x.node)
    aud = {"s": 0, "h": "0" * 64, "n": [["lina", "李娜", True]]}
    assert Verdict.of(x.raw(server.url).sync(push=[group(VA, x.dev, "agent", [reg])], aud=aud), 1).accepted(0)
    page = Raw(server.url).get(f"/q/{number}?k={check_code(case)}").body.decode("utf-8")
    assert "<dd>李娜</dd>" in page, page[-600:]  # X's own step: X's roster names it
    note = event(case, "note_added", {"text": "已电话联系"}, "lina", y.node, r=[reg["i"]])
    assert Verdict.of(y.raw(server.url).sync(push=[group(VA, y.dev, "agent", [note])]), 1).accepted(0)
    pulled = x.raw(server.url).sync(cur={}, lim=5000).json().get("pull") or []
    held = [(g["d"], e["a"]) for g in pulled for e in g["e"] if e["i"] == note["i"]]
    assert held == [(y.dev, "lina")], held  # served under the device that pushed it
    page = Raw(server.url).get(f"/q/{number}?k={check_code(case)}").body.decode("utf-8")
    assert "李娜" not in page and "<dd>刘洋</dd>" in page, page[-600:]
