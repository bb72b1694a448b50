"""``act … --field method=村站领取``: a choice field takes the word its refusal lists beside each code.

Found in the city walk: 「请选择送达方式: village_pickup 村站领取 / …」 named 村站领取, yet typing it was
refused with the same line (only 准予/不予 were taken as words). Fails on the old code: every word but the
decision's stayed as typed and ``clean_payload`` refused it.
"""

from __future__ import annotations

import pytest

from villagedesk.domain.payloads import clean_payload
from villagedesk.services.action_args import CHOICE_WORDS, build_payload

# The other fields each action needs before ``clean_payload`` looks at the choice.
OTHER = {"delivered": ["signer=孙·明"], "custody_changed": ["material=申请书"], "evaluated": ["level=满意"]}


@pytest.mark.parametrize(("event", "key"), sorted(CHOICE_WORDS, key=lambda k: (k[0].value, k[1])))
def test_every_listed_word_is_taken_for_its_code(event, key) -> None:
    for code, word in CHOICE_WORDS[(event, key)].items():
        fields = [f"{key}={word}", *OTHER.get(event.value, [])]
        reason = "缺证明" if word == "不予" else None
        payload = build_payload(event, reason, fields)
        assert payload[key] == code, (event, key, word)
        assert clean_payload(event, payload)[key] == code


def test_a_word_no_choice_has_is_still_refused_with_the_choices() -> None:
    from villagedesk.domain.errors import ValidationError
    from villagedesk.domain.lifecycle import EventType

    payload = build_payload(EventType.DELIVERED, None, ["method=快递", "signer=孙·明"])
    with pytest.raises(ValidationError) as refused:
        clean_payload(EventType.DELIVERED, payload)
    assert "村站领取" in refused.value.message
