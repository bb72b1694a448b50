"""Field caps where a payload's own rules had none: a token cannot fill a registration's note, title or
applicant, or a list of materials, with what no agent could have typed into the desk's forms (the
totals of judge.MAX_CHARS allowed 64,000 characters in one of them)."""

from __future__ import annotations

import uuid

import pytest

from tests.unit.test_judge import NOW_MS, ev, registration
from villagedesk.domain import judge as dj
from villagedesk.domain.lifecycle import EventType as E


def _registration(**change) -> dict:
    payload = dict(registration(str(uuid.uuid4())).payload)
    applicant = dict(payload["applicant"])
    for key, value in change.items():
        if key.startswith("applicant_"):
            applicant[key.removeprefix("applicant_")] = value
        else:
            payload[key] = value
    payload["applicant"] = applicant
    return payload


@pytest.mark.parametrize(
    "change, why",
    [
        ({"note": "长" * 2001}, "note"),
        ({"title": "题" * 201}, "title"),
        ({"agent_name": 5}, "agent_name"),
        ({"applicant_address": "街" * 201}, "address"),
        ({"applicant_name": "名" * 65}, "name"),
        ({"materials": [{"name": "x"}] * 101}, "materials"),
        ({"items": [{"code": "JY017"}] * 51}, "items"),
    ],
)
def test_registration_fields_are_capped(change, why) -> None:
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(ev(E.CASE_REGISTERED, str(uuid.uuid4()), _registration(**change)), NOW_MS)
    assert info.value.code == dj.PAYLOAD and why in info.value.message


def test_registration_at_the_caps_is_taken() -> None:
    full = _registration(
        note="长" * 2000, title="题" * 200, applicant_address="街" * 200, materials=[{"name": "材料"}] * 100
    )
    dj.check_event(ev(E.CASE_REGISTERED, str(uuid.uuid4()), full), NOW_MS)


@pytest.mark.parametrize(
    "etype, payload",
    [
        (E.MATERIALS_SUPPLIED, {"received": ["户口簿"] * 101}),
        (E.MATERIALS_SUPPLIED, {"received": ["材" * 201]}),
        (E.MATERIALS_SUPPLIED, {"received": "户口簿"}),
        (E.MATERIALS_MISSING, {"missing": [f"材料{n}" for n in range(101)]}),
    ],
)
def test_material_lists_are_capped(etype, payload) -> None:
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(ev(etype, str(uuid.uuid4()), payload), NOW_MS)
    assert info.value.code == dj.PAYLOAD


def test_material_lists_at_the_cap_are_taken() -> None:
    dj.check_event(ev(E.MATERIALS_SUPPLIED, str(uuid.uuid4()), {"received": ["户口簿"] * 100}), NOW_MS)
    dj.check_event(ev(E.MATERIALS_MISSING, str(uuid.uuid4()), {"missing": ["户口簿"] * 100}), NOW_MS)
