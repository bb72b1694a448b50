"""多证联办 at mixed levels (issue 17): a bundle of a town-level item (JY012 临时救助) and a city-level one
(JY010 最低生活保障), published as a catalog version through ``publish-catalog``, walked end to end with a
real server (SQLite): the village registers and submits it, the town accepts it and forwards it (its highest member is
the city's; the bundle goes to the city's inbox), the city decides, and the result comes back to the town
and the village, which delivers and closes it. Every PC ends where the server has it, without conflict.

A catalog version may add a bundle over items it does not list again (they stay as they were): the PC
registers it from the items it holds, and the server refused that registration (it derived a bundle's
level only from the members listed in the same document: ``catalog.registration_levels``); now a member
listed elsewhere counts at its level there. The ``city-item-not-relisted`` case fails on the old code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.e2e.test_case_loop import register, server_states, state, sync, sync_all
from tests.e2e.test_city_loop import CITY, T1, VA, act, enrolled_desks
from tests.integration.server_harness import running_server
from villagedesk.domain.lifecycle import EventType, State
from villagedesk.server import cli as server_cli
from villagedesk.services import actions, catalog, city, queries

E = EventType
BUNDLE = "BZ-MIX"


def mixed_catalog(tmp: Path, members: tuple[str, ...] = ("JY012", "JY010")) -> Path:
    """Catalog v2: the bundle, and ``members`` again as version 2 (a document must list items)."""
    seed = json.loads(Path("resources/seed/catalog.json").read_text("utf-8"))
    items = [dict(i, version=2, effective_from=TODAY.isoformat()) for i in seed["items"] if i["code"] in members]
    doc = {
        "version": 2,
        "effective_from": TODAY.isoformat(),
        "items": items,
        "bundles": [
            {"code": BUNDLE, "name": "多证联办·临时救助与低保", "items": ["JY012", "JY010"], "promised_days": 20,
             "limit_unit": "working_days"}
        ],
    }  # fmt: skip
    path = tmp / "catalog-mixed.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("relisted", [("JY012", "JY010"), ("JY012",)], ids=["both-relisted", "city-item-not-relisted"])
def test_a_bundle_of_a_town_item_and_a_city_item_goes_to_the_city_and_back(
    relisted: tuple[str, ...], tmp_path: Path, template_profile
) -> None:
    with running_server("sqlite", tmp_path) as srv:
        url = srv.db.engine.url.render_as_string(hide_password=False)
        assert server_cli.main(["publish-catalog", "--db", url, str(mixed_catalog(tmp_path, relisted))]) == 0
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("yc", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, yc):
            sync_all(a, t1, yc)
            plan = catalog.plan(a, BUNDLE)
            assert [i.code for i in plan.items] == ["JY012", "JY010"]
            case = register(a, BUNDLE, "王五", "419001197503030037")
            actions.perform(a, case, E.SUBMITTED, {})
            assert sync(a).rejected == 0  # the server derives the bundle's level from every catalog it holds
            sync(t1)
            assert queries.rows_by_ids(t1, [case])[0].status == State.SUBMITTED.value

            act(t1, case, "accepted")
            assert E.FORWARDED in actions.available(t1, case)  # the bundle is the city's: its highest member's
            act(t1, case, "forwarded", "--field", "to=济源市民政局")
            sync_all(t1, yc)
            assert {r.row.id for r in city.inbox(yc)} == {case}
            act(yc, case, "accepted")
            act(yc, case, "decided", "--field", "outcome=准予", "--field", "certificate_no=JYS-2026-101")
            sync_all(yc, t1, a)
            assert state(t1, case) == state(a, case) == State.APPROVED.value

            act(t1, case, "result_ready", "--field", "where=村便民服务中心")
            sync_all(t1, a)
            actions.perform(a, case, E.DELIVERED, {"method": "village_pickup", "signer": "王五"})
            actions.perform(a, case, E.CLOSED, {})
            sync_all(a, t1, yc)
            on_server = server_states(srv.db)[case]
            assert on_server == (State.CLOSED.value, False)
            for desk in (a, t1, yc):
                assert (state(desk, case), queries.rows_by_ids(desk, [case])[0].conflict) == on_server
