"""The ``cases`` and ``accounts`` listings align by display width (office findings, issue 14).

Padding by ``len()`` mis-aligned every name mixing CJK (two columns) with ``·`` (one), and 𠮷祥·阿依古丽
(𠮷 outside the BMP, wide) overflowed its column. Every CLI table pads with ``domain.text_width``."""

from __future__ import annotations

from stdnum.cn import ric

from tests.flows import register
from villagedesk import cli
from villagedesk.domain.text_width import display_width, pad, table
from villagedesk.services import accounts

NAMES = ("王芳", "阿依古丽·买买提", "\U00020bb7祥·阿依古丽", "欧阳娜娜")


def _id(serial: int) -> str:
    body = f"41900119800101{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def _starts(line: str, part: str) -> int:
    return display_width(line[: line.index(part)])


def test_cases_listing_aligns_every_column_after_the_name(desk, capsys) -> None:
    for serial, name in enumerate(NAMES, 1):
        register(desk, name=name, id_number=_id(serial))
    desk.close()
    capsys.readouterr()
    assert cli.main(["--profile", str(desk.paths.root), "cases"]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "419001" in x]
    assert len(lines) == len(NAMES)
    id_columns = {_starts(x, "419001") for x in lines}
    assert len(id_columns) == 1, "\n".join(lines)  # the masked ID starts in one column on every row
    for name in NAMES:  # and no name runs into it
        line = next(x for x in lines if name in x)
        assert _starts(line, name) + display_width(name) + 2 <= _starts(line, "419001")


def test_accounts_listing_aligns_the_role_column(desk, capsys) -> None:
    for i, name in enumerate(NAMES):
        accounts.add_person(desk, f"user{i}", name, "Gy8#kD2m!pQ7")
    desk.close()
    capsys.readouterr()
    assert cli.main(["--profile", str(desk.paths.root), "accounts"]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("user")]
    assert len(lines) == len(NAMES)
    assert len({_starts(x, "在用") for x in lines}) == 1, "\n".join(lines)


def test_display_width() -> None:
    assert display_width("王芳") == 4 and display_width("·") == 1 and display_width("\U00020bb7") == 2
    assert display_width("阿依古丽·买买提") == 15 and display_width("e\u0301") == 1
    assert pad("王芳", 6) == "王芳  " and pad("阿依古丽·买买提", 4) == "阿依古丽·买买提"
    assert table([("王芳", "x"), ("a·b", "y")]) == ["王芳  x", "a·b   y"]
