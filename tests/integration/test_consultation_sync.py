"""A quick 政策咨询 without ID number or phone (even anonymous) is recorded, judged and pulled like any case."""

from __future__ import annotations

from tests.integration.test_sync_roundtrip import VILLAGE_A, sync
from villagedesk.services import queries, servicelog


def test_consultation_without_id_or_phone_syncs_to_the_village_pcs(enrolled) -> None:
    a = enrolled("a", VILLAGE_A)
    a2 = enrolled("a2", VILLAGE_A)
    named = servicelog.record_consultation(
        a, servicelog.Consultation(servicelog.Person("王𠮷", "", ""), "低保申请条件", "讲解了收入标准")
    )
    anonymous = servicelog.record_consultation(
        a, servicelog.Consultation(servicelog.Person("", "", ""), "医保缴费时间", "每年九月至十二月")
    )
    pushed = sync(a)
    assert pushed.rejected == 0 and pushed.pushed == 4  # registration and village completion, twice
    assert sync(a2).pulled == 4
    rows = {r.id: r for r in queries.rows_by_ids(a2, [named.case_id, anonymous.case_id])}
    assert {r.status for r in rows.values()} == {"completed_in_village"}
    assert rows[named.case_id].applicant_name == "王𠮷"
    assert rows[anonymous.case_id].applicant_name == "匿名群众"
    # two villagers without an ID number are two people, not one
    people = {queries.detail(a, c).registered["applicant"]["id"] for c in (named.case_id, anonymous.case_id)}
    assert len(people) == 2
