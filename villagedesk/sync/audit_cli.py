"""``villagedesk audit``: the town clerk reads what was done on the village PCs (留痕查看).

Asks the town server (the clerk's PC is enrolled there) for the entries the village PCs sent with their
syncs: who printed, exported, backed up or saw a full ID number of which case, and each event stored
there. Refused entries (they did not verify) and entries a PC later replaced (a restored backup) are
marked. Exit 1 when nothing could be read.
"""

from __future__ import annotations

import argparse
import sys

from villagedesk.paths import profile_dir
from villagedesk.services.argparse_zh import whole_number


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audit", help="town clerk: the audit trails of the village PCs and the town desk (who did what to which case)"
    )
    p.add_argument("--case", default="", metavar="CASE_NO", help="only the entries about this case")
    p.add_argument(
        "--device", default="", metavar="PC", help="only this PC, a village PC or the town desk (its name or id)"
    )
    p.add_argument("--limit", type=whole_number(1, 2000), default=200, help="at most this many entries, newest first")
    p.set_defaults(handler=cmd_audit)


def cmd_audit(args: argparse.Namespace) -> int:
    from villagedesk.domain.errors import DomainError
    from villagedesk.services.desk import Desk
    from villagedesk.sync import audit_view
    from villagedesk.sync.engine import NotEnrolled
    from villagedesk.sync.transport import ServerRefused, TransportError

    if not 1 <= args.limit <= 2000:
        print("错误: --limit 应为 1 到 2000", file=sys.stderr)
        return 2
    try:
        with Desk.open(profile_dir(args.profile)) as desk:
            rows = audit_view.fetch(desk, args.case.strip(), args.device.strip(), args.limit)
    except ServerRefused as err:
        print(f"错误: 镇中心服务器拒绝: {err.message}", file=sys.stderr)
        return 1
    except (TransportError, DomainError, NotEnrolled) as err:
        print(f"错误: {err}", file=sys.stderr)
        return 1
    if not rows:
        print("(镇中心没有符合条件的留痕)")
    for row in rows:
        print(audit_view.describe(row))
    return 0
