"""What the server's judge lets through, an honest PC must apply (issue 12, the judge's class of defects).

Registrations of shapes no honest desk writes (a null name, an ID that is a list, a custody of ``"bogus"``,
another village's code on the applicant, no applicant at all) were accepted by the server and then held in
quarantine by every honest PC (TypeError: 本机数据库无法保存该办件的事件), or crashed ``villagedesk show`` with
程序内部出错. The class is closed when every mutation of a realistic registration is either refused by the
server, or pulled, stored and shown by an honest village PC without a word of trouble. Real server over
loopback, a real village PC driven through ``villagedesk`` (its own migrated SQLite profile).
"""

from __future__ import annotations

import contextlib
import copy
import io
import uuid
from pathlib import Path

from tests.security.harness import VA, VB, Server, Token, Verdict, cli, event, group
from tests.security.harness import registration_payload as registration
from tests.security.test_poison_payloads import token
from villagedesk import cli as desk_cli
from villagedesk.services.desk import Desk
from villagedesk.sync import quarantine

MUTATIONS = {
    "null": None,
    "list": [1],
    "object": {"x": 1},
    "number": 7,
    "bool": True,
    "huge": "字" * 5000,
}
REMOVED = object()
_serial = [0]


def _number() -> str:
    _serial[0] += 1
    return f"100201-261120-MX{_serial[0]:03d}"


def _base() -> dict:
    p = registration(VA, _number())
    p["mandate"] = {"signed_on": "2026-11-20", "valid_until": None}
    return p


def _paths(p: dict) -> list[tuple]:
    """Every key of the registration, nested ones too (a list's first member stands for them all)."""
    out: list[tuple] = []
    for key, value in p.items():
        out.append((key,))
        if isinstance(value, dict):
            out += [(key, k) for k in value]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            out += [(key, 0, k) for k in value[0]]
    return out


def _mutated(path: tuple, value: object) -> dict:
    p = _base()
    number = p["case_no"]
    *parents, last = path
    holder = p
    for part in parents:
        holder = holder[part]
    if value is REMOVED:
        del holder[last]
    else:
        holder[last] = copy.deepcopy(value)
    if path != ("case_no",):
        p["case_no"] = number
    return p


def _honest_agent(server: Server, root: Path) -> Path:
    profile = root / "agent-a"
    for args in (
        ("setup", "--region", VA, "--name", "李娜"),
        ("enroll", "--server", server.url, "--code", server.code(VA, "agent", "agent-a")),
        ("sync", "--quiet"),
    ):
        out = cli(profile, *args)
        assert out.returncode == 0, (args, out.stdout + out.stderr)
    return profile


def _push(server: Server, atk: Token, events: list[dict]) -> Verdict:
    return Verdict.of(atk.raw(server.url).sync(push=[group(VA, atk.dev, "agent", events)]), len(events))


def _show(profile: Path, case_no: str) -> tuple[int, str]:
    """``villagedesk show`` on the PC (in this process: hundreds of cases), its exit code and output."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = desk_cli.main(["--profile", str(profile), "show", case_no])
    return code, out.getvalue() + err.getvalue()


def _applies_and_shows(profile: Path, accepted: dict[str, str]) -> None:
    """The PC pulls everything the server took: nothing held aside, every case shown (case no → label)."""
    out = cli(profile, "sync", "--quiet")
    assert out.returncode == 0, out.stdout + out.stderr
    with Desk.open(profile) as desk, desk.store.read() as s:
        held = [(q.code, q.reason) for q in quarantine.listing(s)]
    assert not held, held
    troubles = {}
    for number, label in accepted.items():
        code, text = _show(profile, number)
        if code != 0 or f"办件编号 {number}" not in text:
            troubles[label] = text[-300:]
    assert not troubles, troubles


def test_registration_shapes_of_the_report_are_refused(fresh_server: Server) -> None:
    """The shapes of issue 12's report: each refused alone with ``payload`` (or ``partition``)."""
    atk = token(fresh_server, VA, "agent", "other-vendor")
    shapes: dict[str, tuple] = {
        "applicant.name null": (("applicant", "name"), None),
        "applicant.id list": (("applicant", "id"), [1]),
        "applicant.id object": (("applicant", "id"), {"x": 1}),
        "applicant.id_type list": (("applicant", "id_type"), ["resident_id"]),
        "applicant.id_type object": (("applicant", "id_type"), {"x": 1}),
        "agent_name null": (("agent_name",), None),
        "category null": (("category",), None),
        "bundle_code list": (("bundle_code",), ["B1"]),
        "bundle_code object": (("bundle_code",), {"x": 1}),
        "custody bogus": (("materials", 0, "custody"), "bogus"),
        "custody 1": (("materials", 0, "custody"), 1),
        "custody true": (("materials", 0, "custody"), True),
        "custody [1]": (("materials", 0, "custody"), [1]),
        "custody object": (("materials", 0, "custody"), {"x": 1}),
        "applicant of village B": (("applicant", "village_code"), VB),
        "applicant of no village": (("applicant", "village_code"), "999999999999"),
        "no applicant": (("applicant",), REMOVED),
        "no materials": (("materials",), REMOVED),
    }
    for key in ("address", "group", "id", "phone", "village_code", "id_type"):
        shapes[f"applicant.{key} null"] = (("applicant", key), None)
    names = list(shapes)
    honest = _base()
    events = [event(str(uuid.uuid4()), "case_registered", _mutated(*shapes[n]), atk.user, atk.node) for n in names]
    events.append(event(str(uuid.uuid4()), "case_registered", honest, atk.user, atk.node))
    v = _push(fresh_server, atk, events)
    wrong = {n: v.rej.get(i) for i, n in enumerate(names) if not v.rejected(i)}
    assert not wrong, wrong
    assert all(v.rej[i][0] in {"payload", "partition"} for i in range(len(names))), v.rej
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in v.rej[i][1]) for i in range(len(names))), v.rej
    assert v.accepted(len(names)), v.rej.get(len(names))  # the honest registration beside them is kept


def test_every_mutation_of_a_registration_is_refused_or_applied_and_shown(fresh_server: Server, tmp_path) -> None:
    """Each key of a realistic registration (nested too) set to null, a list, an object, a number, a bool,
    a huge text, or removed: the server refuses it, or an honest PC of the village applies and shows it."""
    atk = token(fresh_server, VA, "agent", "other-vendor")
    profile = _honest_agent(fresh_server, tmp_path)
    events, labels = [], []
    for path in _paths(_base()):
        for name, value in [*MUTATIONS.items(), ("removed", REMOVED)]:
            p = _mutated(path, value)
            events.append(event(str(uuid.uuid4()), "case_registered", p, atk.user, atk.node))
            labels.append(f"{'.'.join(map(str, path))}={name}")
    assert len(events) > 250
    v = _push(fresh_server, atk, events)
    accepted = {e["p"]["case_no"]: labels[i] for i, e in enumerate(events) if v.accepted(i)}
    assert len(accepted) + len(v.rej) == len(events), "every event is judged: accepted or refused"
    assert accepted, "some mutations (an empty note, a removed optional field) are honest and kept"
    _applies_and_shows(profile, accepted)


# Other event types: a realistic payload of each, every field mutated as above (plus one more key).
ACTIONS = {
    "note_added": {"at": "2026-11-21", "text": "已电话告知办事人"},
    "custody_changed": {"at": "2026-11-21", "material": "申请书", "holder": "village"},
    "materials_checked": {"at": "2026-11-21", "ok": True},
    "materials_missing": {"at": "2026-11-21", "missing": ["申请书"], "reason": "未带"},
    "submitted": {"at": "2026-11-21", "note": "请审核"},
    "withdrawn": {"at": "2026-11-21", "reason": "群众不办了"},
}


def test_every_mutation_of_an_action_is_refused_or_applied_and_shown(fresh_server: Server, tmp_path) -> None:
    atk = token(fresh_server, VA, "agent", "other-vendor")
    profile = _honest_agent(fresh_server, tmp_path)
    events, labels, numbers = [], [], {}
    for etype, base in ACTIONS.items():
        for field in [*base, "extra"]:
            for name, value in [*MUTATIONS.items(), ("removed", REMOVED)]:
                if field == "extra" and value is REMOVED:
                    continue
                reg = event(str(uuid.uuid4()), "case_registered", _base(), atk.user, atk.node)
                payload = copy.deepcopy(base)
                if value is REMOVED:
                    del payload[field]
                else:
                    payload[field] = copy.deepcopy(value)
                act = event(reg["c"], etype, payload, atk.user, atk.node, r=[reg["i"]])  # stamped after it
                events += [reg, act]
                labels += ["registration", f"{etype}.{field}={name}"]
    v = _push(fresh_server, atk, events)
    assert all(v.accepted(i) for i in range(0, len(events), 2)), "the honest registrations are kept"
    accepted = {events[i - 1]["p"]["case_no"]: labels[i] for i in range(1, len(events), 2) if v.accepted(i)}
    numbers = {events[i]["p"]["case_no"] for i in range(0, len(events), 2)}
    assert accepted and len(accepted) < len(numbers)
    _applies_and_shows(profile, {n: accepted.get(n, "registration") for n in numbers})
