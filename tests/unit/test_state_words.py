"""One vocabulary for states (issue 14, item 10): every state has one name, in the lifecycle's table
(``STATE_LABELS``, translated by ``ui/vocabulary.py``), and no page, print, export or command line spells a
state's name, or a retired second name, itself.

One state had three names (待补材料 / 待补正 / 退回补正); the inspections' CLI said 已报整改进展 where the
table says 已报整改情况, and the bookings kept a copy of their four names."""

from __future__ import annotations

import ast
from pathlib import Path

from villagedesk.domain.lifecycle import CASE_STATES, STATE_LABELS, State

PACKAGE = Path(__file__).resolve().parents[2] / "villagedesk"
# names that were once given to a state somewhere, never to be used again: anywhere in a text, or (for
# words that also make up ordinary phrases, 镇中心退回补正) as a whole label
RETIRED = ("待补材料", "待补充", "已报整改进展", "补正中")
RETIRED_LABELS = ("镇中心退回", "已退回", "已退件")
# The table itself, its translation list, and the villager's plain-language words for the public page
# (a headline per state, docs/public-page.md), which are not state names but may share one.
OWNERS = {"domain/lifecycle.py", "ui/vocabulary.py"}
# (module, word): the same characters meaning something other than the state
NOT_A_STATE = {
    ("domain/villager_view.py", "已撤回"),  # the public page's headline for it (STATE_WORDS)
    ("services/action_args.py", "准予"),  # a decision's outcome typed on the command line
    ("services/action_args.py", "不予"),
    ("cli.py", "已取消"),  # Ctrl+C: the command was cancelled
    # the actions' names offered for translation (EVENT_LABELS: the step 村级办结, not the state)
    *(("ui/event_words.py", name) for name in ("村级办结", "退回补正", "不予受理", "办结归档")),
}
# Where pages, prints, exports and command lines live.
SCANNED = ("ui", "services", "server", "sync", "domain")


def _constants(path: Path):
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in OWNERS or "migrations" in rel:
            continue
        if "/" in rel and rel.split("/", 1)[0] not in SCANNED:
            continue
        yield rel, path


def test_every_state_has_one_name_of_its_own() -> None:
    assert set(STATE_LABELS) == set(State)  # every state walks through the table
    names = list(STATE_LABELS.values())
    assert len(names) == len(set(names)), "two states share a name"
    assert not {n for n in names for old in RETIRED if old in n}
    assert all(STATE_LABELS[state].strip() for state in CASE_STATES)


def test_no_page_print_export_or_cli_spells_a_state_name() -> None:
    names = set(STATE_LABELS.values())
    spelled, retired = [], []
    for rel, path in _modules():
        for line, text in _constants(path):
            if text in names and (rel, text) not in NOT_A_STATE:
                spelled.append(f"{rel}:{line} {text}")
            retired += [f"{rel}:{line} {old}" for old in RETIRED if old in text]
            retired += [f"{rel}:{line} {text}" for old in RETIRED_LABELS if text.strip(" :：") == old]
    assert not retired, "a retired name for a state: " + ", ".join(retired)
    assert not spelled, "state names written out instead of taken from STATE_LABELS: " + ", ".join(spelled)


def test_the_inspections_and_bookings_use_the_table() -> None:
    from villagedesk import inspection_cli
    from villagedesk.services import appointments

    assert set(appointments.STATUS_LABELS.values()) == {
        STATE_LABELS[s]
        for s in (
            State.APPOINTMENT_BOOKED,
            State.APPOINTMENT_ARRIVED,
            State.APPOINTMENT_CANCELLED,
            State.APPOINTMENT_NO_SHOW,
        )
    }
    source = Path(inspection_cli.__file__).read_text("utf-8")
    assert "STATE_LABELS[State.INSPECTION_ANSWERED]" in source
