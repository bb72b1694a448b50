"""``villagedesk actions`` and ``villagedesk act``: every case action headless, through the same service
(``services.actions``) as the case page, so a village, town or city can script its day."""

from __future__ import annotations

import argparse
import json
import sys

from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError

EXIT_REFUSED = 2  # the state machine refused, or a field was wrong: nothing was written


def _desk(args: argparse.Namespace):
    from villagedesk.paths import profile_dir
    from villagedesk.services.desk import Desk

    return Desk.open(profile_dir(args.profile))


def _case_id(desk, key: str) -> str:
    from villagedesk.services import queries

    with desk.store.read() as s:
        return queries.find_case(s, key).id


def cmd_actions(args: argparse.Namespace) -> int:
    from villagedesk.domain.lifecycle import EVENT_LABELS, STATE_LABELS, State
    from villagedesk.services import actions, queries
    from villagedesk.services.action_args import action_name

    with _desk(args) as desk:
        try:
            case_id = _case_id(desk, args.case_no)
        except NotFoundError as err:
            print(f"错误: {err}", file=sys.stderr)
            return EXIT_REFUSED
        row = queries.rows_by_ids(desk, [case_id])[0]
        events = actions.available(desk, case_id)
        role = desk.identity.role.value
    if args.json:
        out = {"case_no": row.case_no, "state": row.status, "role": role}
        out["actions"] = [{"action": action_name(e), "label": EVENT_LABELS[e]} for e in events]
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"办件 {row.case_no}  状态「{STATE_LABELS[State(row.status)]}」  本机角色 {role}")
    if not events:
        print("当前没有可执行的操作")
    for e in events:
        print(f"  {action_name(e):<20} {EVENT_LABELS[e]}")
    return 0


def _refusal(err: ValidationError) -> str:
    """A refused field in words: its Chinese label (``FIELD_WORDS``), never the payload key; a key the
    person typed that no label names is shown as typed, so they know which of their --field was wrong."""
    from villagedesk.domain.errors import FIELD_WORDS

    if err.field in FIELD_WORDS or err.field in err.message or err.field in ("action", "mandate", "field"):
        return str(err)
    return f"字段 {err.field}: {err.message}"


def cmd_act(args: argparse.Namespace) -> int:
    from villagedesk.domain.lifecycle import STATE_LABELS
    from villagedesk.services import actions
    from villagedesk.services.action_args import build_payload, parse_action

    with _desk(args) as desk:
        try:
            event = parse_action(args.action)
            payload = build_payload(event, args.reason, args.field or [])
            case_id = _case_id(desk, args.case_no)
            new = actions.perform(desk, case_id, event, payload)
        except ValidationError as err:  # name the field: "此项不能为空" alone left people guessing which
            print(f"错误: {_refusal(err)}", file=sys.stderr)
            return EXIT_REFUSED
        except (TransitionError, NotFoundError) as err:
            print(f"错误: {err}", file=sys.stderr)
            return EXIT_REFUSED
    print(f"已执行, 办件现为「{STATE_LABELS[new]}」")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actions", help="what this role may do with a case now (as its case page offers)")
    p.add_argument("case_no", help="case number (or id)")
    p.add_argument("--json", action="store_true", help="machine-readable output (ID numbers masked)")
    p.set_defaults(handler=cmd_actions)

    p = sub.add_parser("act", help="do one action on a case (accepted, returned, decided …), as the case page does")
    p.add_argument("case_no", help="case number (or id)")
    p.add_argument("action", help="the action's name (villagedesk actions lists them) or its Chinese label")
    p.add_argument("--reason", help="the reason (退回、不予受理、不予、撤回、延期)")
    p.add_argument(
        "--field",
        action="append",
        metavar="K=V",
        help="a field of the action, e.g. outcome=approved, certificate_no=JY-1, missing=户口簿,身份证, days=5",
    )
    p.set_defaults(handler=cmd_act)
