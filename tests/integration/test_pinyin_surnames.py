"""Pinyin initials find polyphonic surnames by their 百家姓 reading and other polyphones by any reading,
and an existing profile's index is rebuilt by the new rule when it is opened."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, insert, select
from stdnum.cn import ric

from tests.conftest import TODAY
from tests.flows import register
from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import Role
from villagedesk.services import queries, search_index
from villagedesk.services.desk import Desk


def rid(n: int) -> str:
    body = f"41900119800101{n:03d}"
    return body + ric.calc_check_digit(body + "0")


def found(desk: Desk, text: str) -> set[str]:
    return {r.applicant_name for r in queries.list_cases(desk, queries.CaseFilter(search=text))}


NAMES = {"单伟": "sw", "曾丽": "zl", "解明": "xm", "仇英": "qy", "朴金花": "pjh", "区志强": "ozq", "长孙红": "zsh"}


def test_polyphonic_surnames_by_their_surname_reading_and_by_the_common_one(desk) -> None:
    for n, name in enumerate(NAMES, 11):
        register(desk, "JY012", name=name, id_number=rid(n))
    for name, initials in NAMES.items():
        assert name in found(desk, initials), (name, initials)
    assert "单伟" in found(desk, "dw")  # as many agents type it
    assert "曾丽" in found(desk, "cl")
    assert found(desk, "s") >= {"单伟"} and "单伟" in found(desk, "S")


def test_polyphones_in_given_names_are_indexed_under_every_reading(desk) -> None:
    register(desk, "JY012", name="王长乐", id_number=rid(21))  # 长 chang/zhang, 乐 le/yue
    for initials in ("wcl", "wzl", "wcy", "wzy"):
        assert found(desk, initials) == {"王长乐"}, initials


def test_rare_characters_pypinyin_does_not_know_are_found_by_their_initials(desk) -> None:
    """王𠮷 was found by "w" only: pypinyin has no reading for 𠮷 (a variant of 吉, jí)."""
    register(desk, "JY012", name="王𠮷", id_number=rid(41))
    register(desk, "JY012", name="𠮷祥", id_number=rid(42))
    assert found(desk, "wj") == {"王𠮷"}
    assert found(desk, "jx") == {"𠮷祥"}
    assert found(desk, "𠮷") == {"王𠮷", "𠮷祥"}


def test_existing_profile_is_reindexed_when_opened(profile: Path) -> None:
    with Desk.open(profile, today=TODAY) as desk:
        desk.setup(Role.AGENT, "419001100201", "李娜")
        case = register(desk, "JY012", name="单伟", id_number=rid(31))
        with desk.store.write() as s:  # the index as the previous rule wrote it: one reading, no version
            t = m.SearchTerm
            s.execute(delete(t).where(t.case_id == case.case_id, t.term.like("p:%")))
            s.execute(insert(t).values(term="p:dw", case_id=case.case_id))
            s.execute(delete(m.Setting).where(m.Setting.key == search_index.K_VERSION))
        assert found(desk, "sw") == set()
    with Desk.open(profile, today=TODAY) as desk:
        assert found(desk, "sw") == {"单伟"} and found(desk, "dw") == {"单伟"}
        with desk.store.read() as s:
            assert st.get_setting(s, search_index.K_VERSION) == str(search_index.TERMS_VERSION)
            terms = set(s.scalars(select(m.SearchTerm.term).where(m.SearchTerm.case_id == case.case_id)))
        assert {"p:sw", "p:dw", "p:cw", "n:单", "n:单伟"} <= terms  # other keys untouched
    with Desk.open(profile, today=TODAY) as desk:
        assert search_index.reindex_if_stale(desk) is None  # once: the version is recorded
