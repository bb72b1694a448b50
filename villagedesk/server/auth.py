"""Devices, one-time enrollment codes, bearer tokens and the enrollment rate limit.

Codes and tokens are stored only as SHA-256 digests: both are long random secrets, so a fast hash is
enough and a stolen database yields nothing usable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from villagedesk.domain import validators
from villagedesk.domain.case_numbers import CROCKFORD
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.server import models as sm
from villagedesk.server.db import Database
from villagedesk.sync import protocol as proto

log = logging.getLogger(__name__)

CODE_ALPHABET = proto.CODE_ALPHABET  # no 0/O, 1/I/L: the desk checks a typed code against the same
CODE_LENGTH = proto.CODE_LENGTH
DEFAULT_CODE_HOURS = 72


class AuthError(Exception):
    """401: no token, an unknown one, or a revoked device."""


class EnrollRefused(Exception):
    """403: the code is unknown, used or expired, or the ``dev`` named may not be taken over (message in
    Chinese for the person typing it; ``code`` the machine code of the reply). ``guess``: the refusal is
    of the code itself (wrong, spent, expired), what a guesser meets, so it counts against the address's
    failure budget; a refusal after a valid unspent code (the device id taken, the village full) is an
    honest office's to retry once the town has acted, and never locks it out."""

    def __init__(self, message: str, code: str = "enroll_refused", guess: bool = True) -> None:
        super().__init__(message)
        self.code = code
        self.guess = guess


DEVICE_TAKEN = "device_taken"
VILLAGE_FULL = "village_full"


class RateLimited(Exception):
    """429: too many failed enrollment attempts."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def format_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@dataclass(frozen=True)
class DeviceInfo:
    id: str
    name: str
    role: Role
    region: str
    # revoked PCs of this device's village and role whose token this request showed (a restored backup
    # of theirs): their undelivered cases may go up from here (``feed._Ledgers._check_tag``)
    carried: frozenset[str] = frozenset()

    @property
    def scopes(self) -> list[str]:
        return proto.scopes_for(self.role, self.region)

    def may_write(self, partition: str) -> bool:
        return any(proto.in_scope(s, partition) for s in self.scopes)


def check_region(role: Role, region: str) -> None:
    if role is Role.AGENT and not proto.is_village(region):
        raise ValueError(f"村级代办员的区划应为12位村级代码: {region}")
    if role is Role.CLERK and not proto.is_town(region):
        raise ValueError(f"镇中心工作人员的区划应为12位乡镇代码(以000结尾): {region}")
    if role is Role.CITY and not proto.is_city(region):
        raise ValueError(f"市级审批服务中心的区划应为6位市级代码加000000: {region}")
    if role not in (Role.AGENT, Role.CLERK, Role.CITY):
        raise ValueError("角色应为 agent、clerk 或 city")


MAX_CODE_HOURS = 24 * 90  # a code that lives longer is a standing password


def published_regions(db: Database) -> dict[str, str]:
    """Every region code the server has published (``regions`` reference rows: code → name); empty
    when it never published any (a town server that ships with the devices' own list)."""
    out: dict[str, str] = {}
    with db.read() as s:
        for data in s.scalars(select(sm.RefRow.data).where(sm.RefRow.kind == "regions")):
            try:
                rows = json.loads(data).get("regions", [])
            except (ValueError, AttributeError):
                continue
            for r in rows if isinstance(rows, list) else []:
                if isinstance(r, dict) and isinstance(r.get("code"), str):
                    out[r["code"]] = str(r.get("name", ""))
    return out


def check_known_region(db: Database, role: Role, region: str) -> None:
    """A code for a region the published list does not hold is a typo until someone says otherwise
    (``--new-region``): a device enrolled for a village that does not exist syncs nothing anyone sees."""
    known = published_regions(db)
    if not known:
        return
    city = region[:6] + "000000"
    if role is Role.CITY:
        if region in known or any(code.startswith(region[:6]) for code in known):
            return
        raise ValueError(f"服务器已发布的地区清单中没有市级代码 {region}: 请核对; 若确为新设地区, 加 --new-region")
    if region in known:
        return
    level = "村" if role is Role.AGENT else "乡镇"
    city_known = any(code.startswith(region[:6]) for code in known)
    note = "" if city_known else f"(所属市 {city} 也不在清单中)"
    raise ValueError(
        f"服务器已发布的地区清单中没有{level}代码 {region}{note}: 请核对代码; 若确为新设的{level}, 加 --new-region"
    )


def create_code(
    db: Database,
    region: str,
    role: Role,
    name: str,
    hours: float = DEFAULT_CODE_HOURS,
    new_region: bool = False,
):
    """A new one-time code; returns (code as printed, expiry). ``new_region``: the region is meant even
    though the published region list does not hold it (a village set up after the last list)."""
    check_region(role, region)
    if not new_region:
        check_known_region(db, role, region)
    if not (isinstance(hours, int | float) and 0 < hours <= MAX_CODE_HOURS):
        raise ValueError(f"有效期应为大于 0、不超过 {MAX_CODE_HOURS} 的小时数")
    try:
        name = validators.device_name(name)
    except ValidationError as err:
        raise ValueError(err.message) from None
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = utcnow()
    expires = now + timedelta(hours=hours)
    with db.write() as s:
        s.add(
            sm.EnrollCode(
                code_hash=digest(code), region=region, role=role.value, name=name, created_at=now, expires_at=expires
            )
        )
    return format_code(code), expires


def enroll(db: Database, req: proto.EnrollRequest) -> tuple[DeviceInfo, str, str | None]:
    """Spend a code: a new device, its token (shown once) and, for a village's PC, the device tag its
    case numbers carry from now on. Two enrollments of one village racing for one tag on PostgreSQL: the
    loser's transaction is rolled back whole (its code unspent) and tried again with another tag."""
    for attempt in range(3):
        try:
            return _enroll_once(db, req)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _enroll_once(db: Database, req: proto.EnrollRequest) -> tuple[DeviceInfo, str, str | None]:
    now = utcnow()
    with db.write() as s:
        row = s.get(sm.EnrollCode, digest(req.code))
        if row is None:
            raise EnrollRefused("注册码无效")
        if row.used_at is not None:
            raise EnrollRefused("注册码已被使用, 请向镇中心管理员申请新的注册码")
        if row.expires_at < now:
            raise EnrollRefused("注册码已过期, 请向镇中心管理员申请新的注册码")
        before = s.get(sm.Device, req.device, with_for_update=True) if req.device else None
        if before is not None:
            check_successor(s, before, row)
        device_id = req.device if req.device and before is None else str(uuid.uuid4())
        # the same PC enrolling again (it sends the id it had): it inherits that revoked device's tags
        replaces = before.id if before is not None else None
        token = "vd1." + secrets.token_urlsafe(32)
        s.add(
            sm.Device(
                id=device_id,
                name=row.name,
                role=row.role,
                region=row.region,
                token_hash=digest(token),
                created_at=now,
                replaces=replaces,
            )
        )
        row.used_at = now
        row.device_id = device_id
        info = DeviceInfo(device_id, row.name, Role(row.role), row.region)
        issue_bundle_key(s, device_id, now)
        tag = reserve_tag(s, row.region, device_id) if proto.is_village(row.region) else None
        if row.role == Role.CITY.value:
            announce_city(s, row.region)
    return info, token, tag


def announce_city(s, region: str) -> None:
    """Publish, in the caller's write transaction, that ``region``'s city has a city device (a ``city``
    reference row, once per city), so a town's desk refuses the decision of a city-level item before
    writing it, as the judge refuses it (``feed.city_codes``). The feed lock comes first: two server
    processes announcing one city at once publish it once."""
    code = region[:6] + "000000"
    state = s.scalars(select(sm.FeedState).where(sm.FeedState.id == 1).with_for_update()).one()
    held = s.execute(select(sm.RefRow.rseq).where(sm.RefRow.kind == "city", sm.RefRow.key == code)).first()
    if held is not None:
        return
    state.ref_seq += 1
    s.add(
        sm.RefRow(
            rseq=state.ref_seq,
            kind="city",
            key=code,
            region=code,
            effective_from=None,
            data=json.dumps({"city": code}),
            created_at=utcnow(),
        )
    )


def announce_cities(db: Database) -> None:
    """At the server's start: a city device enrolled by an older version, which published no ``city``
    row, is announced now, so its towns' desks learn of the city by sync and not only from a refusal."""
    with db.read() as s:
        cities = {r[:6] for r in s.scalars(select(sm.Device.region).where(sm.Device.role == Role.CITY.value))}
        known = {k[:6] for k in s.scalars(select(sm.RefRow.key).where(sm.RefRow.kind == "city"))}
    for city in sorted(cities - known):
        with db.write() as s:
            announce_city(s, city)


def check_successor(s: Session, before: sm.Device, code: sm.EnrollCode) -> None:
    """An enrollment naming an enrolled device's id asks to take its place (its device tags, its case
    numbers): only a revoked device of the code's own village (or town) and role, and only once. Any other
    name would let a token take a live PC's numbers, or another village's."""
    if (before.region, before.role) != (code.region, code.role):
        raise EnrollRefused("该设备编号属于其他村或其他角色的电脑, 不能用本注册码接替", DEVICE_TAKEN, guess=False)
    if before.revoked_at is None:
        raise EnrollRefused(
            "该设备编号的电脑仍在使用: 请先在镇中心注销原电脑 (villagedesk-server revoke), 再重新注册",
            DEVICE_TAKEN,
            guess=False,
        )
    taken = s.execute(select(sm.Device.id).where(sm.Device.replaces == before.id).limit(1)).first()
    if taken is not None:
        raise EnrollRefused("该设备编号的电脑已由另一台电脑接替, 不能再次接替", DEVICE_TAKEN, guess=False)


def reserve_tag(s: Session, village: str, device_id: str) -> str:
    """A device tag no live PC of the village holds, now held by ``device_id``. Tags drawn by each PC on
    its own collide (1 in 1,024 for two PCs of a village, 1 in 20 for ten), and the judge gives a tag to
    the first device numbering cases under it: the second PC's cases would all be refused."""
    held = dict(
        s.execute(
            select(sm.DeviceTag.tag, sm.Device.revoked_at)
            .join(sm.Device, sm.Device.id == sm.DeviceTag.device_id, isouter=True)
            .where(sm.DeviceTag.partition == village)
        ).all()
    )
    free = [a + b for a in CROCKFORD for b in CROCKFORD if a + b not in held]
    if not free:  # every tag held: take one of a revoked PC (the judge frees those too)
        free = [t for t, revoked in held.items() if revoked is not None]
    if not free:
        raise EnrollRefused("本村已登记的电脑过多, 请先在镇中心注销不用的电脑", VILLAGE_FULL, guess=False)
    tag = secrets.choice(free)
    s.execute(sm.DeviceTag.__table__.delete().where(sm.DeviceTag.partition == village, sm.DeviceTag.tag == tag))
    s.add(sm.DeviceTag(partition=village, tag=tag, device_id=device_id))
    return tag


def issue_bundle_key(s, device_id: str, now: datetime) -> str:
    """A new USB-bundle key for the device (replacing any older one); the enroll reply carries it."""
    from villagedesk.sync.bundle import new_key

    key = new_key()
    row = s.get(sm.BundleKey, device_id)
    if row is None:
        s.add(sm.BundleKey(device_id=device_id, key=key, last_in=0, created_at=now))
    else:
        row.key, row.last_in, row.created_at = key, 0, now
    return key


def bundle_key(db: Database, device_id: str) -> str | None:
    with db.read() as s:
        row = s.get(sm.BundleKey, device_id)
        return row.key if row is not None else None


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; the scheme's case does not matter
    (RFC 7235: ``bearer`` and ``BEARER`` are the same scheme). None: no bearer credentials at all."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


class TokenCache:
    """Bearer token → device. With ``ttl`` 0 (the default) every request reads the device's row (one
    indexed read), so a revocation by the CLI — another process, or another ``serve`` worker — holds
    from the very next request. A positive ``ttl`` trades that for fewer reads (tests, benchmarks)."""

    def __init__(self, db: Database, ttl: float = 0.0) -> None:
        self.db = db
        self.ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, DeviceInfo | None]] = {}
        self._seen: dict[str, float] = {}

    def cached(self, authorization: str | None) -> DeviceInfo | None:
        """The device of a token checked less than ``ttl`` ago, else None (then ``device`` decides);
        no database access, so the event loop may call it."""
        token = bearer_token(authorization) if self.ttl > 0 else None
        if not token:
            return None
        key = digest(token)
        with self._lock:
            hit = self._cache.get(key)
        if hit is None or time.monotonic() - hit[0] > self.ttl:
            return None
        return hit[1]

    def device(self, authorization: str | None, contact: bool = True) -> DeviceInfo:
        """The device a token names (AuthError: none, or revoked). ``contact``: this request counts as
        the device's contact with the town (``devices``, ``revoke``), written at most once a minute per
        device; ``/api/v1/sync`` passes False and writes it in its push's own transaction instead."""
        info = self._device(authorization)
        if contact and self.seen_due(info.id):
            self.record_contact(info.id)
        return info

    def record_contact(self, device_id: str) -> None:
        """Write the device's last contact in a transaction of its own. A busy database costs the
        request nothing: the contact is written by the device's next request instead."""
        try:
            with self.db.write() as s:
                mark_seen(s, device_id)
        except SQLAlchemyError as exc:
            with self._lock:
                self._seen.pop(device_id, None)
            log.warning("last contact of device %s not recorded: %s", device_id, type(exc).__name__)

    def _device(self, authorization: str | None) -> DeviceInfo:
        token = bearer_token(authorization)
        if token is None:
            raise AuthError("缺少设备令牌")
        if not token or len(token) > 200:
            raise AuthError("设备令牌无效")
        key = digest(token)
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
        if hit is None or now - hit[0] > self.ttl or self.ttl <= 0:
            with self.db.snapshot_conn() as conn:
                row = conn.execute(_BY_TOKEN, {"h": key}).first()
                info = (
                    DeviceInfo(row.id, row.name, Role(row.role), row.region) if row and row.revoked_at is None else None
                )
            with self._lock:
                if len(self._cache) > 10_000:
                    self._cache.clear()
                self._cache[key] = (now, info)
        else:
            info = hit[1]
        if info is None:
            raise AuthError("设备令牌无效或设备已被吊销")
        return info

    def forget(self) -> None:
        with self._lock:
            self._cache.clear()

    def seen_due(self, device_id: str, every_s: float = 60.0) -> bool:
        """Whether this device's last contact should be recorded now (at most once a minute per device);
        a True answer counts as recorded, so the caller must write it with ``mark_seen``."""
        now = time.monotonic()
        with self._lock:
            last = self._seen.get(device_id)
            if last is not None and now - last < every_s:
                return False
            self._seen[device_id] = now
            return True


_DEVICES = sm.Device.__table__
_BY_TOKEN = select(_DEVICES.c.id, _DEVICES.c.name, _DEVICES.c.role, _DEVICES.c.region, _DEVICES.c.revoked_at).where(
    _DEVICES.c.token_hash == bindparam("h")
)
MARK_SEEN = _DEVICES.update().where(_DEVICES.c.id == bindparam("b_id")).values(last_seen=bindparam("b_at"))


def mark_seen(session: Session, device_id: str) -> None:
    """Set the device's last contact time inside the caller's write transaction (a push already has one)."""
    session.connection().execute(MARK_SEEN, {"b_id": device_id, "b_at": utcnow()})


class FailureLimiter:
    """At most ``per_client`` failed enrollments per client address, and ``per_code`` per code tried,
    in a window. Nothing global: an attacker's failures can lock out only the attacker's address (and the
    code it keeps trying), never a town's clerks enrolling from their own PCs with their own codes."""

    def __init__(self, per_client: int = 5, per_code: int = 5, window: float = 600.0) -> None:
        self.per_client, self.per_code, self.window = per_client, per_code, window
        self._lock = threading.Lock()
        self._by_client: dict[str, deque[float]] = {}
        self._by_code: dict[str, deque[float]] = {}

    def _recent(self, table: dict[str, deque[float]], key: str, now: float) -> int:
        q = table.get(key)
        if q is None:
            return 0
        while q and now - q[0] > self.window:
            q.popleft()
        if not q:
            del table[key]
        return len(q)

    def check(self, client: str, code: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            if self._recent(self._by_client, client, now) >= self.per_client or (
                code and self._recent(self._by_code, digest(code), now) >= self.per_code
            ):
                raise RateLimited("注册尝试过于频繁, 请10分钟后再试")

    def failed(self, client: str, code: str = "") -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._by_client) > 100_000:  # a flood of addresses: forget the oldest window
                self._by_client.clear()
                self._by_code.clear()
            self._by_client.setdefault(client, deque()).append(now)
            if code:
                self._by_code.setdefault(digest(code), deque()).append(now)


def list_devices(db: Database) -> list[sm.Device]:
    with db.read() as s:
        return list(s.scalars(select(sm.Device).order_by(sm.Device.created_at)))


def revoke(db: Database, device_id: str) -> bool:
    with db.write() as s:
        row = s.get(sm.Device, device_id)
        if row is None:
            return False
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        return True


def carried_devices(db: Database, device: DeviceInfo, claims: tuple[tuple[str, str], ...]) -> frozenset[str]:
    """The revoked devices whose token a request showed: only a device of the same village and role, and
    only its own token (its hash on file). A live PC is never named: its numbers stay its own."""
    if not claims:
        return frozenset()
    ids = sorted({d for d, _t in claims})[:8]
    with db.read() as s:
        rows = {r.id: r for r in s.scalars(select(sm.Device).where(sm.Device.id.in_(ids)))}
    out = set()
    for dev, tok in claims:
        row = rows.get(dev)
        if row is None or row.revoked_at is None or dev == device.id:
            continue
        if (row.region, row.role) != (device.region, device.role.value):
            continue
        if secrets.compare_digest(row.token_hash, digest(tok)):
            out.add(dev)
    return frozenset(out)
