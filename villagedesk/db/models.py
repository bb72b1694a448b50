"""SQLAlchemy 2 models of the local database.

Events are the truth; ``cases`` and ``search_terms`` are projections rebuilt from them. Reference data
(regions, centers, catalog, accounts) is versioned rows replaced by newer versions from the server.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
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


class Setting(Base):
    """Small key/value facts of this profile: device id and tag, HLC, role, region, counters."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Region(Base):
    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # city | street | town | village | community
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class Center(Base):
    __tablename__ = "centers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    level: Mapped[str] = mapped_column(String(16))  # 市民之家 | 镇中心 | 村站
    name: Mapped[str] = mapped_column(String(128))
    address: Mapped[str] = mapped_column(String(256), default="")
    hours: Mapped[str] = mapped_column(String(128), default="")
    weekend_appointments: Mapped[bool] = mapped_column(Boolean, default=False)
    hotline: Mapped[str] = mapped_column(String(32), default="")
    star_level: Mapped[int | None] = mapped_column(Integer)


class ServiceItem(Base):
    """One version of a service item; cases keep the (code, version) they were taken under."""

    __tablename__ = "service_items"
    __table_args__ = (UniqueConstraint("code", "version", name="uq_service_items_code_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(32), index=True)
    department: Mapped[str] = mapped_column(String(64), default="")
    item_type: Mapped[str] = mapped_column(String(64), default="")
    village_role: Mapped[str] = mapped_column(String(32), default="")
    village_role_note: Mapped[str] = mapped_column(String(128), default="")
    final_level: Mapped[str] = mapped_column(String(16))
    legal_limit: Mapped[str] = mapped_column(String(128), default="")
    promised_limit_text: Mapped[str] = mapped_column(String(128), default="")
    promised_days: Mapped[int] = mapped_column(Integer)
    limit_unit: Mapped[str] = mapped_column(String(16))
    special_procedures: Mapped[list] = mapped_column(JSON, default=list)
    in_person: Mapped[bool] = mapped_column(Boolean, default=False)
    fee: Mapped[str] = mapped_column(String(64), default="")
    illustrative: Mapped[bool] = mapped_column(Boolean, default=False)


class MaterialRequirement(Base):
    __tablename__ = "material_requirements"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("service_items.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(128))
    necessity: Mapped[str] = mapped_column(String(16))
    form: Mapped[str] = mapped_column(String(16))
    copies: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(32), default="applicant")


class ItemBundle(Base):
    """多证联办: several items as one case with one promised limit."""

    __tablename__ = "item_bundles"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    item_codes: Mapped[list] = mapped_column(JSON)
    promised_days: Mapped[int] = mapped_column(Integer)
    limit_unit: Mapped[str] = mapped_column(String(16))


class Applicant(Base):
    """办事群众. Personal data: shown in full only on the case detail for an authorised user."""

    __tablename__ = "applicants"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    id_type: Mapped[str] = mapped_column(String(16), default="resident_id")
    id_number: Mapped[str] = mapped_column(String(32), default="", index=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    village_code: Mapped[str] = mapped_column(String(12), default="")
    group_name: Mapped[str] = mapped_column(String(64), default="")
    address: Mapped[str] = mapped_column(String(256), default="")
    credit_code: Mapped[str] = mapped_column(String(18), default="")


class Account(Base):
    """A local login (agent or clerk); the password is hashed with Argon2id."""

    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class EventRow(Base):
    """An immutable case event. ``local_seq`` orders what this device stored; ``server_seq`` is the
    server's number once it has acknowledged the event."""

    __tablename__ = "events"
    local_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    type: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON, kept byte for byte
    author: Mapped[str] = mapped_column(String(64))
    device: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    partition: Mapped[str] = mapped_column(String(12), index=True)
    hlc: Mapped[str] = mapped_column(String(48))
    prev: Mapped[str] = mapped_column(Text, default="[]")
    schema_version: Mapped[int] = mapped_column(Integer, default=1)
    server_seq: Mapped[int | None] = mapped_column(Integer)


class OutboxEntry(Base):
    """A local event not yet acknowledged by the server: pending, or rejected with the server's reason."""

    __tablename__ = "outbox"
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | rejected
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text, default="")


class SyncCursor(Base):
    __tablename__ = "sync_cursors"
    partition: Mapped[str] = mapped_column(String(12), primary_key=True)
    cursor: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    """Projection of a case's events, denormalised for fast lists and filters."""

    __tablename__ = "cases"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    item_code: Mapped[str] = mapped_column(String(32))
    item_version: Mapped[int] = mapped_column(Integer)
    bundle_code: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(32))
    final_level: Mapped[str] = mapped_column(String(16))
    applicant_id: Mapped[str] = mapped_column(String(36), index=True)
    applicant_name: Mapped[str] = mapped_column(String(64))
    id_masked: Mapped[str] = mapped_column(String(32), default="")
    village_code: Mapped[str] = mapped_column(String(12))
    agent: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(24))
    level: Mapped[str] = mapped_column(String(16), default="village")
    registered_on: Mapped[date] = mapped_column(Date)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    promised_days: Mapped[int] = mapped_column(Integer)
    limit_unit: Mapped[str] = mapped_column(String(16))
    due_on: Mapped[date | None] = mapped_column(Date)
    open: Mapped[bool] = mapped_column(Boolean, default=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    conflict: Mapped[bool] = mapped_column(Boolean, default=False)
    return_rounds: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(16))
    view: Mapped[dict] = mapped_column(JSON, default=dict)  # the full CaseView (pauses, missing, …)
    last_hlc: Mapped[str] = mapped_column(String(48), default="")
    event_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (
        # Every list index ends in the list order (registered_on, case_no), so a page is read from the
        # index and only its 50 rows from the table (revision 0006; figures in benchmarks/foundation.py).
        Index("ix_cases_status_registered", "status", "registered_on", "case_no"),
        Index("ix_cases_village_registered", "village_code", "registered_on", "case_no"),
        Index("ix_cases_open_due", "open", "paused", "due_on", "village_code", "registered_on", "case_no"),
        Index("ix_cases_category_registered", "category", "registered_on", "case_no"),
        Index("ix_cases_registered", "registered_on", "case_no", "village_code", "status", "category"),
        Index("ix_cases_id_order", "id", "registered_on", "case_no"),
        # Newest-first id list for the GUI's lazy model, read in order (revision 0003).
        Index("ix_cases_list_order", "registered_on", "case_no", "id"),
        # the city's inbox and overview, answered from the index alone (migration 0011)
        Index("ix_cases_city", "final_level", "status", "village_code", "open", "paused", "due_on", "case_no", "id"),
        # a catalog's retitling and the town inbox's 事项 filter (migration 0014)
        Index("ix_cases_item_code", "item_code"),
    )


class SearchTerm(Base):
    """Search keys of a case (see domain.search_terms): every lookup is an index range scan."""

    __tablename__ = "search_terms"
    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    __table_args__ = (Index("ix_search_terms_case_id", "case_id"), {"sqlite_with_rowid": False})


class StoredFacts(Base):
    """A case's statistics facts (``domain.metrics.CaseFacts``) as computed from its events, kept so the
    统计 page need not read and fold every event again (``services.metrics.facts_for``). Derived data: a
    row is used only while the case's events still have the stamp it was computed from (``events``,
    ``last_seq``, ``last_hlc``) and the calendar is the one it was computed under (``calendar``), and only
    for a 截止日 in [``from_day``, ``until_day``) (day ordinals; no ``until_day``: every later day). Any
    row may be deleted at any time; it is computed again when next asked for."""

    __tablename__ = "case_facts"
    case_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    from_day: Mapped[int] = mapped_column(Integer, primary_key=True)
    until_day: Mapped[int | None] = mapped_column(Integer)
    events: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    last_hlc: Mapped[str] = mapped_column(String(48))
    calendar: Mapped[str] = mapped_column(String(32))
    facts: Mapped[str | None] = mapped_column(Text)  # compact JSON (``domain.metrics.facts_to_row``); NULL: no facts
    __table_args__ = ({"sqlite_with_rowid": False},)


class Attachment(Base):
    """A scan or photo of a material; the bytes live in blobs/ under their SHA-256."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    mime: Mapped[str] = mapped_column(String(64))
    material: Mapped[str] = mapped_column(String(128), default="")
    case_id: Mapped[str] = mapped_column(String(36), index=True)
    event_id: Mapped[str] = mapped_column(String(36))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    synced: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # the server has it


class AuditEntry(Base):
    """Who exported, backed up or restored what, and when (PIPL: exports are recorded)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text, default="")


class AuditChainEntry(Base):
    """One link of the tamper-evident audit chain (留痕): an event row or an audit row, by its digest.

    Append-only: ``hash`` covers ``prev`` and the entry's content, so an edit anywhere breaks the links
    after it (villagedesk/domain/audit_chain.py; docs/audit.md)."""

    __tablename__ = "audit_chain"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(64))  # verification reads the whole chain in order
    content: Mapped[str] = mapped_column(String(64))
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # one case's latest digests, for marking its edited steps (migration 0012)
    __table_args__ = (Index("ix_audit_chain_ref", "ref", "seq"),)


class Appointment(Base):
    """公休日预约: a villager booked a weekend/holiday visit; on arrival it becomes a case."""

    __tablename__ = "appointments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32))
    item_code: Mapped[str] = mapped_column(String(32))
    day: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[str] = mapped_column(String(16), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked | arrived | cancelled
    case_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Inspection(Base):
    """督查: the town's inspection of a village center (明察 / 暗访 / 电话抽查); feeds the star rating."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # open_visit | unannounced | phone_check
    on: Mapped[date] = mapped_column(Date, index=True)
    inspector: Mapped[str] = mapped_column(String(64))
    findings: Mapped[str] = mapped_column(Text, default="")
    deduction: Mapped[float] = mapped_column(Float, default=0.0)
    data_leak: Mapped[bool] = mapped_column(Boolean, default=False)
    fix_by: Mapped[date | None] = mapped_column(Date)
    fixed_on: Mapped[date | None] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class StarRating(Base):
    """星级考评: one village center's yearly score sheet (town score, city re-check, 十佳 flag)."""

    __tablename__ = "star_ratings"
    __table_args__ = (UniqueConstraint("village_code", "year", name="uq_star_ratings_village_year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    village_code: Mapped[str] = mapped_column(String(12), index=True)
    year: Mapped[int] = mapped_column(Integer)
    manual_scores: Mapped[dict] = mapped_column(JSON, default=dict)
    metrics: Mapped[dict] = mapped_column(JSON, default=dict)  # the metrics snapshot scored
    rubric: Mapped[dict] = mapped_column(JSON, default=dict)  # the rubric document used
    sheet: Mapped[dict] = mapped_column(JSON, default=dict)  # lines, deduction, downgrades
    score: Mapped[float | None] = mapped_column(Float)
    stars: Mapped[int | None] = mapped_column(Integer)
    city_stars: Mapped[int | None] = mapped_column(Integer)  # the city's re-check (复核) result
    city_note: Mapped[str] = mapped_column(Text, default="")
    city_checked_on: Mapped[date | None] = mapped_column(Date)
    top_center: Mapped[bool] = mapped_column(Boolean, default=False)  # 十佳便民服务中心
    scored_at: Mapped[datetime | None] = mapped_column(DateTime)
    scored_by: Mapped[str] = mapped_column(String(64), default="")


class RefData(Base):
    """Reference data published by the town server (notice, calendar, catalog, regions), newest wins."""

    __tablename__ = "ref_data"
    rseq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(12))
    effective_from: Mapped[str | None] = mapped_column(String(10))
    data: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_ref_data_kind_key", "kind", "key"),)


class QuarantinedEvent(Base):
    """A pulled event this device could not apply (the reason says why): kept aside, never blocking sync."""

    __tablename__ = "quarantine"
    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    partition: Mapped[str] = mapped_column(String(12))
    server_seq: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String(32))
