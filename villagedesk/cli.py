"""The ``villagedesk`` command: the GUI by default, headless subcommands beside it.

Each subcommand is a small function ``cmd_NAME(args) -> int``; errors a person can fix are printed as one
clear line on stderr with a non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NoReturn

from villagedesk import __version__
from villagedesk.db import cipher
from villagedesk.db.cipher import DamagedDatabase
from villagedesk.domain.errors import CaseNotFound, DomainError
from villagedesk.domain.text_width import pad, table
from villagedesk.paths import profile_dir
from villagedesk.profile_lock import ProfileBusy
from villagedesk.profile_lock import profile_lock as _profile_lock
from villagedesk.services import argparse_zh
from villagedesk.services.keyfile import KeyFileError

EXIT_USAGE = 2
EXIT_ERROR = 1


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD: {text!r}") from None


CREATES_PROFILE = {"setup", "demo", "restore", "enroll"}  # the commands that may start a new profile


class ProfileMissing(DomainError):
    """``--profile`` names a folder with no VillageDesk database, for a command that needs one."""


def _open_desk(args: argparse.Namespace):
    from villagedesk.services.desk import Desk

    return Desk.open(profile_dir(args.profile))


def _require_profile(args: argparse.Namespace) -> None:
    """A mistyped ``--profile`` must not silently become a new, empty profile that ``check`` calls 正常."""
    from villagedesk.services.desk import DB_NAME

    command = getattr(args, "command", None)
    if command is None or command in CREATES_PROFILE:
        return
    root = profile_dir(args.profile)
    if root.is_dir() and not (root / DB_NAME).exists():
        raise ProfileMissing(
            f"档案文件夹 {root} 中没有 VillageDesk 数据库: 请检查 --profile, 或先运行 villagedesk setup"
        )
    if not root.exists():
        raise ProfileMissing(f"找不到档案文件夹 {root}: 请检查 --profile, 或先运行 villagedesk setup 新建档案")


# Commands that author case events or audited records as a person; each is done as one named account.
AUTHORING = {"import", "attach", "act", "rating", "inspection", "report", "print"}
# Commands that name their people themselves (handover --from/--to) or make the profile. ``accounts`` is
# not one: USER is the account changed, ``--user`` the person who changes it (audited under their name).
_OWN_PEOPLE = CREATES_PROFILE | {"handover", "encrypt", "audit"}
# ``accounts`` actions that change someone else's account: authored by a named person, never by whoever
# logged in last. Without ``--user``, a terminal asks for the login; a script is refused (exit 2).
# ``reset`` and ``recovery-code`` are the account's own (its recovery code or password proves who it is).
ACCOUNT_CHANGES = {"add", "deactivate", "reactivate"}


def _names_author(args: argparse.Namespace) -> bool:
    command = getattr(args, "command", None)
    return command == "accounts" and getattr(args, "action", None) in ACCOUNT_CHANGES


def _ask_login(active: list) -> str | None:
    """At a terminal: the login of the person making an account change (empty or Ctrl+D: ``None``)."""
    if not sys.stdin.isatty():
        return None
    names = "、".join(a.username for a in active)
    print(f"更改账号须记录由谁操作。本机在岗账号: {names}", file=sys.stderr)
    try:
        return input("您的登录名: ").strip() or None
    except EOFError:
        return None


def _acting_person(args: argparse.Namespace) -> tuple[str, str] | int | None:
    """Who a command-line run acts as: ``--user LOGIN`` (or ``VILLAGEDESK_USER``), an active account of this
    profile; without it, the profile's only active account. Several accounts and no ``--user`` for a command
    that records who did it, or an unknown or deactivated login: one sentence, exit 2.
    ``None``: the profile's person as set up (a profile without accounts, or a command that records nobody)."""
    command = getattr(args, "command", None)
    if command is None or command in _OWN_PEOPLE:
        return None
    login = (getattr(args, "user", None) or os.environ.get("VILLAGEDESK_USER") or "").strip()
    if not login and command not in AUTHORING and not _names_author(args):
        return None
    from villagedesk.services import accounts

    with _open_desk(args) as desk:
        people = accounts.accounts(desk)
    active = [a for a in people if a.active]
    if not login and _names_author(args) and active:
        login = _ask_login(active) or ""
        if not login:
            example = f"villagedesk --user {active[0].username} accounts {args.action} …"
            print(f"错误: 更改账号须指明由谁操作: 请用 --user 登录名, 例如 {example}"
                  "(在终端运行时也可按提示输入登录名), 未做任何更改", file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
    if not login:
        if len(active) == 1:
            return active[0].display_name, active[0].id
        if not active:
            return None  # set up without an account (setup without --password): the profile's person
        names = "、".join(a.username for a in active)
        print(f"错误: 本机有{len(active)}个账号({names}), 请用 --user 登录名 指明由谁操作, "
              f"例如 villagedesk --user {active[0].username} {command} …", file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    found = next((a for a in people if a.username.lower() == login.lower()), None)
    if found is None:
        print(f"错误: 本机没有登录名为 {login[:32]} 的账号(villagedesk accounts 列出本机账号)", file=sys.stderr)
        return EXIT_USAGE
    if not found.active:
        print(f"错误: 账号 {found.username} 已停用, 不能再以其名义操作(请用在岗代办员的登录名)", file=sys.stderr)
        return EXIT_USAGE
    return found.display_name, found.id


# --- subcommands ------------------------------------------------------------------------------------


def cmd_setup(args: argparse.Namespace) -> int:
    from villagedesk.domain.errors import ValidationError
    from villagedesk.domain.lifecycle import Role
    from villagedesk.domain.validators import person_name
    from villagedesk.services import accounts, catalog

    with _open_desk(args) as desk:
        catalog.seed_reference_data(desk)
        role = Role(args.role)
        codes = {r.code for r in catalog.regions(desk)}
        if args.region not in codes and not (len(args.region) == 12 and args.region.isdigit()):
            print(f"错误: 区划代码 {args.region} 无效(应为12位数字)", file=sys.stderr)
            return EXIT_USAGE
        problem = _role_region_problem(role, args.region)
        if problem:
            print(f"错误: {problem}", file=sys.stderr)
            return EXIT_USAGE
        if args.password and not args.username:
            print("错误: 设置密码时请用 --username 给出登录名", file=sys.stderr)
            return EXIT_USAGE
        password = _read_password() if args.password else None
        if args.password and password is None:
            print("错误: 两次输入的密码不一致, 未做任何更改", file=sys.stderr)
            return EXIT_USAGE
        name = person_name(args.name, "name")
        if password is not None:  # check the account before anything is written
            try:
                accounts.check_username(args.username)
                accounts.check_password(password)
            except ValidationError as err:
                print(f"错误: {err.message}", file=sys.stderr)
                return EXIT_USAGE
        desk.setup(role, args.region, name)
        print(f"已设置: {role.value} @ {args.region}")
        if password is not None:
            try:
                info = accounts.create_account(desk, args.username, name, password, role, args.region)
            except ValidationError as err:
                print(f"错误: {err.message}", file=sys.stderr)
                return EXIT_USAGE
            desk.act_as(info.display_name, info.id)
            print(f"已创建账号: {info.username}")
            from villagedesk.accounts_cli import show_code

            show_code(info.recovery_code)
        else:
            print("首次打开程序时设置登录名和密码(或用 --username NAME --password 现在设置)")
    return 0


def _role_region_problem(role, region: str) -> str | None:
    """A city PC serves a city (6-digit city code + 000000), a town PC a town, an agent's PC a village."""
    from villagedesk.domain.lifecycle import Role
    from villagedesk.sync import protocol as proto

    if role is Role.CITY and not proto.is_city(region):
        return f"市级审批服务中心的区划应为6位市级代码加000000(如济源 419001000000): {region}"
    if role is not Role.CITY and proto.is_city(region):
        return f"{region} 是市级区划代码: 市级审批服务中心请用 --role city"
    return None


def _read_password() -> str | None:
    """Asked twice without echo at a terminal; one line from standard input otherwise (scripts)."""
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass("密码: ")
        return first if getpass.getpass("再次输入密码: ") == first else None
    return sys.stdin.readline().rstrip("\r\n")


def cmd_cases(args: argparse.Namespace) -> int:
    from villagedesk.domain.deadlines import PROVISIONAL_NOTE
    from villagedesk.domain.promise import ESTIMATE_NOTE, promise_pending, promised_text
    from villagedesk.services import queries

    filt = queries.CaseFilter(
        statuses=args.status or [],
        village=args.village,
        category=args.category,
        overdue=args.overdue,
        conflict=args.conflict,
        registered_from=args.since,
        registered_to=args.until,
        search=args.search or "",
    )
    with _open_desk(args) as desk:
        rows = queries.list_cases(desk, filt, limit=args.limit)
        total = queries.count_cases(desk, filt)
    if args.json:
        print(json.dumps({"total": total, "cases": [r.to_json() for r in rows]}, ensure_ascii=False, indent=1))
        return 0
    lights = {"green": "绿", "yellow": "黄", "red": "红", "": "  "}
    lines = []
    for r in rows:
        pending = promise_pending(r.status)
        due = promised_text(r.due_on, provisional=r.provisional, pending=pending, short=True, estimate=r.estimate)
        due = due or "—"
        flag = " 冲突" if r.conflict else ""
        cells = (r.case_no, lights[r.light], r.status_label, r.applicant_name, r.id_masked, r.title)
        lines.append((*cells, f"到期 {due}{flag}"))
    for line in table(lines, minimum=(0, 2, 10, 12)):  # the name column holds 6 characters at least
        print(line)
    print(f"共 {total} 件" + (f", 显示前 {len(rows)} 件" if total > len(rows) else ""))
    notes = [note for note, why in ((ESTIMATE_NOTE, any(r.estimate for r in rows)),
                                    (PROVISIONAL_NOTE, any(r.provisional for r in rows))) if why]  # fmt: skip
    if notes:
        print(f"“预计”的到期日: {'; '.join(notes)}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from villagedesk.domain import bundle_members, case_steps
    from villagedesk.services import city, public_link, queries

    with _open_desk(args) as desk:
        d = queries.detail(desk, args.case_no, reveal_id=False)
        share = city.share_text(desk, d.row.id)
    if args.json:
        data = {
            "case": d.row.to_json(),
            "applicant": d.applicant,
            "view": d.view,
            "timeline": [t.__dict__ for t in d.timeline],
            "public": {"code": d.link.code, "url": d.link.url} if d.link else None,
            "custody": d.custody,  # material → who holds the original now (applicant / village / town)
            "members": [  # 多证联办: each member's own level, the level deciding it, where it stands
                {**x.__dict__, "state": x.state.value, "text": bundle_members.state_text(x)} for x in d.members
            ],
        }
        print(json.dumps(data, ensure_ascii=False, indent=1, default=str))
        return 0
    r = d.row
    print(f"办件编号 {r.case_no}   {r.title}")
    if d.link is not None:
        where = d.link.url or public_link.NO_ADDRESS
        print(f"查询码 {d.link.printed_code}   {where}")
    print(f"状态 {r.status_label}   登记 {r.registered_on}   到期 {r.due_text or '—'}")
    decider = case_steps.decider_text(str(d.registered.get("final_level", "")))
    if decider:
        print(f"办理层级 {decider}")
    if share:
        print(share)
    if d.members:
        print("联办事项:")
        for ms in d.members:
            print(f"  {ms.name}({ms.code})  {bundle_members.level_text(ms)}  状态: {bundle_members.state_text(ms)}")
    print(f"申请人 {d.applicant['name']}  {d.applicant['id_number']}  {d.applicant['phone']}")
    if d.mandate:
        print(f"委托书 {d.mandate.signed_on:%Y-%m-%d} 签署, 有效期{d.mandate.validity_text()}")
    if d.view.get("missing"):
        print("缺少材料: " + "、".join(d.view["missing"]))
    held = [name for name, holder in d.custody.items() if holder != "applicant"]
    if held:
        from villagedesk.domain.custody import holder_label

        print("原件保管: " + "、".join(f"{name}({holder_label(d.custody[name])})" for name in held))
    if r.conflict:
        print("⚠ 该办件存在冲突事件, 需要人工处理")
    if any(t.edited for t in d.timeline):
        print(f"⚠ {case_steps.EDITED_WARNING}")
    if d.events_deleted:
        print(f"⚠ {case_steps.DELETED_WARNING}")
    print("办理过程:")
    for t in d.timeline:
        note = case_steps.step_note(t.payload)
        level = case_steps.level_of_role(t.role)
        pending = f"  被服务器拒收: {t.rejected}" if t.rejected else ("" if t.synced else "  待同步")
        forged = f"  [{case_steps.EDITED_MARK}]" if t.edited else ""
        print(f"  {t.at or '':<10}  [{level}] {pad(t.label, 16)}{'  ' + note if note else ''}{pending}{forged}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from villagedesk.services import maintenance

    with _open_desk(args) as desk:
        report = maintenance.check(desk, rebuild=args.rebuild)
    print(f"结构版本      {report.revision} (程序 {report.head})")
    print(f"完整性检查    {report.integrity}")
    print(f"办件/事件     {report.cases} / {report.events}")
    print(f"待同步/被拒   {report.outbox_pending} / {report.outbox_rejected}")
    if report.quarantined:
        print(f"已隔离        {report.quarantined} 条下载的事件无法应用, 未影响其他数据(详见「同步」页, 请告知镇中心)")
    fixable = [n for n in report.mismatched if n not in report.held]
    if report.refused_steps:
        _print_refused(report, [] if args.rebuild else fixable)
    count, latest, numbers = report.future
    if count:
        more = " 等" if count > len(numbers) else ""
        shown = "、".join(numbers) + more
        print(f"日期在今天之后  {count} 件办件的登记日期晚于今天 {report.today}(最晚 {latest}, 办件 {shown}): "
              "登记时本机时钟快了, 或现在慢了; 请先校准电脑时间, 再请镇中心核对这些办件的日期")  # fmt: skip
    for number, cases in report.two_names:
        print(f"同号异名      身份证号 {number} 在本机登记为不同姓名(办件 {'、'.join(cases)}): 每件按其登记的姓名显示, "
              "请核对是哪一位, 错的一件请撤销后重新登记")  # fmt: skip
    if report.refused_registrations:
        shown = ", ".join(report.refused_registrations[:10]) + (" 等" if len(report.refused_registrations) > 10 else "")
        print(f"未送达镇中心  办件 {shown} 的登记被服务器拒收: 镇中心没有这些办件, 村民凭回执查不到; "
              "请把拒收原因告知镇中心, 镇中心处理后再运行 villagedesk sync")  # fmt: skip
    if fixable:
        shown = ", ".join(fixable[:10])
        if args.rebuild:
            print(f"投影已重建    {len(fixable)} 件: {shown}")
        else:
            print(f"投影与事件重建不一致  {len(fixable)} 件: {shown} (运行 villagedesk check --rebuild 按事件重建)")
    if report.held:
        shown = ", ".join(report.held[:10])
        why = "其事件在数据库中被直接修改或删除, 按剩下的事件重建会把改动后的结果当真"
        print(f"未重建        {len(report.held)} 件: {shown}: {why}")
        if report.enrolled:
            way = ("镇中心保存着本机已同步的真实事件: 请告知镇中心, 用 villagedesk restore 恢复改动前的备份, "
                   "再运行 villagedesk sync 取回此后的记录")  # fmt: skip
        else:
            way = "本机未注册到镇中心, 真实事件只在备份中: 请用 villagedesk restore 恢复改动前的备份, 并告知镇中心"
        print(f"处理办法      {way}")
    if not report.mismatched:
        print("投影          与事件重建一致")
    for problem in report.problems:
        print(f"问题          {problem}")
    if report.tampered:
        for finding in report.tampered:
            print(f"留痕被改动    {finding}")
        if not report.held:
            print("处理办法      这些改动不是本程序做的: 请告知镇中心, 用 villagedesk restore 恢复改动前的备份")
    else:
        print(f"留痕          {report.audit_entries} 条, 链条完整, 事件与操作记录均未被改动")
    if not report.problems:
        print("附件与结构    正常")
    rebuilt_ok = (
        args.rebuild
        and report.revision == report.head
        and report.integrity == "ok"
        and not report.tampered
        and not report.held
    )
    ok = report.ok or (rebuilt_ok and not report.problems)
    # a warning (同号异名, quarantined downloads, refused steps) damages nothing: 有警告, exit 0; a problem outranks it
    verdict = "有问题" if not ok else "有警告" if report.warned else "正常"
    if report.refused_steps:
        verdict += f"(本机有 {report.refused_steps} 步被服务器拒收, 见上)"
    print("结论          " + verdict)
    return 0 if ok else EXIT_ERROR


def _print_refused(report, stale: list[str]) -> None:
    """This PC's refused steps: how many, which cases, and where those cases stand now."""
    cases = report.refused_cases
    shown = ", ".join(cases[:10]) + (" 等" if len(cases) > 10 else "")
    print(f"被服务器拒收  本机 {report.refused_steps} 步, 涉及办件 {len(cases)} 件: {shown}")
    restored = [c for c in cases if c not in stale]
    if restored:
        kept = "被拒的步骤保留在办件记录中并注明原因, 不再计入状态"
        print(f"              {len(restored)} 件已恢复为服务器上的状态: {kept}")
    if len(restored) < len(cases):
        print(f"              {len(cases) - len(restored)} 件仍按被拒的步骤显示: 运行 villagedesk check --rebuild 恢复")
    print("              如仍需办理, 请按拒收原因改正后重新操作")


def cmd_backup(args: argparse.Namespace) -> int:
    from villagedesk.services import maintenance

    with _open_desk(args) as desk:
        try:
            target, copy = maintenance.backup_with_copy(desk, Path(args.file) if args.file else None)
        except maintenance.BackupRefused as err:  # a damaged database: nothing written, nothing rotated away
            print(f"错误: {err}", file=sys.stderr)
            return EXIT_USAGE
        left_out = maintenance.left_out_scans(desk, target)
    print(f"已备份到 {target}")
    if left_out:
        print(f"注意: {left_out}", file=sys.stderr)
    if copy is not None:
        print(f"已复制到第二备份文件夹 {copy} (已校验)")
    if args.also:
        copy = maintenance.copy_to_second_folder(target, Path(args.also))
        print(f"已复制到 {copy} (已校验)")
        with _open_desk(args) as desk:  # remembered: ``encrypt`` and ``check`` ask this folder from now on
            maintenance.remember_copy_folder(desk, Path(args.also))
            maintenance.seal_second_folder(desk, Path(args.also), only_own=True)  # its older plain copies
    return 0


def rolled_back_sentence(undone, done: str, safety: str) -> str:
    """The later steps and records a restore undoes (``maintenance.RolledBack``), and where they still are."""
    parts = [f"{undone.cases} 件办件的后续办理"] if undone.cases else []
    parts += [f"{undone.records} 条其他记录(预约、考评、督查等)"] if undone.records else []
    where = f"它们保存在安全副本 {safety} 中"
    if undone.unsent:
        where += f"; 其中 {undone.unsent} 条事件尚未送达镇中心, 只有安全副本中有"
    return f"注意: 备份之后的改动{done}, 回到备份时的样子: {', '.join(parts)}; {where}"


def _names(names: list[str], shown: int = 5) -> str:
    return "、".join(names[:shown]) + (f" 等 {len(names)} 个" if len(names) > shown else "")


def restore_logins_sentence(plan) -> list[str]:
    """What a restore did to logging in (``restore_accounts.AccountsPlan``), per account: what opens the
    desk now (the DB's password hash on a plain profile, the key file's wraps on an encrypted one)."""
    from villagedesk.services import restore_accounts as ra

    lines = []
    if plan.no_accounts:
        gone = ""
        if plan.replaced_logins:
            gone = f"本机原有的登录账号({_names(plan.replaced_logins)})已不在, 只保存在安全副本中; "
        lines.append(
            f"注意: 恢复的数据库中没有登录账号: {gone}请用 villagedesk setup --region 区划代码 --name 姓名 "
            "--username 登录名 --password 重新建立登录账号"
        )
    if plan.gone and not plan.no_accounts:
        lines.append(f"注意: 本机原有的登录账号({_names(plan.gone)})不在此备份中, 已不能登录(它们保存在安全副本中)")
    if plan.kept_stops:
        lines.append(
            f"注意: 本机已停用的账号仍保持停用({_names(plan.kept_stops)}), 虽然备份中它们在用; "
            "如本人回来, 请用 villagedesk --user 登录名 accounts reactivate 登录名 恢复"
        )
    if plan.keyless:
        lines.append(
            f"注意: 本机加密的数据中没有可用 {_names(plan.keyless)} 的密码或恢复码打开的密钥, 这些账号已停用: "
            "请由本人在本机其他代办员登录时用 villagedesk --user 登录名 accounts reactivate 账号 输入原密码恢复"
        )
    by = {how: sorted(n for n, h in plan.logins.items() if h == how) for how in (ra.BACKUP, ra.NEW, ra.CODE)}
    parts = []
    if by[ra.BACKUP]:
        parts.append(f"{_names(by[ra.BACKUP])} 请用备份时的密码登录, 此前在本机设的密码不再有效")
    if by[ra.NEW]:
        parts.append(f"{_names(by[ra.NEW])} 是备份中的账号, 请用备份时的密码登录")
    if by[ra.CODE]:
        parts.append(
            f"{_names(by[ra.CODE])} 的密码打不开本机加密的数据, 请先用恢复码重设密码: "
            "villagedesk accounts reset 登录名 --code 恢复码"
        )
    if parts:
        lines.append("注意: 恢复后的登录: " + "; ".join(parts))
    if plan.dropped:
        lines.append(f"已从密钥文件中删除备份中没有的账号({_names(plan.dropped)})的密码和恢复码: 它们不再能打开数据")
    if plan.foreign:
        lines.append(
            f"注意: 加密的数据仍只能用 {_names(plan.foreign)} 的密码或恢复码打开(备份中没有这些账号): "
            "请用它打开后建立登录账号"
        )
    return lines


def cmd_restore(args: argparse.Namespace) -> int:
    from villagedesk.encrypt_cli import restore_secret
    from villagedesk.services import maintenance
    from villagedesk.services.desk import ProfilePaths
    from villagedesk.services.restore_counters import LOST_NUMBERS_SKIP

    paths = ProfilePaths(profile_dir(args.profile))
    if args.preview:
        preview = maintenance.preview_restore(paths, Path(args.file), restore_secret(args))
        made = f"(备份于 {preview.created.replace('T', ' ')})" if preview.created else ""
        print(f"此备份{made}有 {preview.backup_cases} 件办件, 当前数据库有 {preview.current_cases} 件")
        print(f"恢复后 {preview.kept_aside} 件较新的办件将只保存在安全副本中(backups/before-restore-…); 未作任何改动")
        if preview.rolled_back:
            print(rolled_back_sentence(preview.rolled_back, "将被撤回", "backups/before-restore-…"))
        return 0
    held: list = []  # the backup lock, held until the restore has reported: its note is not stale meanwhile
    try:
        return _restore_and_report(args, paths, restore_secret(args), LOST_NUMBERS_SKIP, held)
    finally:
        for lock in held:
            lock.release()


def _restore_and_report(args: argparse.Namespace, paths, secret, skip: int, held_by: list) -> int:
    from villagedesk.services import maintenance, restore_note
    from villagedesk.services.restore_leftovers import nothing_left_on_failure

    failed: Exception | None = None
    with nothing_left_on_failure(paths.root) as outcome, _profile_lock(paths.root):  # unlocked before the cleanup
        lock = maintenance.hold_backup_lock(paths.backups)
        try:
            result = maintenance.restore(paths, Path(args.file), secret, lock=lock)
        except BaseException:
            lock.release()  # before a new folder is removed
            raise
        held_by.append(lock)
        outcome.keep()  # the restored DB and the safety copy are in place: nothing of them is removed now
        try:
            with _open_desk(args) as desk:  # migrates an older backup to this version
                maintenance.record_restored_accounts(desk, result)
                report = maintenance.check(desk)
        except Exception as err:  # the after-check: both copies stay, the person is told which and what to do
            failed = err
    if failed is not None:
        return _after_check_failed(args, result, failed)
    print(f"已从 {args.file} 恢复 ({report.cases} 件办件, {result.attachments} 个附件文件)")
    if result.safety is not None:
        print(f"原数据库已备份到 {result.safety}")
    if not report.ok:
        print("注意: 恢复后的检查发现问题: 请运行 villagedesk check 查看详情和处理办法")
    if result.kept_aside:
        print(f"注意: 原数据库中有 {result.kept_aside} 件较新的办件不在此备份中, 它们保存在 {result.safety}")
    if result.numbers_skipped:
        print(
            "本机没有此前的编号记录, 不知道原电脑在备份后又发了哪些编号: 备份当天至今天的办件编号"
            f"从已知最大编号加 {result.numbers_skip} 起(至少 {skip}, 且不少于原电脑单日最多编号数的两倍); "
            f"原电脑在备份后同一天又登记了 {result.numbers_skip} 件以上时编号仍可能重复, 镇中心会拒收重复的编号"
        )
    elif result.counters_raised:
        print("办件编号将接着本机已用过的最大编号继续, 不会重复")
    if result.kept_enrollment:
        print("已保留本机自己的镇中心注册(设备编号、令牌、服务器): 恢复的办件从本机同步, 不再以原电脑的身份")
    if result.enrolled:
        print("本机已注册到镇中心: 请运行 villagedesk sync, 镇中心保存的较新办件会同步回来")
    if result.rolled_back:
        print(rolled_back_sentence(result.rolled_back, "已被撤回", str(result.safety)))
    for line in restore_logins_sentence(result.accounts):
        print(line)
    sys.stdout.flush()
    restore_note.clear(paths.root)  # reported: the next command has nothing to add
    return 0


def _after_check_failed(args: argparse.Namespace, result, err: Exception) -> int:
    """The backup is in place but opening or checking it failed (a schema it cannot be upgraded from, a full
    disk during the upgrade): one sentence saying what is wrong, that both copies are kept, where, and what
    to do; the scrubbed traceback in the log."""
    from villagedesk.services import failures

    root = profile_dir(args.profile)
    failures.log_failure(err, root / "logs", "restore (after-check)")
    why = failures.explain(err, root) if not isinstance(err, DomainError) else str(err)
    if why is None or why.startswith("数据库文件已损坏或不是"):
        why = "恢复的数据库无法打开或升级到本版本"
    kept = f"原数据库的安全副本 {result.safety}" if result.safety is not None else "备份文件"
    print(
        f"错误: 已从备份恢复, 但恢复后的检查未通过({why}): 恢复的数据库 {root / 'villagedesk.db'} 和{kept}都已保留, "
        "未删除任何文件; 请运行 villagedesk check 查看, 仍不正常请把 logs/villagedesk.log 交技术支持, "
        "或用 villagedesk restore 换一个备份恢复",
        file=sys.stderr,
    )
    return EXIT_ERROR


def cmd_attach(args: argparse.Namespace) -> int:
    from villagedesk.domain.errors import ValidationError
    from villagedesk.services import attachments, queries

    with _open_desk(args) as desk:
        case = queries.detail(desk, args.case_no, reveal_id=False).row
        try:
            info = attachments.add_file(desk, case.id, Path(args.file), args.material or "")
        except ValidationError as err:  # the FILE argument (missing, empty, too large): a usage error
            name = Path(args.file).name  # the file's name, not its folders' (they say nothing to fix)
            print(f"错误: {err}: {name}" if name not in str(err) else f"错误: {err}", file=sys.stderr)
            return EXIT_USAGE
    label = f" ({info.material})" if info.material else ""
    print(f"已添加附件到 {case.case_no}{label}: {info.filename}, {info.size} 字节, SHA-256 {info.sha256[:12]}…")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from villagedesk.services import demo

    with _open_desk(args) as desk:
        summary = demo.generate(desk, cases=args.cases, seed=args.seed, role=args.role)
    print(summary)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from villagedesk.services import importer

    defaults = importer.Defaults(
        item_code=(args.item or "").strip().upper(),
        mandate_signed=True if args.mandate_signed else None,
        registered_on=args.registered_on,
    )
    with _open_desk(args) as desk:
        report = importer.import_file(
            desk,
            Path(args.file),
            skip_invalid=args.skip_invalid,
            reject_file=args.reject_file,
            defaults=defaults,
            allow_duplicates=args.allow_duplicates,
        )
    for line in report.notes():
        print(line)
    for label, items in (("问题", report.problems), ("重复", report.duplicates), ("提醒", report.warnings)):
        for problem in items[:200]:
            where = f" [{problem.column}]" if problem.column else ""
            print(f"{label}: 第{problem.row}行{where} {problem.message}", file=sys.stderr)
        if len(items) > 200:
            more = f"…… 另有 {len(items) - 200} 个{label}"
            if label == "问题" and not args.skip_invalid:
                more += "; 加 --skip-invalid 重新导入: 正确的行照常登记, 有问题的行全部写入未导入文件(每行附问题)"
            print(more, file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else EXIT_ERROR


def _gui(args: argparse.Namespace) -> int:
    """The GUI holds its profile's instance lock: a second window on the same profile is refused."""
    from villagedesk import app

    if args.demo and not args.profile:
        return app.run_gui(args)  # a fresh temporary profile: nobody else can hold it
    root = profile_dir(args.profile)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        lock = _profile_lock(root)
    except ProfileBusy as busy:
        if not args.smoke:  # started from a shortcut there is no console: say it in a window too
            from villagedesk.ui.widgets.busy_notice import show_busy

            holder = busy.holder
            show_busy(holder.pid, holder.host, holder.since)
        raise
    try:
        return app.run_gui(args)
    finally:
        lock.release()


# --- parser -----------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one clear line on stderr (exit 2), not a usage block: ``-h`` shows the usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"错误: {message} (用 {self.prog} -h 查看用法)\n")


Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    argparse_zh.install()
    parser = _Parser(prog="villagedesk", description="村级便民代办台 VillageDesk")
    parser.add_argument("--version", action="version", version=f"VillageDesk {__version__}")
    parser.add_argument(
        "--profile", metavar="DIR", help="profile folder (default: VILLAGEDESK_PROFILE or user data dir)"
    )
    parser.add_argument("--demo", action="store_true", help="open the GUI on a fresh demo profile")
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="the account a command acts as (needed when the PC has several), and whose password opens an "
        "encrypted profile (VILLAGEDESK_USER)",
    )
    parser.add_argument("--smoke", action="store_true", help="start the GUI, let it settle and exit 0")
    parser.add_argument(
        "--smoke-pages", action="store_true", help="as --smoke, opening every page of the navigation first"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("setup", help="set this profile's role and region (headless first run)")
    p.add_argument(
        "--role", choices=["agent", "clerk", "city"], default="agent", help="who uses this PC: agent, clerk or city"
    )
    p.add_argument(
        "--region",
        required=True,
        help="12-digit region code (a village for agents, a town for clerks, city code + 000000 for the city)",
    )
    p.add_argument("--name", required=True, help="the agent's or clerk's name")
    p.add_argument("--username", help="login name of the account to create (with --password)")
    p.add_argument(
        "--password",
        action="store_true",
        help="create the login account now: the password is asked twice (read from stdin when piped)",
    )
    p.set_defaults(handler=cmd_setup)

    p = sub.add_parser("demo", help="fill the profile with realistic demo data")
    p.add_argument(
        "--cases",
        type=argparse_zh.whole_number(1, 1_000_000),
        default=500,
        help="how many demo cases to add (default 500)",
    )
    p.add_argument(
        "--seed",
        type=argparse_zh.whole_number(0, 2**63 - 1),
        default=2016,
        help="the seed of the made-up data: one seed, one data set",
    )
    p.add_argument(
        "--role", choices=["agent", "clerk"], default="agent", help="demo a village agent's or a town clerk's PC"
    )
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="bulk intake from a CSV or XLSX file")
    p.add_argument("file", help="the CSV or XLSX roster")
    p.add_argument("--skip-invalid", action="store_true", help="import the good rows, write bad ones to a reject file")
    p.add_argument(
        "--reject-file",
        type=argparse_zh.output_file,
        help="where --skip-invalid writes the bad rows (default: beside the input)",
    )
    p.add_argument("--item", metavar="CODE", help="the item of every row without its own 事项编码, e.g. JY017")
    p.add_argument("--mandate-signed", action="store_true", help="every villager on the roster signed a 委托书")
    p.add_argument("--registered-on", type=_date, metavar="DATE", help="registration date of rows without one")
    p.add_argument(
        "--allow-duplicates", action="store_true", help="register rows whose villager already has this item open"
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("cases", help="list cases")
    p.add_argument("--status", action="append", help="state name (repeatable), e.g. submitted")
    p.add_argument("--village", help="village code, or a town (or city) code for all its villages")
    p.add_argument("--category", help="item category, e.g. 民政救助")
    p.add_argument("--overdue", action="store_true", help="only cases past their time limit")
    p.add_argument("--conflict", action="store_true", help="only cases marked as a conflict")
    p.add_argument("--since", type=_date, help="registered on or after YYYY-MM-DD")
    p.add_argument("--until", type=_date, help="registered on or before YYYY-MM-DD")
    p.add_argument("--search", help="name (2 characters are fine), case number, ID tail or pinyin initials")
    p.add_argument(
        "--limit", type=argparse_zh.whole_number(1, 1_000_000), default=50, help="at most this many rows (default 50)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output (ID numbers masked)")
    p.set_defaults(handler=cmd_cases)

    p = sub.add_parser("show", help="one case with its timeline")
    p.add_argument("case_no", help="case number (or id)")
    p.add_argument("--json", action="store_true", help="machine-readable output (ID numbers masked)")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("check", help="schema, integrity, outbox, projections against a rebuild")
    p.add_argument("--rebuild", action="store_true", help="rebuild projections that differ from their events")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", help="back up the database and every attachment into one checked archive")
    p.add_argument(
        "file",
        nargs="?",
        type=argparse_zh.output_file,
        help="where to write the backup (default: the profile's backups folder)",
    )
    p.add_argument(
        "--also", metavar="DIR", type=argparse_zh.existing_folder,
        help="also copy it to a second folder (USB stick, second disk), checked; the folder must exist",
    )  # fmt: skip
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="restore the database from a backup (the current one is kept)")
    p.add_argument("file", help="the backup file (.vdbak)")
    p.add_argument("--preview", action="store_true", help="verify the backup and say what would change; change nothing")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("attach", help="attach a scan or photo to a case (as the case detail page does)")
    p.add_argument("case_no", help="case number (or id)")
    p.add_argument("file", help="the scan or photo file")
    p.add_argument("--material", help="the material it shows, e.g. 身份证")
    p.set_defaults(handler=cmd_attach)

    from villagedesk import appointment_cli, case_cli, inspection_cli, rating_cli, report_cli, town_report_cli

    case_cli.add_commands(sub)
    # 星级考评, 督查, 进展报送 村→镇, 镇→市, 预约
    for records in (rating_cli, inspection_cli, report_cli, town_report_cli, appointment_cli):
        records.add_commands(sub)
    for extend in _extensions():
        extend(sub)
    return argparse_zh.translate_help(parser)  # every -h in Chinese, as argparse's own words are


def _extensions() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands contributed by other packages (sync's ``enroll``/``sync``, ui's ``print``) when present."""
    import importlib
    import importlib.util

    found = []
    for module in (
        "villagedesk.sync.cli",
        "villagedesk.ui.cli.print_cli",
        "villagedesk.accounts_cli",
        "villagedesk.ui.cli.handover_cli",
        "villagedesk.sync.audit_cli",
        "villagedesk.encrypt_cli",
    ):
        if importlib.util.find_spec(module) is not None:
            found.append(importlib.import_module(module).add_commands)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.profile is not None and not str(args.profile).strip():
        parser.error("--profile 不能为空")
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        handler = _gui
    log_handler = None
    try:
        _require_profile(args)
        log_handler = _log_to_profile(args)
        if handler is not _gui:
            _say_pending_restore(args)
        if handler is not _gui and getattr(args, "command", None) != "encrypt":
            from villagedesk.encrypt_cli import unlock_for_command

            unlock_for_command(args)  # an encrypted profile: its key from a password, before anything opens it
        acting = _acting_person(args)
        if isinstance(acting, int):
            return acting
        if acting is None:
            return handler(args)
        from villagedesk.services.desk import acting_as

        with acting_as(*acting):
            return handler(args)
    except CaseNotFound as err:  # a refused argument, as ``act`` and ``actions`` refuse it
        print(f"错误: {err}", file=sys.stderr)
        return EXIT_USAGE
    except DamagedDatabase as err:  # nothing to retry: the way out is restore (exit 2, as unseal's refusals)
        return _damaged(args, err)
    except KeyFileError as err:
        print(f"错误: {err}", file=sys.stderr)  # a wrong password: one sentence; unseal refuses with exit 2
        return EXIT_USAGE if getattr(args, "command", None) == "unseal" else EXIT_ERROR
    except DomainError as err:
        print(f"错误: {err}", file=sys.stderr)
        return EXIT_ERROR
    except _db_errors() as err:  # locked, full, read-only or damaged: one sentence
        return _storage_failure(args, err)
    except (KeyboardInterrupt, EOFError):  # Ctrl+C, or Ctrl+D at a password prompt: nothing was done
        print("已取消", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as err:  # e.g. --profile names a file, or a folder we may not write
        from villagedesk.services import failures

        sentence = failures.explain(err)
        if sentence is not None:
            return _storage_failure(args, err)
        print(f"错误: {err.strerror or err}: {err.filename or ''}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:
        if type(err).__module__.startswith("sqlalchemy."):  # its text holds SQL and values: never shown
            return _storage_failure(args, err)
        return _internal_failure(args, err)
    finally:
        _drop_log(log_handler)


def _say_pending_restore(args: argparse.Namespace) -> None:
    """What a restore killed after its swap never said (the cases it set aside), once, before this command."""
    from villagedesk.services import restore_note

    said = restore_note.take(profile_dir(getattr(args, "profile", None)))
    if said is not None:
        print(f"注意: {said}", file=sys.stderr)


def _db_errors() -> tuple[type[BaseException], ...]:
    """sqlite3's errors and SQLCipher's (an encrypted profile raises its own classes)."""
    from villagedesk.db.cipher import ERRORS

    return ERRORS


def _damaged_db(args: argparse.Namespace) -> bool:
    """After a failure: is it the profile's DB that is damaged? Asked of the file on a fresh connection, so
    a bad page (SQLCipher raises ``MemoryError`` or an HMAC error) is never called a bug or a full disk."""
    from villagedesk.services.desk import DB_NAME

    root = profile_dir(getattr(args, "profile", None))
    try:
        return cipher.is_damaged(root / DB_NAME)
    except Exception:  # the probe must never replace the failure being reported
        return False


def _damaged(args: argparse.Namespace, err: BaseException) -> int:
    """One sentence (``DamagedDatabase``'s only wording), exit 2; the scrubbed traceback in the log."""
    from villagedesk.services import failures

    root = profile_dir(getattr(args, "profile", None))
    failures.log_failure(err, root / "logs" if root.is_dir() else None, getattr(args, "command", None) or "gui")
    print(f"错误: {_damaged_sentence(root)}", file=sys.stderr)
    return EXIT_USAGE


def _damaged_sentence(root) -> str:
    """The damaged-DB sentence, naming the newest backup here that verifies (``maintenance.damaged_advice``);
    the plain wording where none can be checked (an encrypted backup this process holds no key for)."""
    from villagedesk.services import maintenance

    try:
        if maintenance.newest_sound_backup(root / "backups") is not None or not cipher.is_encrypted(
            root / "villagedesk.db"
        ):
            return maintenance.damaged_advice(root / "backups")
    except Exception:  # the advice must never replace the failure being reported
        logging.getLogger(__name__).debug("no backup advice for a damaged database", exc_info=True)
    return cipher.DAMAGED_SENTENCE


def _internal_failure(args: argparse.Namespace, err: BaseException) -> int:
    """A bug of ours: one sentence for the person, the scrubbed traceback (no values) in the profile's log."""
    from villagedesk.services import failures

    if _damaged_db(args):
        return _damaged(args, err)
    root = profile_dir(getattr(args, "profile", None))
    failures.log_failure(err, root / "logs" if root.is_dir() else None, getattr(args, "command", None) or "gui")
    print("错误: 程序内部出错, 详情已写入日志(logs/villagedesk.log); 请联系技术支持", file=sys.stderr)
    return EXIT_ERROR


def _log_to_profile(args: argparse.Namespace) -> logging.Handler | None:
    """Warnings of a command go to the profile's log (ids and counts only), not onto the person's screen;
    for this command only (``main`` removes the handler when it returns)."""
    root = profile_dir(getattr(args, "profile", None))
    if getattr(args, "handler", None) is None or not root.is_dir():
        return None
    if getattr(args, "command", None) == "restore" and not (root / "villagedesk.db").exists():
        return None  # a restore onto an empty folder: a failed one leaves nothing there (restore_leftovers)
    from villagedesk.app import log_file

    handler = log_file(root / "logs")
    handler.setLevel(logging.INFO)
    logging.getLogger().addHandler(handler)
    cipher.route_library_log(Path(handler.baseFilename))  # SQLCipher's own lines: the same file
    return handler


def _drop_log(handler: logging.Handler | None) -> None:
    if handler is not None:
        cipher.route_library_log(None)
        logging.getLogger().removeHandler(handler)
        handler.close()


def _storage_failure(args: argparse.Namespace, err: BaseException) -> int:
    """One sentence on stderr; the scrubbed traceback (no values, no names) in the profile's log."""
    from villagedesk.services import failures

    root = profile_dir(getattr(args, "profile", None))
    folder = root if root.is_dir() else None
    told = failures.explain(err, folder)
    if told in (None, failures.DAMAGED, failures.CANNOT_OPEN) and _damaged_db(args):  # a full disk stays one
        return _damaged(args, err)
    sentence = told or "数据库操作失败: 详情已写入日志(logs/villagedesk.log); 数据未改动"
    if sentence == failures.DAMAGED:  # what to do, with the backup to use (not "run check": check is here)
        from villagedesk.services import maintenance

        sentence = maintenance.damaged_advice(root / "backups", "数据库文件已损坏或不是 VillageDesk 数据库")
    failures.log_failure(err, root / "logs" if root.is_dir() else None, getattr(args, "command", None) or "gui")
    print(f"错误: {sentence}", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    raise SystemExit(main())
