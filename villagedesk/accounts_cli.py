"""``villagedesk accounts``: the people who use this PC (人员轮换): list, add, stop, bring back, a forgotten
password.

Each change is an audited entry (docs/audit.md). Passwords are asked twice without echo at a terminal,
or read one per line from standard input when piped (scripts, tests).
"""

from __future__ import annotations

import argparse
import sys

from villagedesk.paths import profile_dir


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "accounts", help="list, add, deactivate or reactivate the people who log in here; reset a password"
    )
    acts = p.add_subparsers(dest="action", metavar="ACTION")
    a = acts.add_parser("add", help="a new person on this PC (the password is asked; prints a recovery code)")
    a.add_argument("username", help="the login name")
    a.add_argument("--name", required=True, help="the person's name, shown on their work")
    a = acts.add_parser("deactivate", help="stop an account: it can no longer log in (its work keeps its name)")
    a.add_argument("username", help="the login name")
    a = acts.add_parser(
        "reactivate", help="let a stopped account log in again (an encrypted profile asks the person's password)"
    )
    a.add_argument("username", help="the login name")
    a = acts.add_parser("reset", help="a forgotten password: set a new one with the account's recovery code")
    a.add_argument("username", help="the login name")
    a.add_argument("--code", required=True, help="the recovery code printed when the account was made")
    a = acts.add_parser("recovery-code", help="a new recovery code (asks the account's password)")
    a.add_argument("username", help="the login name")
    p.set_defaults(handler=cmd_accounts)


def _ask(prompt: str, twice: bool = True) -> str | None:
    if sys.stdin.isatty():
        import getpass

        first = getpass.getpass(prompt)
        return first if not twice or getpass.getpass("再次输入: ") == first else None
    return sys.stdin.readline().rstrip("\r\n")


class _Mismatch(Exception):
    """The two entries of a new password differ: nothing is changed."""


def _new_password(prompt: str) -> str:
    password = _ask(prompt)
    if password is None:
        raise _Mismatch
    return password


def show_code(code: str) -> None:
    """The recovery code, once, with what it is for (accounts add/reset, setup, encrypt)."""
    print(f"恢复码: {code}")
    print("请抄下或打印后由本人保管: 忘记密码时凭它重设(只显示这一次, 用过一次即作废)")


def cmd_accounts(args: argparse.Namespace) -> int:
    from villagedesk.domain.errors import ValidationError

    try:
        return _accounts(args)
    except ValidationError as err:  # the field's name is for forms; a person reads the sentence
        print(f"错误: {err.message}", file=sys.stderr)
        return 1
    except _Mismatch:
        print("错误: 两次输入的密码不一致, 未做任何更改", file=sys.stderr)
        return 2


def _accounts(args: argparse.Namespace) -> int:
    from villagedesk.services import accounts
    from villagedesk.services.desk import Desk

    with Desk.open(profile_dir(args.profile)) as desk:
        if args.action is None:
            rows = accounts.accounts(desk)
            if not rows:
                print("(本机还没有登录账号)")
            from villagedesk.domain.text_width import table

            cells = [(r.username, r.display_name, r.role, "在用" if r.active else "已停用") for r in rows]
            for line in table(cells, sep=" ", minimum=(16, 12, 6)):
                print(line)
            return 0
        if args.action == "add":
            info = accounts.add_person(desk, args.username, args.name, _new_password("新账号的密码: "))
            print(f"已添加账号: {info.username} ({info.display_name})")
            show_code(info.recovery_code)
        elif args.action == "deactivate":
            info = accounts.deactivate(desk, args.username)
            print(f"已停用账号: {info.username}; 其经办记录保留")
        elif args.action == "reactivate":
            password = None
            if accounts.needs_password_to_reactivate(desk):
                password = _ask(f"账号 {args.username.strip()[:32]} 本人的原密码: ", twice=False)
            info = accounts.reactivate(desk, args.username, password)
            print(f"已恢复账号: {info.username}, 可以重新登录")
            if info.recovery_code:
                show_code(info.recovery_code)
        elif args.action == "reset":
            info = accounts.reset_password(desk, args.username, args.code, _new_password("新密码: "))
            print(f"已重设 {info.username} 的密码")
            show_code(info.recovery_code)
        else:
            password = _ask("当前密码: ", twice=False)
            info = accounts.new_recovery_code(desk, args.username, password or "")
            show_code(info.recovery_code)
    return 0
