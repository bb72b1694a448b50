"""``villagedesk print CASE``: a form as a PDF (or on a printer) without opening the main window.

For batch reprints and support, and so the packaged app can prove in CI that Qt, fonts and PDF output
work inside the bundle. Qt is imported only when the command runs, so other subcommands stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from villagedesk.services.argparse_zh import output_file

FORMS = ("receipt", "notice", "mandate")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="print a case's 受理回执/一次性告知单/委托书 to a PDF file or a printer")
    p.add_argument("case_no", help="case number (or id)")
    p.add_argument("--form", choices=FORMS, default="receipt", help="which paper to print (default receipt)")
    p.add_argument("--paper", choices=["a4", "roll80"], default="a4", help="roll80: 80 mm receipt printer")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--pdf", type=output_file, metavar="FILE", help="write a PDF file")
    target.add_argument("--printer", metavar="NAME", help="print on this installed printer")
    p.add_argument(
        "--hotline", default="", help="hotline on the form (default: 设置's, else the town's published one, else 12345)"
    )
    p.set_defaults(handler=cmd_print)


def _headless_without_screen() -> None:
    """A Linux box with no screen (server, CI, SSH) would abort in Qt's xcb plugin: render offscreen."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM"):
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"


def printing_app():
    """The Qt application a headless print needs: the running one, else a ``QApplication`` (not a bare
    ``QGuiApplication``, which would stay the process's only instance and refuse every widget after it,
    e.g. when a command runs inside the GUI's process or a test session)."""
    _headless_without_screen()
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def cmd_print(args: argparse.Namespace) -> int:
    from villagedesk.paths import profile_dir
    from villagedesk.services import audit, queries
    from villagedesk.services.desk import Desk
    from villagedesk.ui import printing as pr
    from villagedesk.ui.printing.dialog import printer_and_hotline

    app = printing_app()
    with Desk.open(profile_dir(args.profile)) as desk:
        printer, hotline = printer_and_hotline(desk, args.hotline)
        detail = queries.detail(desk, args.case_no, reveal_id=args.form == "mandate", record_view=False)
        office = pr.office_for(desk, detail.row.village_code, hotline)
        if args.form == "receipt":
            doc = pr.receipt_from(detail, office)
        elif args.form == "notice":
            doc = pr.notice_from(detail, office)
        else:
            doc = pr.mandate_from(detail, office)
        paper = pr.Paper(args.paper)
        if args.pdf:
            drawn = pr.to_pdf(doc, Path(args.pdf), paper)
            target = Path(args.pdf).name
            print(f"已保存 {args.pdf} ({drawn.pages} 页)")
        else:
            drawn = pr.to_printer(doc, args.printer or printer, paper)
            target = args.printer or printer
            print(f"已发送到打印机 {args.printer or printer} ({drawn.pages} 页)")
        audit.record_print(desk, args.form, detail.row.case_no, target)
    del app
    return 0
