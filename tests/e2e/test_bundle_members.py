"""多证联办 members decided at different levels (issue 17): a bundle of a town item (JY012 临时救助) and a
city item (JY010 最低生活保障) is one case that goes to the city, whose one decision answers both; the
case page and ``villagedesk show`` showed only the bundle's state, so nobody could tell that the town's
part of JY012 was done and that the city decides it too. Now both show one row per member: its own
level, the level deciding it in the bundle, and where it stands — walked with a real server (SQLite)
through 受理, 转报 and the city's 准予, on the town's PC (``show``) and the city's window (case page).
Fails on the old code (no 联办事项 in ``show``; no ``members`` on the case detail)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import TODAY
from tests.e2e.test_case_loop import register, sync, sync_all
from tests.e2e.test_city_loop import CITY, T1, VA, act, enrolled_desks
from tests.e2e.test_mixed_bundle import BUNDLE, mixed_catalog
from tests.gui.conftest import settle, shown_window
from tests.integration.server_harness import running_server
from villagedesk import cli
from villagedesk.domain.lifecycle import STATE_LABELS, EventType, State
from villagedesk.server import cli as server_cli
from villagedesk.services import actions, queries
from villagedesk.services.desk import Desk

E = EventType


def show(desk, case_id: str, capsys) -> list[str]:
    """The 联办事项 lines ``villagedesk show`` prints on the desk's own profile."""
    case_no = queries.rows_by_ids(desk, [case_id])[0].case_no
    capsys.readouterr()
    assert cli.main(["--profile", str(desk.paths.root), "show", case_no]) == 0
    out = capsys.readouterr().out.splitlines()
    at = out.index("联办事项:")
    return [line.strip() for line in out[at + 1 : at + 3]]


def test_each_member_shows_its_level_and_state_in_show_and_on_the_case_page(
    qtbot, tmp_path: Path, template_profile, capsys
) -> None:
    with running_server("sqlite", tmp_path) as srv:
        url = srv.db.engine.url.render_as_string(hide_password=False)
        assert server_cli.main(["publish-catalog", "--db", url, str(mixed_catalog(tmp_path))]) == 0
        specs = (("a", VA, "agent"), ("t1", T1, "clerk"), ("yc", CITY, "city"))
        with enrolled_desks(srv, template_profile, tmp_path, *specs) as (a, t1, yc):
            sync_all(a, t1, yc)
            case = register(a, BUNDLE, "王五", "419001197503030037")
            actions.perform(a, case, E.SUBMITTED, {})
            sync_all(a, t1)
            act(t1, case, "accepted")
            accepted = STATE_LABELS[State.ACCEPTED]
            assert show(t1, case, capsys) == [
                f"临时救助(JY012)  镇级事项, 随联办件由市级决定  状态: {accepted}",
                f"最低生活保障申请(JY010)  市级事项  状态: {accepted}",
            ]
            act(t1, case, "forwarded", "--field", "to=济源市民政局")
            assert show(t1, case, capsys) == [
                "临时救助(JY012)  镇级事项, 随联办件由市级决定  状态: 已转报市级, 待一并决定",
                f"最低生活保障申请(JY010)  市级事项  状态: {STATE_LABELS[State.FORWARDED]}",
            ]
            capsys.readouterr()
            case_no = queries.rows_by_ids(t1, [case])[0].case_no
            assert cli.main(["--profile", str(t1.paths.root), "show", case_no, "--json"]) == 0
            members = json.loads(capsys.readouterr().out)["members"]
            assert [(x["code"], x["level"], x["decider"], x["state"], x["text"]) for x in members] == [
                ("JY012", "town", "city", "forwarded", "已转报市级, 待一并决定"),
                ("JY010", "city", "city", "forwarded", STATE_LABELS[State.FORWARDED]),
            ]
            sync_all(t1, yc)
            [town_item, city_item] = queries.detail(yc, case).members  # the city's PC: the same rows
            assert (town_item.level, town_item.decider, town_item.passed_on) == ("town", "city", True)
            assert (city_item.level, city_item.decider, city_item.passed_on) == ("city", "city", False)

            root = yc.paths.root
            with shown_window(qtbot, yc) as win:
                win.open_case(case)
                settle(qtbot, win)
                label = win.detail.members_label
                assert label.isVisibleTo(win.detail)
                assert label.text().splitlines() == [
                    "联办事项:",
                    "临时救助  镇级事项, 随联办件由市级决定  已转报市级, 待一并决定",
                    f"最低生活保障申请  市级事项  {STATE_LABELS[State.FORWARDED]}",
                ]
            with Desk.open(root, today=TODAY) as city_desk:  # the window closed the city's desk
                act(city_desk, case, "accepted")
                act(city_desk, case, "decided", "--field", "outcome=准予", "--field", "certificate_no=JYS-2026-101")
                sync(city_desk)
            sync(t1)
            approved = STATE_LABELS[State.APPROVED]
            assert show(t1, case, capsys) == [
                f"临时救助(JY012)  镇级事项, 随联办件由市级决定  状态: {approved}",
                f"最低生活保障申请(JY010)  市级事项  状态: {approved}",
            ]
