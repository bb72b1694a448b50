"""Who holds each original now (材料原件保管): as registered, then every 原件保管变更 in causal order.

One source for the case page, ``villagedesk show`` and the 交接单: the sheet used to read only the custody
at registration, so an original handed to the desk afterwards never appeared on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from villagedesk.domain.events import Event
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.projection import causal_order

HOLDERS = ("applicant", "village", "town")
HOLDER_LABELS = {"applicant": "群众本人", "village": "村代办员", "town": "镇中心"}
UNKNOWN = "unknown"  # a holder no VillageDesk writes (an event an older server let through): shown as 未知
UNKNOWN_LABEL = "未知"


def holder_label(code: str) -> str:
    """The words for a holder code: 群众本人 / 村代办员 / 镇中心, or 未知 for any other value."""
    return HOLDER_LABELS.get(code, UNKNOWN_LABEL)


def holders(events: Iterable[Event]) -> dict[str, str]:
    """Material name → holder code (``applicant`` / ``village`` / ``town``, or ``UNKNOWN`` for a value
    that is none of them), in the materials' order."""
    now: dict[str, str] = {}
    for event in causal_order(events):
        p = event.payload
        if event.type is EventType.CASE_REGISTERED:
            for mat in p.get("materials") or []:
                if isinstance(mat, dict) and mat.get("name"):
                    held = mat.get("custody") or "applicant"
                    now[str(mat["name"])] = held if type(held) is str and held in HOLDER_LABELS else UNKNOWN
        elif event.type is EventType.CUSTODY_CHANGED and p.get("holder") in HOLDERS:
            now[str(p.get("material", ""))] = str(p["holder"])
    return now
