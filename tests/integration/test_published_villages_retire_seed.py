"""The seed's example villages stay in a real town's lists only until the town publishes its own
(issue 14): a town server's ``publish-regions`` list, pulled by sync, used to rename the seed village
of the same code and leave every other made-up village in the pickers (西许村, 北社村 of 克井镇 beside
the town's real ones). Now the published list is the town's list; a seed village still in use (it has
cases, or is this PC's own village) stays, and the towns that published nothing keep their examples."""

from __future__ import annotations

from tests.integration.test_sync_roundtrip import register, sync
from villagedesk.server import feed
from villagedesk.services import catalog

TOWN, OTHER_TOWN = "419001100000", "419001101000"
HOME, WITH_CASES = "419001100201", "419001100202"  # 石槽沟村 (the agent's own), 枣庙村 (cases, not published)
PUBLISHED = {
    "regions": [
        {"code": TOWN, "name": "克井镇", "level": "town", "parent": "419001000000"},
        {"code": "419001100205", "name": "东马庄村", "level": "village", "parent": TOWN},
        {"code": "419001100206", "name": "西马庄村", "level": "village", "parent": TOWN},
    ]
}


def villages(desk, town: str) -> dict[str, str]:
    return {r.code: r.name for r in catalog.regions(desk, level="village", parent=town)}


def test_a_published_village_list_retires_the_towns_example_villages(server, enrolled) -> None:
    other = enrolled("other", WITH_CASES)
    register(other, "王芳", "419001198001010014")
    sync(other)
    clerk = enrolled("clerk", TOWN, "clerk")
    agent = enrolled("agent", HOME)
    sync(clerk)
    seeded = villages(agent, TOWN)
    assert {"419001100203", "419001100204"} <= set(seeded)  # 西许村, 北社村: illustrative, no cases
    other_town = villages(agent, OTHER_TOWN)

    feed.publish_ref(server.db, "regions", "town-list", PUBLISHED)
    sync(clerk)
    sync(agent)

    for desk, in_use in ((clerk, {WITH_CASES}), (agent, {HOME})):
        listed = villages(desk, TOWN)
        assert {"419001100205", "419001100206"} <= set(listed), listed
        assert "419001100203" not in listed and "419001100204" not in listed, listed
        assert in_use <= set(listed), listed  # a village in use stays named, never a bare code
        assert villages(desk, OTHER_TOWN) == other_town  # 五龙口镇 published nothing
    assert set(villages(agent, TOWN)) == {HOME, "419001100205", "419001100206"}
    assert catalog.region_name(clerk, WITH_CASES) == "枣庙村"


def test_the_seed_loaded_again_never_brings_the_examples_back(desk) -> None:
    with desk.store.write() as s:
        catalog.load_regions(s, PUBLISHED["regions"])
    catalog.seed_reference_data(desk)
    assert "419001100203" not in villages(desk, TOWN)
