"""``payloads.clean_payload`` returns early for event types it has no rules for (``_RULED``): a type
named by one of its branches but missing from that set would have its payload rules skipped."""

from __future__ import annotations

import inspect
import re

import pytest

from villagedesk.domain import payloads
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType


def test_every_event_type_clean_payload_names_is_in_ruled() -> None:
    named = set(re.findall(r"EventType\.([A-Z_]+)", inspect.getsource(payloads.clean_payload)))
    missing = {name for name in named if EventType[name] not in payloads._RULED}
    assert named and not missing


def test_an_unruled_type_passes_through_and_a_ruled_one_is_still_checked() -> None:
    assert EventType.SUBMITTED not in payloads._RULED
    assert payloads.clean_payload(EventType.SUBMITTED, {"at": "2026-11-25"}) == {"at": "2026-11-25"}
    with pytest.raises(ValidationError):  # a note needs its text
        payloads.clean_payload(EventType.NOTE_ADDED, {"text": ""})
