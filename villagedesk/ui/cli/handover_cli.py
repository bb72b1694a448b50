"""``villagedesk handover --from A --to B --pdf FILE [--confirm]``: print the 交接单 and, with
``--confirm``, let the new agent sign for it with their password (asked, or one line from stdin)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help="交接: the leaving agent's open work as a PDF to sign; the new agent confirms")
    p.add_argument("--from", dest="leaving", required=True, metavar="USER", help="login name of the leaving agent")
    p.add_argument("--to", dest="taking", required=True, metavar="USER", help="login name of the agent taking over")
    p.add_argument("--pdf", required=True, metavar="FILE", help="where to write the 交接单 (A4 PDF)")
    p.add_argument("--confirm", action="store_true", help="the new agent confirms now (asks their password)")
    p.add_argument(
        "--despite-unsynced",
        action="store_true",
        help="confirm although this PC has work the town has not received (recorded in the audit trail)",
    )
    p.set_defaults(handler=cmd_handover)


def cmd_handover(args: argparse.Namespace) -> int:
    from villagedesk.domain.errors import ValidationError
    from villagedesk.paths import profile_dir
    from villagedesk.services import exports, handover
    from villagedesk.services.desk import Desk
    from villagedesk.ui.cli.print_cli import printing_app
    from villagedesk.ui.printing import handover_pdf

    app = printing_app()
    with Desk.open(profile_dir(args.profile)) as desk:
        try:
            sheet = handover.prepare(desk, args.leaving, args.taking)
            audit = exports.pdf_audit(desk, "交接单", f"{sheet.leaving.username}→{sheet.taking.username}")
            pages = handover_pdf.write(Path(args.pdf), sheet, audit)
        except ValidationError as err:
            print(f"错误: {err.message}", file=sys.stderr)
            return 1
        print(f"已保存交接单 {args.pdf} ({pages} 页): {len(sheet.cases)} 件在办, {len(sheet.originals)} 份原件, "
              f"{len(sheet.appointments)} 个预约")  # fmt: skip
        print(sheet.advice)
        if args.confirm:
            why = handover.refusal(sheet)
            if why and not args.despite_unsynced:
                print(f"错误: 未确认交接: {why}", file=sys.stderr)
                return 2
            if sys.stdin.isatty():
                import getpass

                password = getpass.getpass(f"接收人 {sheet.taking.username} 的密码: ")
            else:
                password = sys.stdin.readline().rstrip("\r\n")
            handover.confirm(desk, sheet, password, args.despite_unsynced)  # a wrong password: AuthError
            print(f"{sheet.taking.display_name} 已确认接收; 此后的操作记在其名下")
    del app
    return 0
