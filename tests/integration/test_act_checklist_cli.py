"""``villagedesk act … --field missing=X`` checks the names against the item's checklist before anything
is written, with the town server's own rule and words (``judge.check_materials``): a name the item does
not have was once written locally and only refused by the server after the next sync."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_case_loop import register
from villagedesk import cli
from villagedesk.domain import judge
from villagedesk.domain.lifecycle import EventType
from villagedesk.services import queries


def run(capsys, profile: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--profile", str(profile), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_name_off_the_checklist_is_refused_locally_with_the_servers_words(desk, profile: Path, capsys) -> None:
    cid = register(desk, "JY010", "王五", "419001197503030037")  # 申请书, 户口簿/身份证, …
    case_no = queries.rows_by_ids(desk, [cid])[0].case_no
    before = len(queries.detail(desk, case_no).timeline)
    code, _, err = run(capsys, profile, "act", case_no, "materials_missing", "--field", "missing=申请书,结婚证")
    with_server = judge.Refusal("", "")
    try:
        judge.check_materials(EventType.MATERIALS_MISSING, {"missing": ["申请书", "结婚证"]}, frozenset({"申请书"}))
    except judge.Refusal as exc:
        with_server = exc
    assert code == 2 and with_server.message in err and "Traceback" not in err, err
    assert queries.detail(desk, case_no).row.status == "registered"
    assert len(queries.detail(desk, case_no).timeline) == before  # nothing written

    code, _, err = run(capsys, profile, "act", case_no, "materials_missing", "--field", "missing=申请书,银行账户")
    assert code == 0, err
    assert queries.detail(desk, case_no).row.status == "awaiting_materials"
    code, _, err = run(capsys, profile, "act", case_no, "materials_supplied", "--field", "received=结婚证")
    assert code == 2 and "第 1 项材料不在该事项的材料清单中" in err, err  # the judge names the position
