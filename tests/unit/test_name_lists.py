"""Lists of names (missing / received materials, a 委托书's items) hold names only: a number, null, a
boolean, a list or an object as an item is refused per event with ``payload`` (the judge on the server
and on a pulling client), and an event stored before that rule still shows names only, never a repr."""

from __future__ import annotations

import uuid

import pytest

from tests.unit.test_judge import NOW_MS, ev, registration
from villagedesk.domain import judge as dj
from villagedesk.domain import mandate as mandates
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.events import canonical_json
from villagedesk.domain.lifecycle import EventType as E
from villagedesk.domain.lifecycle import Role, State
from villagedesk.domain.projection import names_of, project

BAD_ITEMS = [1, None, True, 1.5, ["x"], {"a": {"b": [1, 2]}}, "", "  ", "名" * 201]
FIELDS = [
    (E.MATERIALS_MISSING, "missing", Role.AGENT, {}),
    (E.MATERIALS_MISSING, "missing", Role.CLERK, {}),
    (E.RETURNED, "missing", Role.CLERK, {"reason": "材料不全"}),
    (E.MATERIALS_SUPPLIED, "received", Role.AGENT, {}),
]


def _verdict(etype: E, payload: dict, role: Role, text: bool) -> dj.Refusal | None:
    e = ev(etype, str(uuid.uuid4()), payload, role=role)
    try:
        dj.check_event(e, NOW_MS, text=canonical_json(payload) if text else None)
    except dj.Refusal as exc:
        return exc
    return None


@pytest.mark.parametrize("text", [True, False], ids=["text-path", "walk"])
@pytest.mark.parametrize("item", BAD_ITEMS, ids=repr)
@pytest.mark.parametrize("etype, field, role, extra", FIELDS, ids=lambda x: getattr(x, "value", None))
def test_a_list_of_names_holds_only_names(etype, field, role, extra, item, text) -> None:
    refusal = _verdict(etype, {field: ["户口簿", item], **extra}, role, text)
    assert refusal is not None, f"{field}: [户口簿, {item!r}] was accepted"
    assert refusal.code == dj.PAYLOAD


@pytest.mark.parametrize("etype, field, role, extra", FIELDS, ids=lambda x: getattr(x, "value", None))
def test_honest_lists_still_pass(etype, field, role, extra) -> None:
    assert _verdict(etype, {field: ["户口簿", "身份证复印件", "名" * 200], **extra}, role, True) is None


@pytest.mark.parametrize("items", [[1], [None], [["x"]], [{"a": 1}], "户口簿"], ids=repr)
def test_a_mandate_names_its_items_in_text(items) -> None:
    record = {"principal": "王涛", "agent": "李娜", "items": items, "signed_on": "2026-11-17"}
    with pytest.raises(ValidationError):
        mandates.from_payload(record)


def test_a_stored_list_with_other_items_shows_names_only() -> None:
    """An event a server stored before the rule: the case's view lists its names, nothing else."""
    stored = ["户口簿", None, 1, True, {"a": {"b": [1, 2]}}, ["x"], ""]
    case = str(uuid.uuid4())
    first = registration(case)
    view = project(case, [first, ev(E.MATERIALS_MISSING, case, {"missing": stored}, prev=[first.id])])
    assert view.state is State.AWAITING_MATERIALS and view.missing == ["户口簿"]
    assert names_of("户口簿") == [] and names_of(None) == []
