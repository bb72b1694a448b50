"""``rating score --manual``: the help's example is a key of the rubric, and a wrong key names the right ones.

Found in the city walk: the help said 「如 facility=8」, and ``--manual facility=8`` was refused with
「考评细则中没有人工评分项「facility」」 and no word of which items there are (premises, public_notices,
attendance). Fails on the old code: the example key is not in the rubric, the refusal names no key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.casebuilder import TOWN, VILLAGE
from tests.integration.test_records_cli import refused
from villagedesk import cli
from villagedesk.domain.lifecycle import Role
from villagedesk.services import star_rating


def test_the_help_example_and_the_refusal_name_the_rubrics_keys(desk, profile: Path, capsys) -> None:
    desk.setup(Role.CLERK, TOWN, "赵敏")
    keys = [c.key for c in star_rating.active_rubric(desk).manual]
    assert keys
    with pytest.raises(SystemExit):
        cli.main(["--profile", str(profile), "rating", "score", "--help"])
    shown = re.search(r"如 (\w+)=\d", capsys.readouterr().out)
    assert shown is not None and shown.group(1) in keys  # the example works as written

    err = refused(capsys, profile, "rating", "score", VILLAGE, "--manual", "facility=8")
    assert "facility" in err and all(k in err for k in keys), err
    assert "场所设施" in err and "0-10" in err
    assert star_rating.ratings(desk, 2026) == []  # nothing scored by the refusal
