"""Intake to listing through the real services on a migrated SQLite profile."""

from __future__ import annotations

import pytest

from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, catalog, intake, queries


def _form(**over) -> intake.IntakeForm:
    base = dict(
        item_code="JY006", name="张三", id_number="419001198001010014", phone="13812345678", mandate_signed=True
    )
    base.update(over)
    return intake.IntakeForm(**base)


def test_register_then_find_by_two_character_name(desk) -> None:
    item = catalog.item(desk, "JY006")
    form = _form(materials={m.name: intake.MaterialState("have") for m in item.materials})
    result = intake.register(desk, form)
    found = queries.list_cases(desk, queries.CaseFilter(search="张三"))
    assert [r.case_no for r in found] == [result.case_no]
    assert found[0].id_masked == "419001********0014"
    assert found[0].status == "registered"


def test_bad_form_reports_every_field_and_saves_nothing(desk) -> None:
    with pytest.raises(intake.FormErrors) as err:
        intake.register(desk, _form(item_code="", name="", id_number="419001198002300014", phone="12345"))
    assert set(err.value.by_field()) == {"item_code", "name", "id_number", "phone"}
    assert queries.count_cases(desk) == 0


def test_missing_required_material_gives_written_notice(desk) -> None:
    result = intake.register(desk, _form())
    assert result.missing  # nothing marked as present: all required materials are missing
    row = queries.list_cases(desk)[0]
    assert row.status == "awaiting_materials"
    assert EventType.MATERIALS_SUPPLIED in actions.available(desk, result.case_id)
