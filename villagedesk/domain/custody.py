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


def holders(events: Iterable[Event]) -> dict[str, str]:
    """Material name → holder code (``applicant`` / ``village`` / ``town``), in the materials' order."""
    now: dict[str, str] = {}
    for event in causal_order(events):
        p = event.payload
        if event.type is EventType.CASE_REGISTERED:
            for mat in p.get("materials") or []:
                if isinstance(mat, dict) and mat.get("name"):
                    now[str(mat["name"])] = str(mat.get("custody") or "applicant")
        elif event.type is EventType.CUSTODY_CHANGED and p.get("holder") in HOLDERS:
            now[str(p.get("material", ""))] = str(p["holder"])
    return now
