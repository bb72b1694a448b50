"""The event record: one immutable fact about one case, the unit of storage and of sync."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from villagedesk.domain import jsonfast
from villagedesk.domain.lifecycle import EventType, Role

SCHEMA_VERSION = 1


def new_id() -> str:
    """A random UUID string: client-generated ids make retries idempotent without coordination."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Event:
    """An immutable case event.

    ``partition`` is the village region code the case belongs to (the unit of sync authorisation);
    ``prev`` lists ids of this case's events the author had already seen (causal order).
    """

    id: str
    case_id: str
    type: EventType
    payload: dict[str, Any]
    author: str
    device: str
    role: Role
    partition: str
    hlc: str
    prev: tuple[str, ...] = ()
    schema_version: int = SCHEMA_VERSION
    server_seq: int | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["type"] = self.type.value
        data["role"] = self.role.value
        data["prev"] = list(self.prev)
        data.pop("server_seq")
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        """Build from a plain dict (wire or DB); raises ValueError/KeyError/TypeError on a malformed one."""
        payload = data["payload"]
        if not isinstance(payload, dict):
            raise TypeError("payload must be an object")
        prev = data.get("prev") or ()
        if not isinstance(prev, list | tuple) or not all(isinstance(p, str) for p in prev):
            raise TypeError("prev must be a list of event ids")
        for key in ("id", "case_id", "author", "device", "partition", "hlc"):
            if not isinstance(data[key], str) or not data[key]:
                raise TypeError(f"{key} must be a non-empty string")
        uuid.UUID(data["id"])
        uuid.UUID(data["case_id"])
        return cls(
            id=data["id"],
            case_id=data["case_id"],
            type=EventType(data["type"]),
            payload=payload,
            author=data["author"],
            device=data["device"],
            role=Role(data["role"]),
            partition=data["partition"],
            hlc=data["hlc"],
            prev=tuple(prev),
            schema_version=int(data.get("schema_version", SCHEMA_VERSION)),
            server_seq=data.get("server_seq"),
        )

    def payload_json(self) -> str:
        return canonical_json(self.payload)


def canonical_json(value: Any) -> str:
    """Stable JSON (sorted keys, no spaces, UTF-8 kept) so equal content compares and hashes equal."""
    return jsonfast.canonical(value)
