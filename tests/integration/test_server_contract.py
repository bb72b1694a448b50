"""The OpenAPI document is the contract: schemathesis finds no 5xx; HTTPS pinning; bodies too large."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.integration.server_harness import RunningServer
from villagedesk.server.db import Database
from villagedesk.sync import engine, protocol
from villagedesk.sync.transport import PinMismatch, Transport, TransportError

VILLAGE = "419001100201"


@pytest.mark.parametrize("server", ["sqlite"], indirect=True)  # the HTTP layer is the same on both databases
def test_schemathesis_finds_no_server_errors(server, make_desk, tmp_path: Path) -> None:
    desk = make_desk("a")
    token = engine.enroll(desk, server.url, server.code(VILLAGE))["tok"]
    exe = shutil.which("schemathesis") or shutil.which("st")
    cmd = [exe] if exe else [sys.executable, "-m", "schemathesis.cli"]
    proc = subprocess.run(
        [
            *cmd,
            "run",
            server.url + "/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "20",
            "--phases",
            "examples,fuzzing",
            "--seed",
            "7",
            "-H",
            f"Authorization: Bearer {token}",
            "--report-dir",
            str(tmp_path / "st"),
        ],
        capture_output=True,
        text=True,
        timeout=170,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "failed" not in proc.stdout.split("Seed:")[0].lower()


def test_huge_or_broken_bodies_are_refused_cleanly(server, make_desk) -> None:
    desk = make_desk("a")
    token = engine.enroll(desk, server.url, server.code(VILLAGE))["tok"]
    headers = {protocol.PROTOCOL_HEADER: "1", "Authorization": f"Bearer {token}", "Content-Encoding": "gzip"}
    bomb = gzip.compress(b"[" + b"0," * (protocol.MAX_BODY_BYTES // 2 + 10) + b"0]")
    r = requests.post(server.url + "/api/v1/sync", data=bomb, headers=headers, timeout=30)
    assert r.status_code == 413
    r = requests.post(server.url + "/api/v1/sync", data=b"\x1f\x8bnot gzip", headers=headers, timeout=30)
    assert r.status_code == 400
    r = requests.post(server.url + "/api/v1/sync", data=b"{}", headers={**headers, "Content-Encoding": ""}, timeout=30)
    assert r.status_code == 400  # "v" missing


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_path, key_path


def test_https_pins_the_certificate_learned_at_enrollment(tmp_path: Path, make_desk) -> None:
    pytest.importorskip("cryptography")
    cert, key = _self_signed(tmp_path, "town")
    db = Database.open(f"sqlite:///{tmp_path / 'tls.db'}")
    srv = RunningServer(db, cert=cert, key=key).start()
    try:
        desk = make_desk("a")
        engine.enroll(desk, srv.url, srv.code(VILLAGE))
        pin = engine.server_config(desk).fingerprint
        assert pin and len(pin) == 64
        from tests.integration.test_sync_roundtrip import register

        register(desk, "张三", "419001198001010014")
        result = engine.SyncEngine(desk).run()
        assert result.ok and result.pushed == 1
    finally:
        srv.stop()
    # the same address now presents another certificate (an impostor): refused, nothing sent
    cert2, key2 = _self_signed(tmp_path, "impostor")
    srv2 = RunningServer(db, cert=cert2, key=key2)
    srv2._sock.close()
    import socket

    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", srv.port))
    srv2._sock, srv2.port = sock, srv.port
    srv2._thread = __import__("threading").Thread(target=srv2._server.run, kwargs={"sockets": [sock]}, daemon=True)
    srv2.start()
    try:
        t = Transport(srv.url, engine.server_config(desk).token, pin)
        with pytest.raises(PinMismatch):
            t.post("/api/v1/sync", {"v": 1})
        t.close()
        result = engine.SyncEngine(desk).run()
        assert not result.ok and "证书" in (result.error or "")
    finally:
        srv2.stop()
        db.dispose()
    with pytest.raises(ValueError):
        Transport("http://192.0.2.1:8765")  # plain HTTP only on loopback
    with pytest.raises(TransportError):
        Transport("https://127.0.0.1:1", fingerprint="00" * 32).post("/api/v1/sync", {"v": 1})
