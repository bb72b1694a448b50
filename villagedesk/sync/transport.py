"""HTTP to the town server: gzip both ways (protocol 2's zstd encoding on /api/v1/sync), timeouts, TLS pinned
to the certificate learned at enrollment.

The only module that imports ``requests``. Byte counts are what went over the wire (compressed), so the
progress bar and the benchmarks report the truth of a 2G link.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from villagedesk.sync import protocol as proto

CONNECT_TIMEOUT = 15.0
READ_TIMEOUT = 120.0
V2_PATHS = frozenset({"/api/v1/sync"})  # the endpoints whose bodies protocol 2 encodes with sync/codec.py


class TransportError(Exception):
    """The server could not be reached or the connection broke: retry later.

    ``received``: bytes of the reply that arrived before the link broke (``post`` fills it in), so the
    engine learns how much a broken link still carried (sync/sizing.py); ``sent``: the request body's
    size; ``seconds``: how long the request lasted before it failed."""

    def __init__(
        self, message: str, received: int = 0, sent: int = 0, seconds: float = 0.0, connected: bool = True
    ) -> None:
        super().__init__(message)
        self.received = received
        self.sent = sent
        self.seconds = seconds
        self.connected = connected  # False: no connection was made, so nothing of the request left


class ServerRefused(Exception):
    """The server answered with an error status; ``status`` and ``code`` say which."""

    def __init__(
        self, status: int, code: str, message: str, detail: dict | None = None, retry_after: float = 0.0
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail or {}  # the whole error body (e.g. ``off`` of a refused upload range)
        self.retry_after = retry_after  # seconds the server asked to wait (Retry-After), 0 if it said none


MAX_RETRY_AFTER_S = 2 * 24 * 3600.0  # a server asking for longer is believed only this far


def retry_after(value: str | None) -> float:
    """Retry-After in seconds (the delay form; an HTTP date or garbage is 0), capped: no reply can park
    a device's sync for longer than two days."""
    if not value or not value.strip().isdigit() or len(value.strip()) > 9:
        return 0.0
    return min(float(value.strip()), MAX_RETRY_AFTER_S)


class PinMismatch(TransportError):
    """The server's certificate is not the one learned at enrollment."""


@dataclass(frozen=True)
class Reply:
    data: Any
    sent: int  # bytes of the request body on the wire
    received: int  # bytes of the response body on the wire
    seconds: float
    total: int | None = None  # a ranged download: the file's length the server gave (Content-Range …/TOTAL)


_TOTAL = re.compile(r"bytes (?:\d+-\d+|\*)/(\d{1,12})$")


def range_total(value: str | None) -> int | None:
    """TOTAL of a ``Content-Range: bytes START-END/TOTAL`` (or ``bytes */TOTAL`` of a 416), else None."""
    found = _TOTAL.match((value or "").strip())
    return int(found.group(1)) if found else None


def is_loopback_url(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class AddressRefused(ValueError):
    """A server address (or its certificate pin) the desk will not use: what the person typed, not a
    fault of the program (logged without a traceback)."""


def check_url(url: str) -> str:
    """Normalise a server URL; plain HTTP only to loopback."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(f"服务器地址应以 https:// 开头: {url}")
    if parts.scheme == "http" and not is_loopback_url(url):
        raise AddressRefused("明文 HTTP 仅限本机测试; 请使用 https:// 服务器地址")
    return url


def fetch_fingerprint(url: str, timeout: float = CONNECT_TIMEOUT) -> str:
    """SHA-256 (hex) of the server's certificate, as presented now (trust on first use at enrollment)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 443
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock, ctx.wrap_socket(sock) as tls:
            der = tls.getpeercert(binary_form=True)
    except OSError as exc:
        raise TransportError(f"无法连接服务器 {host}:{port}: {exc.strerror or exc}") from None
    if not der:
        raise TransportError("服务器未提供证书")
    return hashlib.sha256(der).hexdigest()


def _no_connection(exc: BaseException) -> bool:
    """Did the request fail before any connection existed (refused, unreachable, connect timeout)?"""
    import requests
    import urllib3.exceptions

    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(exc, requests.exceptions.ConnectionError) and isinstance(
        reason, urllib3.exceptions.NewConnectionError
    )


@contextlib.contextmanager
def _link_errors(progress: Callable[[BaseException], dict[str, Any]] | None = None) -> Iterator[None]:
    """requests' and urllib3's failures as ours: a certificate other than the pinned one is
    ``PinMismatch``, the rest ``TransportError`` (``progress`` adds what the link carried before it
    broke). urllib3's errors escape requests when the link breaks while a reply body is read."""
    import requests  # on first use: start-up does not pay for it
    import urllib3.exceptions

    try:
        yield
    except requests.exceptions.SSLError as exc:
        if "fingerprint" in str(exc).lower():
            raise PinMismatch("服务器证书与注册时记录的不一致, 已拒绝连接(可能被冒充)") from None
        raise TransportError(f"TLS 连接失败: {type(exc).__name__}") from None
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise TransportError(f"网络连接失败: {type(exc).__name__}", **(progress(exc) if progress else {})) from None


def _pinned_adapter(fingerprint: str) -> Any:
    """An HTTPS adapter that accepts exactly the certificate learned at enrollment.

    requests is imported on first use, not with this module: the desktop app imports the sync engine at
    start-up and should not pay for requests/urllib3 before it talks to a server.
    """
    from requests.adapters import HTTPAdapter

    class _PinnedAdapter(HTTPAdapter):
        def __init__(self, fingerprint: str) -> None:
            self._fingerprint = fingerprint
            super().__init__()

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["assert_fingerprint"] = self._fingerprint
            kwargs["cert_reqs"] = "CERT_NONE"
            kwargs["assert_hostname"] = False
            super().init_poolmanager(*args, **kwargs)

        def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
            super().cert_verify(conn, url, False, cert)
            conn.assert_fingerprint = self._fingerprint

    return _PinnedAdapter(fingerprint)


REPLY_LIMIT = 64 * 1024 * 1024  # a pulled page decompressed (the server's page is at most ~1 MB of JSON)


def _decode_reply(raw: bytes, headers: Any) -> Any:
    """A reply body by its Content-Type / Content-Encoding: v2, gzip JSON or plain JSON."""
    kind = headers.get("Content-Type", "").split(";")[0].strip().lower()
    from villagedesk.sync import codec

    if kind == codec.CONTENT_TYPE:
        return codec.decode(raw, limit=REPLY_LIMIT, max_compressed=REPLY_LIMIT)
    gz = headers.get("Content-Encoding", "").lower() == "gzip"
    return proto.decode_body(raw, gz, limit=REPLY_LIMIT)


class Transport:
    """POSTs protocol bodies to one server with one token; reuses the connection between batches."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        fingerprint: str | None = None,
        timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT),
    ) -> None:
        self.base_url = check_url(base_url)
        self.token = token
        self.fingerprint = fingerprint
        self.timeout = timeout
        # Negotiated on the way: the newest version and dictionary first, one step down when the server
        # refuses them (a server from before version 2, or one without this dictionary).
        self.protocol = proto.PROTOCOL_VERSION
        self.newest = proto.PROTOCOL_VERSION  # the most it may move up to (1: behave as a client before v2)
        self.dictionary: int | None = None  # None: the newest this build ships (codec.DICTIONARY_ID)
        import requests

        self._session = requests.Session()
        self._session.trust_env = False  # never route the village's data through a system proxy
        if self.base_url.startswith("https://"):
            if not fingerprint:
                raise AddressRefused("HTTPS 服务器需要注册时记录的证书指纹")
            self._session.mount("https://", _pinned_adapter(fingerprint))

    def close(self) -> None:
        self._session.close()

    def ping(self, timeout: float = 3.0) -> bool:
        """Is the server answering its health check? (cheap; used to retry as soon as the link is back)"""
        import requests

        try:
            resp = self._session.get(self.base_url + "/api/v1/health", timeout=(timeout, timeout))
        except (requests.exceptions.RequestException, OSError):
            return False
        return resp.status_code == 200

    def post_bytes(self, path: str, data: bytes, limit: int = 256 * 1024 * 1024) -> tuple[bytes, dict[str, str]]:
        """POST a file as it is (a USB bundle: already compressed and encrypted); the reply's bytes and
        headers (names in lower case). An error status raises ``ServerRefused`` with the server's message.
        A server from before protocol 2 refuses the version first: then again as version 1."""
        try:
            return self._post_bytes(path, data, limit)
        except ServerRefused as exc:
            if self.protocol > 1 and proto.is_version_refusal(exc.status, exc.message):
                self.protocol = 1
                return self._post_bytes(path, data, limit)
            raise

    def _post_bytes(self, path: str, data: bytes, limit: int) -> tuple[bytes, dict[str, str]]:
        headers = {"Content-Type": "application/octet-stream", proto.PROTOCOL_HEADER: str(self.protocol)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        with _link_errors():
            resp = self._session.post(
                self.base_url + path, data=data, headers=headers, timeout=self.timeout, stream=True
            )
            raw = resp.raw.read(limit + 1, decode_content=True)
        if len(raw) > limit:
            raise TransportError("服务器回复过大")
        if resp.status_code != 200:
            try:
                err = proto.decode_body(raw, False)
            except proto.ProtocolError:
                err = None
            code = err.get("error", "") if isinstance(err, dict) else ""
            message = err.get("message", "") if isinstance(err, dict) else ""
            raise ServerRefused(resp.status_code, str(code), str(message) or f"HTTP {resp.status_code}")
        return raw, {k.lower(): v for k, v in resp.headers.items()}

    def post(self, path: str, body: dict) -> Reply:
        """POST a protocol body in the newest encoding the server takes: version 2 falls back to 1 against
        a server that refuses it (before anything was done), a dictionary it lacks to none; then kept."""
        while True:
            try:
                return self._post(path, body)
            except ServerRefused as exc:
                if self.protocol > 1 and proto.is_version_refusal(exc.status, exc.message):
                    self.protocol = 1
                elif exc.status == 400 and exc.code == "dictionary" and self.dictionary != 0:
                    self.dictionary = 0
                else:
                    raise

    def _encoded(self, path: str, body: dict) -> tuple[bytes, dict[str, str]]:
        """The body on the wire and its headers, for the version negotiated so far."""
        if "v" in body:
            body = {**body, "v": self.protocol}
        if self.protocol >= 2 and path in V2_PATHS:
            from villagedesk.sync import codec  # zstandard on first use: start-up does not pay for it

            dict_id = codec.DICTIONARY_ID if self.dictionary is None else self.dictionary
            return codec.encode(body, dict_id, codec.PUSH_ZSTD_LEVEL), {"Content-Type": codec.CONTENT_TYPE}
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip", "Accept-Encoding": "gzip"}
        return proto.encode_body(body, proto.PUSH_GZIP_LEVEL), headers

    def _post(self, path: str, body: dict) -> Reply:
        payload, headers = self._encoded(path, body)
        headers[proto.PROTOCOL_HEADER] = str(self.protocol)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        start = time.perf_counter()
        pieces: list[bytes] = []
        got = 0

        def progress(exc: BaseException) -> dict[str, Any]:
            seconds = time.perf_counter() - start
            return {"received": got, "sent": len(payload), "seconds": seconds, "connected": not _no_connection(exc)}

        with _link_errors(progress):
            resp = self._session.post(
                self.base_url + path, data=payload, headers=headers, timeout=self.timeout, stream=True
            )
            # piece by piece, so a break mid-reply still tells how many bytes the link carried
            while piece := resp.raw.read1(64 * 1024, decode_content=False):  # what has arrived, at once
                pieces.append(piece)
                got += len(piece)
        raw = b"".join(pieces)
        seconds = time.perf_counter() - start
        try:
            data = _decode_reply(raw, resp.headers) if raw else None
        except proto.ProtocolError:
            raise TransportError(f"服务器回复无法解析 (HTTP {resp.status_code})") from None
        if resp.status_code != 200:
            code = data.get("error", "") if isinstance(data, dict) else ""
            message = data.get("message", "") if isinstance(data, dict) else ""
            wait = retry_after(resp.headers.get("Retry-After"))
            raise ServerRefused(resp.status_code, str(code), str(message) or f"HTTP {resp.status_code}", None, wait)
        served = data.get("v") if isinstance(data, dict) else None
        if type(served) is int and self.protocol < served <= self.newest:
            self.protocol = served  # the server was upgraded: the next request speaks its version
        return Reply(data, len(payload), len(raw), seconds)

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        headers = {proto.PROTOCOL_HEADER: str(self.protocol), **extra}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def put_bytes(self, path: str, data: bytes, extra_headers: dict[str, str]) -> Reply:
        """PUT raw bytes (an attachment range: scans and photos do not compress); the reply is JSON."""
        headers = self._headers({"Content-Type": "application/octet-stream", "Accept-Encoding": "gzip"})
        headers.update(extra_headers)
        return self._raw("PUT", path, data, headers, json_reply=True)

    def get_range(self, path: str, start: int, end: int, sink: Callable[[bytes], None]) -> Reply:
        """GET bytes START..END (inclusive) of an attachment, handing each piece to ``sink`` as it arrives,
        so what came before a broken link is kept; ``data`` is the number of bytes handed over."""
        headers = self._headers({"Range": f"bytes={start}-{end}"})
        t0 = time.perf_counter()
        got = 0
        with _link_errors():
            resp = self._session.get(self.base_url + path, headers=headers, timeout=self.timeout, stream=True)
            if resp.status_code != 206:
                raw = resp.raw.read(decode_content=False)
                body = None
                with contextlib.suppress(proto.ProtocolError):
                    gz = resp.headers.get("Content-Encoding", "").lower() == "gzip"
                    body = proto.decode_body(raw, gz, limit=1024 * 1024) if raw else None
                detail = body if isinstance(body, dict) else {}
                message = str(detail.get("message", "")) or f"HTTP {resp.status_code}"
                total = range_total(resp.headers.get("Content-Range")) if resp.status_code == 416 else None
                if total is not None:  # a start past the end: the file's length, from the header
                    detail = {**detail, "total": total}
                raise ServerRefused(resp.status_code, str(detail.get("error", "")), message, detail)
            if not resp.headers.get("Content-Range", "").startswith(f"bytes {start}-"):
                raise TransportError("服务器回复的附件范围不符")
            for piece in resp.raw.stream(16 * 1024, decode_content=False):
                if got + len(piece) > end - start + 1:
                    raise TransportError("服务器回复的附件范围不符")
                sink(piece)
                got += len(piece)
        if got != end - start + 1 and got != int(resp.headers.get("Content-Length", "-1")):
            raise TransportError("网络连接失败: 回复不完整")
        return Reply(got, 0, got, time.perf_counter() - t0, range_total(resp.headers.get("Content-Range")))

    def _raw(self, method: str, path: str, data: bytes | None, headers: dict[str, str], json_reply: bool) -> Reply:
        start = time.perf_counter()
        with _link_errors():
            resp = self._session.request(
                method, self.base_url + path, data=data, headers=headers, timeout=self.timeout, stream=True
            )
            raw = resp.raw.read(decode_content=False)
        seconds = time.perf_counter() - start
        gz = resp.headers.get("Content-Encoding", "").lower() == "gzip"
        expected = resp.headers.get("Content-Length")
        if expected and expected.isdigit() and int(expected) != len(raw):
            raise TransportError("网络连接失败: 回复不完整")
        if resp.status_code not in (200, 206) or json_reply:
            try:
                body = proto.decode_body(raw, gz, limit=1024 * 1024) if raw else None
            except proto.ProtocolError:
                body = None
            if resp.status_code not in (200, 206):
                detail = body if isinstance(body, dict) else {}
                message = str(detail.get("message", "")) or f"HTTP {resp.status_code}"
                raise ServerRefused(resp.status_code, str(detail.get("error", "")), message, detail)
            if not isinstance(body, dict):
                raise TransportError(f"服务器回复无法解析 (HTTP {resp.status_code})")
            return Reply(body, len(data or b""), len(raw), seconds)
        return Reply(raw, len(data or b""), len(raw), seconds)
