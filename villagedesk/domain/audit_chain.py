"""The hash chain of the local audit trail (留痕): what an entry's hash covers, and how a chain is judged.

Why a chain: a row of a SQLite file can be edited by anyone with the file. Each entry's hash covers the
hash before it, so changing, deleting or reordering one entry breaks every link after it; event and
audit-row entries carry the SHA-256 of that row's content, so editing the row itself is seen too. The
town server keeps the chain heads it was sent, so a cut-off tail or a rewritten chain shows at sync.
Pure: rows come in as tuples, findings go out as Chinese sentences.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

GENESIS = "0" * 64
KIND_EVENT = "event"  # an event row stored here (authored or pulled): ref = event id, digest = its content
KIND_RESTAMP = "restamp"  # an event still waiting got a new clock stamp: the event's new digest
KIND_AUDIT = "audit"  # an audit_log row (export, print, backup, account change, full ID viewed)
EVENT_KINDS = (KIND_EVENT, KIND_RESTAMP)
_SEP = "\x1f"


def digest(*parts: object) -> str:
    """SHA-256 over the parts as text, separated by a unit separator (no part can shift into the next)."""
    return hashlib.sha256(_SEP.join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()


EVENT_COLUMNS = (
    "id", "case_id", "type", "payload", "author", "device", "role", "partition", "hlc", "prev", "schema_version",
)  # fmt: skip


def event_digest(values: Mapping[str, object]) -> str:
    """An event row's content: every column but ``local_seq`` and ``server_seq`` (set later by sync)."""
    return event_digest_row([values[k] for k in EVENT_COLUMNS])


def event_digest_row(row: Sequence[object]) -> str:
    """``event_digest`` of a row read as ``EVENT_COLUMNS`` in order (the verification's fast path)."""
    *text, version = row
    return hashlib.sha256(f"{_SEP.join(text)}{_SEP}{version}".encode()).hexdigest()  # type: ignore[arg-type]


def audit_digest(at: str, actor: str, action: str, detail: str) -> str:
    return digest(at, actor, action, detail)


def entry_hash(prev: str, at: str, kind: str, ref: str, content: str) -> str:
    """The entry's hash: over the previous entry's hash and this entry's canonical content."""
    return hashlib.sha256(_SEP.join((prev, at, kind, ref, content)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    kind: str
    ref: str
    content: str  # the digest of the row the entry stands for
    prev: str
    hash: str


@dataclass(frozen=True)
class Finding:
    code: str  # edited | deleted | reordered | truncated | inserted | rewritten
    message: str


def verify_links(entries: Sequence[Entry]) -> list[Finding]:
    """Each entry's own hash, then its link to the entry before it (entries in ``seq`` order)."""
    out: list[Finding] = []
    by_hash = {e.hash: e.seq for e in entries}
    before = GENESIS
    last_seq = 0
    for e in entries:
        if entry_hash(e.prev, e.at, e.kind, e.ref, e.content) != e.hash:
            out.append(Finding("edited", f"第{e.seq}条留痕的内容被修改(哈希不符)"))
        if e.prev != before:
            if e.seq != last_seq + 1 and e.prev not in by_hash:
                gone = f"第{last_seq + 1}条" if e.seq - 1 == last_seq + 1 else f"第{last_seq + 1}至{e.seq - 1}条"
                out.append(Finding("deleted", f"{gone}留痕被删除"))
            elif e.prev in by_hash:
                out.append(Finding("reordered", f"第{e.seq}条留痕的顺序被调换(它原接在第{by_hash[e.prev]}条之后)"))
            else:
                out.append(Finding("deleted", f"第{e.seq}条留痕之前的留痕被删除或替换(链条断开)"))
        elif e.seq != last_seq + 1 and last_seq:
            out.append(Finding("edited", f"第{e.seq}条留痕的序号被改动"))
        before, last_seq = e.hash, e.seq
    return out


def verify_rows(
    entries: Sequence[Entry], kinds: tuple[str, ...], rows: Iterable[tuple[str, str, str]], noun: str
) -> list[Finding]:
    """Rows (ref, digest, label) against the chain's latest digest for each ref of ``kinds``.

    A row the chain does not know was inserted behind the app's back; a ref with no row was deleted; a
    row whose digest is not the chain's was edited. Rows come in their table order: the order of their
    first entries must be the same, or rows were reordered."""
    latest: dict[str, str] = {}
    first: dict[str, int] = {}
    for e in entries:
        if e.kind in kinds:
            ref = e.ref
            if ref not in first:
                first[ref] = e.seq
            latest[ref] = e.content
    inserted: list[str] = []
    edited: list[str] = []
    deleted: list[str] = []
    reordered = ""
    seen: set[str] = set()
    last_first = 0
    for ref, row_digest, label in rows:
        seen.add(ref)
        if ref not in latest:
            inserted.append(label)
            continue
        if latest[ref] != row_digest:
            edited.append(label)
        if first[ref] < last_first and not reordered:
            reordered = label
        last_first = max(last_first, first[ref])
    deleted = [f"{ref[:8]}…" for ref in latest if ref not in seen]
    out: list[Finding] = []
    if edited:
        out.append(Finding("edited", f"{_some(noun, edited)}在数据库中被直接修改"))
    if deleted:
        out.append(Finding("deleted", f"{_some(noun, deleted)}已从数据库中删除(留痕中有记录)"))
    if inserted:
        out.append(Finding("inserted", f"{_some(noun, inserted)}不在留痕中(被绕过程序直接写入数据库, 或留痕被截断)"))
    if reordered:
        out.append(Finding("reordered", f"{noun}的存储顺序被调换({reordered}附近)"))
    return out


def _some(noun: str, labels: list[str], shown: int = 3) -> str:
    """ "事件 a…, b… 等 12 条": a few examples and the count, so one edit does not flood the report."""
    more = f" 等{len(labels)}条" if len(labels) > shown else ""
    return f"{noun} {', '.join(labels[:shown])}{more}"


def verify_tail(entries: Sequence[Entry], recorded: tuple[int, str] | None, source: str) -> list[Finding]:
    """The chain against a head recorded elsewhere (this PC's own copy, or what the town confirmed)."""
    if recorded is None:
        return []
    seq, h = recorded
    if seq <= 0:
        return []
    last = entries[-1].seq if entries else 0
    at = next((e for e in entries if e.seq == seq), None)
    if last < seq:
        return [Finding("truncated", f"留痕末尾被截断: {source}记录到第{seq}条, 现在只到第{last}条")]
    if at is None or at.hash != h:
        return [Finding("rewritten", f"第{seq}条留痕与{source}记录的不同(之前的留痕被改写)")]
    return []
