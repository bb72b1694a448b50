"""The server's own schema (SQLite or PostgreSQL, one Alembic tree): devices, codes, the event feed,
reference data and the dead-letter list."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Double, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Device(Base):
    """An enrolled PC. Only the SHA-256 of its token is kept."""

    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    region: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_seen: Mapped[datetime | None] = mapped_column(DateTime)
    # the device id this PC had before it enrolled again (the ``dev`` it sent): once that device is
    # revoked, its tags are this one's, and no other device's (feed._Ledgers._check_tag)
    replaces: Mapped[str | None] = mapped_column(String(36))


class EnrollCode(Base):
    """A one-time code an administrator printed; single use, expires."""

    __tablename__ = "enroll_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    region: Mapped[str] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    device_id: Mapped[str | None] = mapped_column(String(36))


class FeedState(Base):
    """One row: the last event sequence and reference-data sequence handed out. Writers lock it, so
    numbers are given in commit order and a cursor can never skip an event (docs/architecture.md, sync guarantee 4)."""

    __tablename__ = "feed_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    ref_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class ServerEvent(Base):
    """An accepted event, kept with its raw payload; ``digest`` detects a reused id with new content."""

    __tablename__ = "events"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(32))
    partition: Mapped[str] = mapped_column(String(12))
    device: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(96))
    prev: Mapped[str] = mapped_column(Text, default="[]")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    payload: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))
    pushed_by: Mapped[str] = mapped_column(String(36))
    received_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_events_partition_seq", "partition", "seq"), Index("ix_events_case_id", "case_id"))


class ServerCase(Base):
    """A registered case: the village its registration fixed and its number (one case per number)."""

    __tablename__ = "cases"
    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    partition: Mapped[str] = mapped_column(String(12))
    case_no: Mapped[str | None] = mapped_column(String(32), nullable=True)

    __table_args__ = (Index("ix_cases_case_no", "case_no", unique=True),)


class DeviceTag(Base):
    """Whose case numbers these are: the device that first registered with this tag in this village."""

    __tablename__ = "device_tags"
    partition: Mapped[str] = mapped_column(String(12), primary_key=True)
    tag: Mapped[str] = mapped_column(String(2), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36))


class PartitionStat(Base):
    """Events held per partition, updated with each push: the drift check a client compares against."""

    __tablename__ = "partition_stats"
    partition: Mapped[str] = mapped_column(String(12), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    max_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class RefRow(Base):
    """A published reference-data version (catalog, regions, calendar, notice); newer rows replace older."""

    __tablename__ = "ref_rows"
    rseq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(12))  # notices: a town or a village; else everyone
    effective_from: Mapped[str | None] = mapped_column(String(10))
    data: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class DeadLetter(Base):
    """A pushed event the server could not accept, with the reason: never silently dropped."""

    __tablename__ = "dead_letters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    event_id: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)


class BundleKey(Base):
    """A device's key for USB bundles (HMAC-SHA256), issued at enrollment and held on both sides; the
    token cannot serve, as the server keeps only its hash. ``last_in`` is the highest bundle number
    imported from the device: an older or repeated number is a replay and is refused."""

    __tablename__ = "bundle_keys"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(64))
    last_in: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class PushBucket(Base):
    """A device's push quota (quota.py): tokens left in events and in bytes of payload JSON, as of ``at``
    (Unix seconds). In the database, not the process: a restart does not refill it, and every worker
    of ``serve --workers N`` spends the same tokens (under the row lock)."""

    __tablename__ = "push_buckets"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    events: Mapped[float] = mapped_column(Double)
    data: Mapped[float] = mapped_column(Double)
    at: Mapped[float] = mapped_column(Double)


class ServerAttachment(Base):
    """An attachment of one partition: its bytes live in the data folder under their SHA-256 (shared by
    partitions); ``received`` is how far a resumable upload got, ``complete`` that the hash was verified."""

    __tablename__ = "attachments"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    partition: Mapped[str] = mapped_column(String(12), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    device_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)

    # the upload quota reads one device's rows of the last day on every new upload (s0017)
    __table_args__ = (Index("ix_attachments_device_created", "device_id", "created_at"),)


class AuditHead(Base):
    """An audit-chain head a device sent (seq, hash), kept in arrival order: what later heads must extend."""

    __tablename__ = "audit_heads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_audit_heads_device_seq", "device_id", "seq"),)


class AuditAlert(Base):
    """A device's audit trail that was edited, cut or rewritten (or its own check said so): for the town."""

    __tablename__ = "audit_alerts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    # rollback | rewritten | unproven | self_check | malformed | diverged | entry_refused (audit_entries.py)
    kind: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)


class AuditEntryRow(Base):
    """One audit-trail entry a village PC sent (留痕上报), judged on arrival (docs/audit.md).

    ``refused``: why the town does not believe it ("" if it verified). When a PC's chain departs from
    what the town holds (a restored backup), the town's entries from there on are kept, never deleted,
    with ``superseded_at`` set and ``branch`` = ``-id`` (0 is the current trail: one entry per seq).
    ``detail`` is stored with ID and mobile numbers masked."""

    __tablename__ = "audit_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    branch: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    case_no: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    refused: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (Index("ix_audit_entries_device_branch_seq", "device_id", "branch", "seq", unique=True),)


class AuditAccount(Base):
    """A village PC's account as that PC named it (账号名单, docs/audit.md): the clerk's 留痕 shows
    "王芳 (代办员)" for the account id an event names. Keyed by the sending device, so a PC names only
    its own accounts; the name was judged a plain person's name before it was stored."""

    __tablename__ = "audit_accounts"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    active: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # the account's login name (``aud.u``; None from a PC that did not send it): a handover names
    # people by login, the one thing two accounts of one display name never share (domain.answering)
    login: Mapped[str | None] = mapped_column(String(32), nullable=True)
