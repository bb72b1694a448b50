"""``villagedesk enroll`` and ``villagedesk sync``: headless enrollment and sync with progress lines.

Exit 0 when everything moved; non-zero with one clear Chinese line when it could not sync (the data
already moved stays moved).
"""

from __future__ import annotations

import argparse
import sys

from villagedesk.services.argparse_zh import number, output_file, whole_number

EXIT_FAILED = 1
EXIT_USAGE = 2


def _desk(args: argparse.Namespace):
    from villagedesk.paths import profile_dir
    from villagedesk.services.desk import Desk

    return Desk.open(profile_dir(args.profile))


def cmd_enroll(args: argparse.Namespace) -> int:
    from villagedesk.sync import engine
    from villagedesk.sync.transport import ServerRefused, TransportError

    with _desk(args) as desk:
        before = _set_up_as(desk)
        try:
            reply = engine.enroll(desk, args.server, args.code, args.fingerprint)
        except ValueError as exc:
            print(f"错误: {exc}", file=sys.stderr)
            return EXIT_USAGE
        except ServerRefused as exc:
            print(f"注册失败: {exc.message}", file=sys.stderr)
            return EXIT_FAILED
        except TransportError as exc:
            print(f"注册失败: {exc}", file=sys.stderr)
            return EXIT_FAILED
    roles = {"agent": "村级代办员", "clerk": "镇中心工作人员", "city": "市级中心工作人员"}
    role = roles.get(reply["role"], reply["role"])
    print(f"注册成功: {role} @ {reply['region']}  设备 {reply['dev']}")
    if before is not None and before != (reply["role"], reply["region"]):
        was = f"{roles.get(before[0], before[0])} @ {before[1]}"
        print(
            f"注意: 本机原设置为 {was}, 注册码属于 {role} @ {reply['region']}, 本机已改为注册码的角色和区划; "
            "若注册码给错了, 请向镇中心索取本机的注册码重新注册",
            file=sys.stderr,
        )
    return 0


def _set_up_as(desk) -> tuple[str, str] | None:
    """The role and region ``setup`` gave this PC, or None on a profile not set up yet. Enrolling takes the
    code's (the server is right about where a device belongs); a code meant for another village, town or
    city must not change them without a word."""
    from villagedesk.services.desk import ProfileNotSetUp

    try:
        ident = desk.identity
    except ProfileNotSetUp:
        return None
    return ident.role.value, ident.region_code


def cmd_bundle(args: argparse.Namespace) -> int:
    """``sync --export-bundle FILE`` / ``sync --import-bundle FILE``: the USB stick instead of the link."""
    from pathlib import Path

    from villagedesk.sync import bundle, engine, offline

    with _desk(args) as desk:
        try:
            if args.export_bundle:
                kb = args.batch_kb or engine.DEFAULT_BATCH_BYTES // 1024
                done = offline.export_bundle(desk, Path(args.export_bundle), kb * 1024)
            else:
                done = offline.import_ack(desk, Path(args.import_bundle))
        except bundle.BundleError as exc:
            print(f"错误: {exc.message}", file=sys.stderr)
            return EXIT_FAILED
        arrived = _apply_calendars(desk)
    print(done.summary())
    if arrived:
        print(arrived)
    return 0


def _apply_calendars(desk) -> str:
    """A holiday schedule that came with the town's data: in force now, due dates recomputed."""
    from villagedesk.services import calendars

    return calendars.arrival_line(calendars.refresh(desk))


def cmd_sync(args: argparse.Namespace) -> int:
    from villagedesk.sync import engine

    if args.export_bundle or args.import_bundle:
        return cmd_bundle(args)

    from villagedesk.sync import attachments

    def show(p: engine.Progress) -> None:
        if args.quiet:
            return
        line = f"  [{p.phase}] {p.events} 条, {p.bytes / 1024:.1f} KB"
        if p.attachment:
            name = p.attachment_name or p.attachment[:12]
            line += f"  附件 {name} {p.attachment_bytes / 1024:.1f}/{p.attachment_total / 1024:.1f} KB"
        print(line, file=sys.stderr, flush=True)

    with _desk(args) as desk:
        caps = (args.attachment_cap_sync_mb, args.attachment_cap_month_mb)
        if any(c is not None for c in caps):
            try:
                attachments.set_caps(desk, *(None if c is None else int(c * 1024 * 1024) for c in caps))
            except ValueError as exc:
                print(f"错误: {exc}", file=sys.stderr)
                return EXIT_USAGE
        try:
            batch = args.batch_kb * 1024 if args.batch_kb else None  # None: sized to the measured link
            eng = engine.SyncEngine(desk, batch_bytes=batch, progress=show)
        except engine.NotEnrolled as exc:
            print(f"错误: {exc}", file=sys.stderr)
            return EXIT_FAILED
        except ValueError as exc:
            print(f"错误: {exc}", file=sys.stderr)
            return EXIT_FAILED
        try:
            result = eng.run()
        finally:
            eng.close()
        used, cap = attachments.attachment_usage(desk)
        arrived = _apply_calendars(desk)
    print(result.summary())
    if arrived:
        print(arrived)
    limit = f"{cap / 1024 / 1024:.0f} MB" if cap else "不限"
    print(f"本月附件流量 {used / 1024 / 1024:.1f} MB / {limit}")
    return 0 if result.ok else EXIT_FAILED


def add_commands(sub) -> None:
    p = sub.add_parser("enroll", help="register this PC with the town server using a one-time code")
    p.add_argument("--server", required=True, help="server URL, e.g. https://town.example:8765")
    p.add_argument("--code", required=True, help="one-time enrollment code from the town administrator")
    p.add_argument("--fingerprint", help="expected SHA-256 fingerprint of the server certificate (optional)")
    p.set_defaults(handler=cmd_enroll)

    p = sub.add_parser("sync", help="push local events to the town server and pull what is new")
    p.add_argument(
        "--batch-kb", type=whole_number(1, 1_000_000), help="fixed push batch size in KB (default: sized to the link)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument(
        "--attachment-cap-sync-mb",
        type=number(0, 1_000_000),
        metavar="MB",
        help="attachment bytes one sync may use (0 = no cap; kept)",
    )
    p.add_argument(
        "--attachment-cap-month-mb",
        type=number(0, 1_000_000),
        metavar="MB",
        help="attachment bytes a month may use (default 200; kept)",
    )
    usb = p.add_mutually_exclusive_group()
    usb.add_argument(
        "--export-bundle", type=output_file, metavar="FILE", help="write the outbox to a USB bundle instead of syncing"
    )
    usb.add_argument("--import-bundle", metavar="FILE", help="import the town's acknowledgement bundle")
    p.set_defaults(handler=cmd_sync)
