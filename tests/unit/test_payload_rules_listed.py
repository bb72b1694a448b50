"""``payloads.clean_payload`` looks each event type's rules up in one table (``_RULES``) and passes the
other types through unchanged: a type dropped from the table, or the wrong rules wired to it, would have
its payload rules skipped on the server's judge and on every client alike."""

from __future__ import annotations

import pytest

from villagedesk.domain import payloads
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType

# The types whose payloads no rule of ``clean_payload`` looks at (the judge checks registrations and
# attachments with rules of their own; the rest carry a day at most).
UNRULED = {
    EventType.ACCEPTED,
    EventType.ATTACHMENT_ADDED,
    EventType.CASE_REGISTERED,
    EventType.CLOSED,
    EventType.PROCEDURE_ENDED,
}

# Every field any rule reads, all of the wrong type: each ruled type's own rules refuse it.
_FIELDS = [
    "text",
    "reason",
    "to",
    "procedure",
    "days",
    "outcome",
    "where",
    "method",
    "signer",
    "level",
    "finding",
    "result",
    "material",
    "holder",
    "received",
    "missing",
    "mandate",
    "attachment",
    "sha256",
    "filename",
    "kind",
    "town",
    "year",
    "month",
    "scores",
    "verified",
    "certificate_no",
    "note",
    "remarks",
    "comment",
    "ok",
]
WRONG = dict.fromkeys(_FIELDS, 7)


def test_the_unruled_types_are_exactly_the_known_ones() -> None:
    assert set(EventType) - set(payloads._RULES) == UNRULED
    assert frozenset(payloads._RULES) == payloads._RULED


@pytest.mark.parametrize(
    "event", sorted(set(payloads._RULES) - {EventType.TOWN_REPORT_ACCEPTED}, key=lambda e: e.value)
)
def test_every_ruled_type_runs_its_own_rules(event: EventType) -> None:
    with pytest.raises((ValidationError, TypeError, AttributeError, ValueError)):
        payloads.clean_payload(event, dict(WRONG))


def test_an_unruled_type_passes_through_and_a_ruled_one_is_still_checked() -> None:
    assert EventType.ACCEPTED not in payloads._RULED
    assert payloads.clean_payload(EventType.ACCEPTED, {"at": "2026-11-25"}) == {"at": "2026-11-25"}
    # a text field a type may carry is bounded where present, and absent stays absent (#12)
    assert payloads.clean_payload(EventType.SUBMITTED, {"at": "2026-11-25"}) == {"at": "2026-11-25"}
    with pytest.raises(ValidationError):
        payloads.clean_payload(EventType.SUBMITTED, {"note": "长" * 1001})
    with pytest.raises(ValidationError):
        payloads.clean_payload(EventType.REPORT_SUBMITTED, {"remarks": "长" * 4001})
    with pytest.raises(ValidationError):  # a note needs its text
        payloads.clean_payload(EventType.NOTE_ADDED, {"text": ""})
    with pytest.raises(ValidationError):  # a withdrawal its reason, not a text
        payloads.clean_payload(EventType.WITHDRAWN, {"text": "x"})
    assert payloads.clean_payload(EventType.WITHDRAWN, {"reason": " 不办了 "})["reason"] == "不办了"
    assert payloads.clean_payload(EventType.RETURNED, {"missing": ["户口簿"], "reason": "缺"})["missing"] == ["户口簿"]
    with pytest.raises(ValidationError):  # a return needs its reason, a 告知 not
        payloads.clean_payload(EventType.RETURNED, {"missing": ["户口簿"]})
    assert payloads.clean_payload(EventType.MATERIALS_MISSING, {"missing": ["户口簿"]})["reason"] == ""
