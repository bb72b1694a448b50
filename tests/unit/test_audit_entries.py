"""The wire form of audit entries and how the town judges each (domain/audit_entries.py, pure)."""

from __future__ import annotations

import pytest

from villagedesk.domain import audit_chain as ac
from villagedesk.domain import audit_entries as ae


def _chain(details: list[str]) -> tuple[list[ac.Entry], dict]:
    entries, rows, prev = [], {}, ac.GENESIS
    for n, detail in enumerate(details, 1):
        row = ("2026-12-01T08:00:00.123456", "李娜", "print", detail)
        content = ac.audit_digest(*row)
        h = ac.entry_hash(prev, "2026-12-01T08:00:00", "audit", str(n), content)
        entries.append(ac.Entry(n, "2026-12-01T08:00:00", "audit", str(n), content, prev, h))
        rows[str(n)] = row
        prev = h
    return entries, rows


def test_a_true_trail_verifies_and_an_edited_row_or_entry_is_refused_alone() -> None:
    entries, rows = _chain(["受理回执: A", "委托书: B", "导出 C"])
    wire = ae.wire_rows(entries, rows)
    batch = ae.parse({"f": 1, "p": ac.GENESIS, "r": wire})
    assert [why for _e, why in ae.judge(batch)] == ["", "", ""]
    wire[1][5][3] = "受理回执: B"  # the row edited in the file
    wire[2][3] = "0" * 64  # an entry's content made up
    verdicts = [why for _e, why in ae.judge(ae.parse({"f": 1, "p": ac.GENESIS, "r": wire}))]
    assert verdicts == ["", "row_changed", "hash"]
    assert "被改动" in ae.REASONS["row_changed"] and "伪造" in ae.REASONS["hash"]
    del wire[0][5]
    assert "删除" in ae.REASONS[ae.judge(ae.parse({"f": 1, "p": ac.GENESIS, "r": wire}))[0][1]]


@pytest.mark.parametrize(
    "value",
    ["x", {"f": 0, "p": ac.GENESIS, "r": []}, {"f": 1, "p": "zz", "r": []}, {"f": 1, "p": ac.GENESIS, "r": "no"},
     {"f": 1, "p": ac.GENESIS, "r": [[1, 2, 3, 4, 5]]},
     {"f": 1, "p": ac.GENESIS, "r": [["a", "audit", "r", "c", "F" * 64]]},
     {"f": 1, "p": ac.GENESIS, "r": [["a", "audit", "r", "c", "\ud800" * 64]]},
     {"f": 1, "p": ac.GENESIS, "r": [["a", "audit", "r", "c"]]},
     {"f": 1, "p": ac.GENESIS, "r": [["a", "audit", "r", "c", "f" * 64]] * (ae.MAX_ENTRIES + 1)}],
)  # fmt: skip
def test_a_broken_batch_is_malformed_never_an_exception_of_another_kind(value) -> None:
    with pytest.raises(ae.Malformed):
        ae.parse(value)


@pytest.mark.parametrize(
    "entry, code",
    [(["2026-12-01T08:00:00", "nope", "1", "c" * 64, "f" * 64], "form"),
     (["2026-12-01T08:00:00", "event", "1", "c" * 64, "f" * 64, ["x", "y", "z", "w"]], "form"),
     (["2026-12-01T08:00:00\ud800", "audit", "1", "c" * 64, "f" * 64], "text"),
     (["2026-12-01T08:00:00", "audit", "1", "c" * 64, "f" * 64, ["2026-12-01T08:00:00", "王\ud800", "print", ""]],
      "text"),
     (["9999-12-31T23:59:59", "audit", "1", "c" * 64, "f" * 64], "form"),
     (["2026-12-01T08:00:00\x00", "audit", "1", "c" * 64, "f" * 64], "form"),
     ([20261201, "audit", "1", "c" * 64, "f" * 64], "form"),
     (["2026-12-01T08:00:00", "audit", "<b>", "c" * 64, "f" * 64], "form"),
     (["2026-12-01T08:00:00", "audit", "1", "C" * 64, "f" * 64], "form"),
     (["2026-12-01T08:00:00", "audit", "1", "c" * 64, "f" * 64, ["2026-12-01T08:00:00", "x", "打印", ""]], "form"),
     (["2026-12-01T08:00:00", "audit", "1", "c" * 64, "f" * 64, ["2026-12-01T08:00:00", "x", "print", "x" * 301]],
      "form"),
     (["2026-12-01T08:00:00", "audit", "1", "c" * 64, "f" * 64, ["2026-12-01T08:00:00", "<b>x", "print", ""]],
      "actor"),
     (["2026-12-01T08:00:00", "audit", "1", "c" * 64, "f" * 64, ["2026-12-01T08:00:00", "王芳\u202e", "print", ""]],
      "actor")],
)  # fmt: skip
def test_a_field_no_program_writes_flaws_its_entry_alone(entry, code) -> None:
    """Refused one entry at a time, with a code and a sentence, and kept as printable text only."""
    entries, rows = _chain(["受理回执: A"])
    good = ae.wire_rows(entries, rows)[0]
    batch = ae.parse({"f": 1, "p": ac.GENESIS, "r": [entry, good]})
    verdicts = ae.judge(batch)
    assert [why for _e, why in verdicts] == [code, "hash"]  # the good one links to the GENESIS, not to entry
    kept = verdicts[0][0]
    for text in (kept.at, kept.kind, kept.ref, kept.content, kept.row_at, kept.actor, kept.action, kept.detail):
        assert text.isprintable()
    assert ae.REASONS[code] and ae.reason_code(ae.REASONS[code]) == code
    assert ae.parse({"f": 1, "p": ac.GENESIS, "r": [good]}).entries[0].flaw == ""


def test_what_the_town_keeps_has_no_full_id_or_mobile_number() -> None:
    kept = ae.mask_detail("导出 419001198001010014 与 11010519491231002X, 电话13812345678\x07")
    assert kept == "导出 419001********0014 与 110105********002X, 电话138****5678"
    assert ae.case_no_in("委托书: 100201-261125-M5001 → 打印机") == "100201-261125-M5001"
    assert ae.case_no_in("cases.xlsx") is None
