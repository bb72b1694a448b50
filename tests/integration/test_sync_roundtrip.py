"""Push and pull between two village devices of one town and a town clerk, through a real server."""

from __future__ import annotations

from villagedesk.domain.lifecycle import EventType, State
from villagedesk.services import actions, catalog, intake, queries
from villagedesk.sync import engine

VILLAGE_A = "419001100201"
VILLAGE_B = "419001100202"
TOWN = "419001100000"


def register(desk, name: str, id_number: str) -> str:
    item = catalog.item(desk, "JY006")
    form = intake.IntakeForm(
        item_code="JY006",
        name=name,
        id_number=id_number,
        phone="13812345678",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in item.materials},
    )
    return intake.register(desk, form).case_id


def sync(desk, **kw) -> engine.SyncResult:
    eng = engine.SyncEngine(desk, **kw)
    try:
        result = eng.run()
    finally:
        eng.close()
    assert result.ok, result.error
    return result


def test_round_trip_village_town_village(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    b = enrolled("b", VILLAGE_B)
    clerk = enrolled("clerk", TOWN, "clerk")
    assert a.identity.region_code == VILLAGE_A and clerk.identity.role.value == "clerk"

    case_a = register(a, "张三", "419001198001010014")
    actions.perform(a, case_a, EventType.SUBMITTED, {})
    case_b = register(b, "李四", "419001199002020024")
    actions.perform(b, case_b, EventType.SUBMITTED, {})
    ra, rb = sync(a), sync(b)
    assert ra.pushed == 2 and rb.pushed == 2
    assert engine.pending_count(a) == 0

    rc = sync(clerk)
    assert rc.pulled == 4
    assert {r.id for r in queries.list_cases(clerk)} == {case_a, case_b}
    actions.perform(clerk, case_a, EventType.ACCEPTED, {})
    actions.perform(clerk, case_a, EventType.DECIDED, {"outcome": "approved", "certificate_no": "Z-1"})
    assert sync(clerk).pushed == 2

    ra = sync(a)
    assert ra.pulled == 2
    assert queries.list_cases(a)[0].status == State.APPROVED.value
    # village B never sees village A's case
    sync(b)
    assert {r.id for r in queries.list_cases(b)} == {case_b}
    # convergence: same state everywhere, an idle sync moves nothing
    assert queries.rows_by_ids(clerk, [case_a])[0].status == queries.rows_by_ids(a, [case_a])[0].status
    idle = sync(a)
    assert idle.requests == 1 and idle.pushed == idle.pulled == 0
    assert idle.bytes_sent + idle.bytes_received < 1024
    assert engine.case_status(a, [case_a]) == {case_a: "synced"}
