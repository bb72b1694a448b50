"""Composition root: paths, logging, profile, then the Qt GUI (built in villagedesk.ui)."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from villagedesk.paths import profile_dir

DEMO_CASES = 2000
DEMO_USER, DEMO_PASSWORD = "demo", "demo1234"


def setup_logging(logs: Path) -> None:
    """Rotating log in <profile>/logs; messages carry ids and counts, never personal data."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = log_file(logs)
        root.addHandler(handler)
        from villagedesk.db import cipher

        cipher.route_library_log(Path(handler.baseFilename))  # SQLCipher's own lines: the same file


def log_file(logs: Path) -> logging.Handler:
    """The profile's rotating log file (ids and counts, never personal data)."""
    logs.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner-only: the profile's (private_files)
    handler = logging.handlers.RotatingFileHandler(
        logs / "villagedesk.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


def _demo_profile(args: argparse.Namespace) -> Path:
    if args.profile:
        return profile_dir(args.profile)
    return Path(tempfile.mkdtemp(prefix="villagedesk-demo-"))


def run_gui(args: argparse.Namespace) -> int:

    args.smoke = args.smoke or getattr(args, "smoke_pages", False)
    if (
        args.smoke
        and sys.platform.startswith("linux")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"  # CI and bundle checks have no screen
    root = _demo_profile(args) if args.demo else profile_dir(args.profile)
    temporary = bool(args.demo and not args.profile)  # a fresh demo profile goes when the window closes
    try:
        return _run_gui_on(args, root)
    finally:
        if temporary:
            _remove_profile(root)


def _remove_profile(root: Path) -> None:
    """Close the log file inside ``root`` (Windows cannot delete an open file), then delete the folder."""
    import shutil

    top = logging.getLogger()
    for h in list(top.handlers):
        if isinstance(h, logging.FileHandler) and Path(h.baseFilename).is_relative_to(root):
            top.removeHandler(h)
            h.close()
    shutil.rmtree(root, ignore_errors=True)


def _run_gui_on(args: argparse.Namespace, root: Path) -> int:
    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import accounts, demo
    from villagedesk.services.desk import Desk

    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    setup_logging(root / "logs")
    log = logging.getLogger("villagedesk.app")
    log.info("starting GUI (demo=%s, smoke=%s)", args.demo, args.smoke)
    from villagedesk.ui.application import launch

    login = _unlock(root, bool(args.smoke or getattr(args, "smoke_pages", False)))
    if login is False:
        return 1
    with Desk.open(root) as desk:
        account = accounts.authenticate(desk, *login) if login else None
        if args.demo:
            demo.refuse_real_profile(desk)  # no demo data nor demo account on a profile with real cases
            if not desk.is_set_up():
                print(f"正在生成示例数据 ({DEMO_CASES} 件) 到 {root} …", file=sys.stderr)
                demo.generate(desk, cases=DEMO_CASES)
            if not any(a.username == DEMO_USER for a in accounts.accounts(desk)):
                ident = desk.identity
                accounts.create_account(desk, DEMO_USER, ident.user, DEMO_PASSWORD, Role.AGENT, ident.region_code)
            account = accounts.authenticate(desk, DEMO_USER, DEMO_PASSWORD)
            print(f"示例账号: {DEMO_USER} / {DEMO_PASSWORD} (锁定后解锁用)", file=sys.stderr)
        daily = not (args.smoke or args.demo or getattr(args, "smoke_pages", False))
        return launch(
            desk, smoke=args.smoke, account=account, all_pages=getattr(args, "smoke_pages", False),
            on_window=(lambda tell: daily_backup(desk, tell)) if daily else None,
        )  # fmt: skip


def _unlock(root: Path, smoke: bool = False) -> tuple[str, str] | bool | None:
    """An encrypted profile: the login name and password that unwrapped its key (False: the agent gave up).

    ``VILLAGEDESK_PASSWORD`` (with ``VILLAGEDESK_USER``) is used for the smoke runs of scripts only: a
    variable set on a shared PC for a backup script must not log whoever opens the window in."""
    from villagedesk.services import encryption

    if not encryption.needs_unlock(root):
        return None
    password = os.environ.get("VILLAGEDESK_PASSWORD")
    if password and smoke:
        wrap = encryption.unlock(root, password, os.environ.get("VILLAGEDESK_USER") or None)
        return wrap.username, password
    if smoke:  # nobody is there to answer a dialog
        from villagedesk.domain.errors import DomainError

        raise DomainError("数据库已加密: --smoke 需要用环境变量 VILLAGEDESK_PASSWORD 给出登录密码")
    from villagedesk.ui.application import application
    from villagedesk.ui.dialogs.unlock_dialog import UnlockDialog

    application()
    dialog = UnlockDialog(root)
    return dialog.login if dialog.exec() and dialog.login else False


def _say(tell: Callable[[str], None], sentence: str) -> None:
    import contextlib

    with contextlib.suppress(RuntimeError):  # the window is gone (closed meanwhile): the log has it
        tell(sentence)


def daily_backup(desk, tell: Callable[[str], None]):
    """The day's automatic backup (scans included) beside the window, not before it: it may take a minute.
    It takes the path ``villagedesk backup`` takes (a damaged database is refused, nothing rotated away);
    a failure is told to the agent through ``tell`` (one sentence), the traceback kept for the log.

    Not a daemon thread: closing the window lets a running backup finish rather than cut it off.
    """
    import threading

    from villagedesk.domain.errors import DomainError
    from villagedesk.services import failures, maintenance

    def run() -> None:
        try:
            made = maintenance.backup_if_due(desk)
            if made is not None:
                logging.getLogger("villagedesk.app").info("daily backup written: %s", made.name)
                left_out = maintenance.left_out_scans(desk, made)
                if left_out:
                    _say(tell, left_out)
        except Exception as err:  # a failed automatic backup must not take the window down
            logging.getLogger("villagedesk.app").warning("daily backup failed: %s", type(err).__name__)
            sentence = str(err) if isinstance(err, DomainError) else failures.explain(err, desk.paths.root)
            _say(tell, sentence or maintenance.DAILY_BACKUP_FAILED)

    thread = threading.Thread(target=run, name="daily-backup")
    thread.start()
    return thread
