"""Hand-made events the server's judge takes: registrations with a fresh case number of their village,
and events on those cases. (The judge refuses a note on a case nobody registered.)"""

from __future__ import annotations

import itertools
import uuid

from villagedesk.domain.events import Event
from villagedesk.domain.hlc import HybridClock, after
from villagedesk.domain.lifecycle import EventType, Role

TODAY = "2026-11-25"
_NUMBERS = itertools.count(1)
_TAGS = itertools.cycle("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


_DEVICE_TAGS: dict[str, str] = {}
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PAIRS = itertools.cycle([a + b for a in _CROCKFORD for b in _CROCKFORD])


def use_tag(device: str, tag: str) -> None:
    """Number ``device``'s hand-made cases under ``tag``, the one its enrollment reply reserved: a tag
    drawn here could be another enrolled PC's, and the judge refuses cases numbered under it."""
    _DEVICE_TAGS[device] = tag


def case_no(partition: str, device: str | None = None) -> str:
    """A case number of ``partition`` no other call returns (in this process), under ``device``'s own
    tag when one is given (the server lets one enrollment number its cases under one tag)."""
    n = next(_NUMBERS)
    tag = _DEVICE_TAGS.setdefault(device, next(_PAIRS)) if device else f"{'XYZ'[n % 3]}{next(_TAGS)}"
    return f"{partition[6:12]}-261125-{tag}{n:04d}"


JY006_MATERIALS = ("经营者身份证", "经营场所使用证明", "申请书")  # the item's checklist in the seed catalog


def registration(partition: str, device: str, hlc: str | None = None, case_id: str | None = None) -> Event:
    return Event(
        id=str(uuid.uuid4()),
        case_id=case_id or str(uuid.uuid4()),
        type=EventType.CASE_REGISTERED,
        payload={
            "case_no": case_no(partition, device),
            "item_code": "JY006",
            "final_level": "town",  # JY006's level in the catalog (the server checks it)
            "promised_days": 1,  # and its promised limit (1 working day)
            "applicant": {"name": "王涛", "id": str(uuid.uuid4()), "village_code": partition},
            "materials": [{"name": name, "status": "have", "custody": "applicant"} for name in JY006_MATERIALS],
            "at": "2026-11-25",
        },
        author="u1",
        device=device,
        role=Role.AGENT,
        partition=partition,
        hlc=hlc or HybridClock(device[:12]).now(),
    )


def follow(first: Event, role: Role, device: str, etype=EventType.NOTE_ADDED, payload=None, hlc=None) -> Event:
    """An event on ``first``'s case that saw ``first`` (a note unless told otherwise), stamped after it
    as a desk stamps (``hlc.after``) unless ``hlc`` is given."""
    return Event(
        id=str(uuid.uuid4()),
        case_id=first.case_id,
        type=etype,
        payload=payload if payload is not None else {"text": "备注", "at": "2026-11-25"},
        author="u1",
        device=device,
        role=role,
        partition=first.partition,
        hlc=hlc or after(HybridClock(device[:12]).now(), first.hlc),
        prev=(first.id,),
    )
