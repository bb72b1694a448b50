"""`act CASE delivered --field method=现场领取` was refused with only "请选择送达方式": a script's author could
not learn the accepted values from the message or the docs. The refusal now names them."""

from __future__ import annotations

import pytest

from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import EventType
from villagedesk.domain.payloads import DELIVERY_METHODS, clean_payload


@pytest.mark.parametrize("method", ["现场领取", "", None, "in_person"])
def test_a_wrong_delivery_method_names_the_accepted_ones(method) -> None:
    with pytest.raises(ValidationError) as err:
        clean_payload(EventType.DELIVERED, {"method": method, "signer": "王𠮷"})
    assert err.value.field == "method"
    assert all(m in str(err.value) for m in DELIVERY_METHODS)
    assert "村站领取" in str(err.value)


def test_each_accepted_method_is_taken() -> None:
    for m in DELIVERY_METHODS:
        assert clean_payload(EventType.DELIVERED, {"method": m, "signer": "王𠮷"})["method"] == m
