"""Search and filters on a demo profile plus hand-made cases; every expected set is computed here from
the raw tables with plain Python (substring of the name, pinyin via pypinyin, ID suffix), not by the
search index under test.

Intended name semantics: a query finds every case whose applicant name, ignoring ``·`` and spaces,
contains the query (ignoring ``·``) as a substring: 张三 finds 张三 and 张三丰, not 张小三.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import date

import pytest
from pypinyin import Style, lazy_pinyin

from tests.conftest import TODAY
from tests.flows import as_role, full_form
from villagedesk.domain.errors import ValidationError
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.search_terms import initials_readings
from villagedesk.services import demo, intake, queries
from villagedesk.services.desk import Desk

NAMED = [
    ("张三", "419001198001010014"),
    ("张三丰", "419001199003070023"),
    ("张小三", "419001196508150033"),
    ("三丰张三", "419001200002290046"),  # has the bigrams 张三 and 三丰, but not 张三丰
    ("买买提·艾力", "41900119850612106X"),
    ("王𠇔", "419001197512311236"),
    ("李𪚥𪚥", "419001198512010018"),
]


@pytest.fixture(scope="module")
def sdesk(template_profile, tmp_path_factory):
    root = tmp_path_factory.mktemp("search") / "profile"
    shutil.copytree(template_profile, root)
    desk = Desk.open(root, today=TODAY)
    demo.generate(desk, cases=400, seed=11, role="clerk")
    as_role(desk, Role.AGENT)
    for name, number in NAMED:
        intake.register(desk, full_form(desk, "JY012", name=name, id_number=_valid(number)))
    yield desk
    desk.close()


def _valid(number: str) -> str:
    from stdnum.cn import ric

    return number[:17] + ric.calc_check_digit(number)


def _raw(desk) -> list[dict]:
    conn = sqlite3.connect(desk.paths.db)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT c.*, a.id_number FROM cases c LEFT JOIN applicants a ON a.id = c.applicant_id"
        ).fetchall()
    finally:
        conn.close()
    return [dict(r) for r in rows]


def _ids(desk, **kw) -> set[str]:
    f = queries.CaseFilter(**kw)
    found = set(queries.case_ids(desk, f))
    assert queries.count_cases(desk, f) == len(found)
    return found


def _bare(name: str) -> str:
    return "".join(ch for ch in name if ch not in "· ")


def _by_name(rows, query: str) -> set[str]:
    q = _bare(query.replace("・", "·"))
    return {r["id"] for r in rows if q in _bare(r["applicant_name"])}


def test_two_character_name_is_a_substring_match(sdesk) -> None:
    rows = _raw(sdesk)
    names = {r["id"]: r["applicant_name"] for r in rows}
    found = _ids(sdesk, search="张三")
    assert found == _by_name(rows, "张三")
    assert {names[i] for i in found} >= {"张三", "张三丰", "三丰张三"}
    assert "张小三" not in {names[i] for i in found}


def test_longer_names_must_be_contiguous(sdesk) -> None:
    rows = _raw(sdesk)
    names = {r["id"]: r["applicant_name"] for r in rows}
    found = _ids(sdesk, search="张三丰")
    assert {names[i] for i in found} == {"张三丰"}
    assert found == _by_name(rows, "张三丰")


@pytest.mark.parametrize(
    "query", ["买买提·艾力", "买买提艾力", "买买提・艾力", "提·艾", "𠇔", "王𠇔", "𪚥𪚥", "李𪚥𪚥"]
)
def test_dots_and_rare_characters(sdesk, query: str) -> None:
    rows = _raw(sdesk)
    expected = _by_name(rows, query)
    assert expected  # the query does name someone
    assert _ids(sdesk, search=query) == expected


def test_random_name_fragments_from_the_demo(sdesk) -> None:
    rows = _raw(sdesk)
    rng = random.Random(3)
    checked = 0
    for row in rng.sample(rows, 25):
        name = _bare(row["applicant_name"])
        for size in (1, 2, 3):
            if len(name) >= size:
                start = rng.randrange(len(name) - size + 1)
                query = name[start : start + size]
                if query.isascii():
                    continue
                assert _ids(sdesk, search=query) == _by_name(rows, query), query
                checked += 1
    assert checked > 40


@pytest.mark.parametrize("query", ["zs", "zsf", "ZS", "mmt", "l"])
def test_pinyin_initials_are_a_prefix_of_the_name_initials(sdesk, query: str) -> None:
    rows = _raw(sdesk)

    def initials(name: str) -> str:
        return "".join(x[:1] for x in lazy_pinyin(_bare(name), style=Style.FIRST_LETTER, errors="ignore")).lower()

    common = {r["id"] for r in rows if initials(r["applicant_name"]).startswith(query.lower())}
    assert common
    # every reading of a polyphone (and a surname's 百家姓 reading) is indexed too
    every = {r["id"] for r in rows if any(x.startswith(query.lower()) for x in initials_readings(r["applicant_name"]))}
    assert common <= every
    assert _ids(sdesk, search=query) == every


def test_pinyin_zs_finds_zhang_san(sdesk) -> None:
    names = {r["id"]: r["applicant_name"] for r in _raw(sdesk)}
    assert {"张三", "张三丰"} <= {names[i] for i in _ids(sdesk, search="zs")}


@pytest.mark.parametrize("tail", ["0014", "010014", "106X", "106x", "12106X", "0023"])
def test_id_tail(sdesk, tail: str) -> None:
    rows = _raw(sdesk)
    expected = {r["id"] for r in rows if (r["id_number"] or "").endswith(tail.upper())}
    assert expected
    assert _ids(sdesk, search=tail) == expected
    for case in queries.list_cases(sdesk, queries.CaseFilter(search=tail)):
        assert case.id_masked.endswith(tail.upper()[-4:]) and "*" in case.id_masked


def test_case_number_as_typed_or_read_out(sdesk) -> None:
    rows = _raw(sdesk)
    row = random.Random(5).choice(rows)
    number = row["case_no"]
    variants = [number, number.lower(), number.replace("0", "O"), number.replace("0", "o"), f" {number} "]
    for typed in variants:
        assert _ids(sdesk, search=typed) == {row["id"]}, typed
    prefix = number[:11]
    assert _ids(sdesk, search=prefix) == {r["id"] for r in rows if r["case_no"].startswith(prefix)}
    seq = number.split("-")[-1]
    assert row["id"] in _ids(sdesk, search=seq.lower())


@pytest.mark.parametrize("query", ["123", "%", "_", "' OR 1=1 --", "张" * 65])
def test_hostile_or_too_short_queries(sdesk, query: str) -> None:
    try:
        found = _ids(sdesk, search=query)
    except ValidationError as err:
        assert err.field == "search"
        return
    assert found == _by_name(_raw(sdesk), query)


def test_filters_match_counts_from_the_raw_table(sdesk) -> None:
    rows = _raw(sdesk)
    statuses = {r["status"] for r in rows}
    assert len(statuses) >= 12  # the demo covers (nearly) every state
    for status in statuses:
        assert _ids(sdesk, statuses=[status]) == {r["id"] for r in rows if r["status"] == status}
    two = sorted(statuses)[:2]
    assert _ids(sdesk, statuses=two) == {r["id"] for r in rows if r["status"] in two}
    villages = {r["village_code"] for r in rows}
    assert len(villages) >= 3
    for village in villages:
        assert _ids(sdesk, village=village) == {r["id"] for r in rows if r["village_code"] == village}
    town = next(iter(villages))[:9] + "000"
    assert _ids(sdesk, village=town) == {r["id"] for r in rows if r["village_code"][:9] == town[:9]}
    assert _ids(sdesk, village="419001999000") == set()
    for category in {r["category"] for r in rows}:
        assert _ids(sdesk, category=category) == {r["id"] for r in rows if r["category"] == category}
    overdue = {
        r["id"] for r in rows if r["open"] and not r["paused"] and r["due_on"] and r["due_on"] < TODAY.isoformat()
    }
    assert overdue
    assert _ids(sdesk, overdue=True) == overdue
    lo, hi = date(2026, 6, 1), date(2026, 8, 31)
    in_range = {r["id"] for r in rows if lo.isoformat() <= r["registered_on"] <= hi.isoformat()}
    assert in_range
    assert _ids(sdesk, registered_from=lo, registered_to=hi) == in_range
    both = _ids(sdesk, statuses=["closed"], registered_from=lo, registered_to=hi, search="王")
    assert both == {r["id"] for r in rows if r["status"] == "closed" and r["id"] in in_range} & _by_name(rows, "王")


def test_overdue_cases_are_red(sdesk) -> None:
    rows = queries.list_cases(sdesk, queries.CaseFilter(overdue=True), limit=1000)
    assert rows and all(r.light == "red" for r in rows)


def test_unknown_status_is_a_clear_error(sdesk) -> None:
    with pytest.raises(ValidationError) as err:
        queries.count_cases(sdesk, queries.CaseFilter(statuses=["bogus"]))
    assert err.value.field == "status"
