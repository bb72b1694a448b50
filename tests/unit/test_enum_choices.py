"""Issue 18: `act CASE custody_changed` without a holder said only "字段 holder: 请选择原件现由谁保管": the
choices were nowhere. Every field with a fixed set of values now lists them, in words and with the codes."""

from __future__ import annotations

import pytest

from villagedesk.domain import satisfaction as sat
from villagedesk.domain.catalog import MEDIATION_OUTCOMES
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.payloads import DELIVERY_LABELS, PROCEDURES, clean_payload

HOLDERS = {"applicant": "群众本人", "village": "村代办员", "town": "镇中心"}
CASES = [
    (EventType.CUSTODY_CHANGED, {"material": "户口簿"}, "holder", HOLDERS),
    (EventType.DECIDED, {}, "outcome", {"approved": "准予", "denied": "不予"}),
    (EventType.DELIVERED, {"signer": "王强"}, "method", DELIVERY_LABELS),
    (EventType.VILLAGE_COMPLETED, {"outcome": "maybe"}, "outcome", MEDIATION_OUTCOMES),
    (EventType.PROCEDURE_STARTED, {}, "procedure", {k: k for k in PROCEDURES}),
    (EventType.EVALUATED, {}, "level", {k: k for k in sat.LEVELS}),
    (EventType.EVALUATED, {"level": "满意", "channel": "fax"}, "channel", sat.CHANNEL_LABELS),
]  # fmt: skip


@pytest.mark.parametrize(("event", "payload", "field", "labels"), CASES, ids=lambda x: getattr(x, "value", None))
def test_a_missing_or_unknown_choice_lists_every_choice(event, payload, field, labels) -> None:
    with pytest.raises(ValidationError) as err:
        clean_payload(event, payload)
    assert err.value.field == field
    for code, word in labels.items():
        assert code in err.value.message and word in err.value.message, (code, word)
