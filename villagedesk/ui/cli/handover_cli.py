"""``villagedesk handover --from A --to B --pdf FILE [--confirm]``: print the 交接单 and, with
``--confirm``, let the new agent sign for it with their password (asked, or one line from stdin)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from villagedesk.services.argparse_zh import output_file


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help="交接: the leaving agent's open work as a PDF to sign; the new agent confirms")
    p.add_argument("--from", dest="leaving", required=True, metavar="USER", help="login name of the leaving agent")
    p.add_argument("--to", dest="taking", required=True, metavar="USER", help="login name of the agent taking over")
    p.add_argument("--pdf", required=True, type=output_file, metavar="FILE", help="where to write the 交接单 (A4 PDF)")
    p.add_argument("--confirm", action="store_true", help="the new agent confirms now (asks their password)")
    p.add_argument(
        "--despite-unsynced",
        action="store_true",
        help="confirm although this PC has work the town has not received (recorded in the audit trail)",
    )
    p.add_argument(
        "--despite-tampered",
        action="store_true",
        help="confirm although the audit check found records edited or deleted (recorded in the audit trail)",
    )
    p.set_defaults(handler=cmd_handover)


def cmd_handover(args: argparse.Namespace) -> int:
    """Without ``--confirm``: the sheet to sign. With it: nothing is written (no PDF, no audited export)
    unless the new agent's confirmation goes through; a refusal says so and exits non-zero."""
    from villagedesk.domain.errors import ValidationError
    from villagedesk.paths import profile_dir
    from villagedesk.services import accounts, handover
    from villagedesk.services.desk import Desk
    from villagedesk.ui.cli.print_cli import printing_app

    app = printing_app()
    target = Path(args.pdf)
    with Desk.open(profile_dir(args.profile)) as desk:
        try:
            sheet = handover.prepare(desk, args.leaving, args.taking)
            warning = handover.tamper_warning(sheet)
            if warning:  # on screen before anything else: the sheet is not the whole record
                print(f"⚠ {warning}")
                for finding in sheet.tampered[:10]:
                    print(f"  留痕被改动 {finding}")
            if not args.confirm:
                pages = _write(desk, sheet, target)
            else:
                tampered = handover.tamper_refusal(sheet)
                if tampered and not args.despite_tampered:
                    print(f"错误: 未确认交接, 未写入交接单: {tampered}", file=sys.stderr)
                    return 2
                why = handover.refusal(sheet)
                if why and not args.despite_unsynced:
                    print(f"错误: 未确认交接, 未写入交接单: {why}", file=sys.stderr)
                    return 2
                pages = _write_confirmed(
                    desk, sheet, target, _password(sheet), args.despite_unsynced, args.despite_tampered
                )
        except accounts.AuthError as err:
            print(f"错误: {err}: 未确认交接, 未写入交接单 {target.name}", file=sys.stderr)
            return 1
        except ValidationError as err:
            print(f"错误: {err.message}", file=sys.stderr)
            return 1
        print(f"已保存交接单 {args.pdf} ({pages} 页): {len(sheet.cases)} 件在办, {len(sheet.originals)} 份原件, "
              f"{len(sheet.appointments)} 个预约")  # fmt: skip
        for case_no, _name, material, holder in sheet.originals:  # no villager's name on the screen
            print(f"  原件 {case_no} {material}: 现由{holder}保管")
        print(sheet.advice)
        if args.confirm:
            print(f"{sheet.taking.display_name} 已确认接收; 此后的操作记在其名下")
    del app
    return 0


def _password(sheet) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"接收人 {sheet.taking.username} 的密码: ")
    return sys.stdin.readline().rstrip("\r\n")


def _write(desk, sheet, target: Path) -> int:
    """The sheet as a PDF, recorded as an audited export."""
    from villagedesk.services import exports
    from villagedesk.ui.printing import handover_pdf

    audit = exports.pdf_audit(desk, "交接单", f"{sheet.leaving.username}→{sheet.taking.username}")
    return handover_pdf.write(target, sheet, audit)


def _write_confirmed(
    desk, sheet, target: Path, password: str, despite_unsynced: bool, despite_tampered: bool = False
) -> int:
    """Draw the sheet beside ``target`` first (a full disk fails before anything is confirmed), then
    confirm; only a confirmed handover moves it into place and records the export. A refused password
    removes the drawn file: no PDF, no audited export."""
    from villagedesk.services import exports, handover
    from villagedesk.ui.printing import handover_pdf

    staged = target.with_name(f".{target.stem}.unconfirmed.pdf")
    if target.suffix.lower() != ".pdf":
        staged = target  # write_pdf refuses it with its own sentence, before any confirmation
    drawn: list[int] = []
    try:
        handover_pdf.write(staged, sheet, lambda _path, pages: drawn.append(pages))
        handover.confirm(desk, sheet, password, despite_unsynced, despite_tampered)  # AuthError: nothing confirmed
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    staged.replace(target)
    exports.pdf_audit(desk, "交接单", f"{sheet.leaving.username}→{sheet.taking.username}")(target, drawn[0])
    return drawn[0]
