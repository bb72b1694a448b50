"""``villagedesk encrypt`` and the password an encrypted profile asks before any command opens it.

Scripts give the password in ``VILLAGEDESK_PASSWORD`` (and optionally the login name with ``--user`` or
``VILLAGEDESK_USER``); at a terminal it is asked without echo. A wrong one is one sentence, exit 1.
``accounts reset USER --code C`` opens the DB with the recovery code itself (the password is forgotten).
"""

from __future__ import annotations

import argparse
import os
import sys

from villagedesk.paths import profile_dir
from villagedesk.services.argparse_zh import output_folder

PASSWORD_ENV = "VILLAGEDESK_PASSWORD"
KEY_ONLY = ("restore", "unseal")  # commands that need the DB key but never open the profile's DB
USER_ENV = "VILLAGEDESK_USER"
# ``restore`` of an encrypted backup made on another PC (or before a password reset): the backup's own
# password or recovery code, when it is not this profile's (VILLAGEDESK_PASSWORD opens this profile).
BACKUP_PASSWORD_ENV = "VILLAGEDESK_BACKUP_PASSWORD"
BACKUP_USER_ENV = "VILLAGEDESK_BACKUP_USER"
PROFILE_PROMPT = "本机档案的登录密码: "
BACKUP_PROMPT = "备份的密码(制作备份时那台电脑上代办员的登录密码或恢复码): "
WRONG_PROFILE_SECRET = (
    "本机档案的密码不正确: 恢复到已加密的本机档案要用本机任一代办员的登录密码或恢复码(环境变量 "
    f"{PASSWORD_ENV}); 备份的密码另用 {BACKUP_PASSWORD_ENV} 给出; 当前数据未改动"
)


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "encrypt",
        help="encrypt this profile's database with SQLCipher (backup first; asks a login password; "
        "prints every account's new recovery code)",
    )
    p.set_defaults(handler=cmd_encrypt)

    p = sub.add_parser(
        "unseal",
        help="write the plain file of a sealed copy (<name>.<sha256>.vdsealed in backups/) into a folder, "
        "checked against its SHA-256 (opens with this profile's key: the login password is asked)",
    )
    p.add_argument("file", help="the .vdsealed file")
    p.add_argument(
        "--out", required=True, type=output_folder, metavar="DIR", help="the folder to write the plain file into"
    )
    p.set_defaults(handler=cmd_unseal)


def _user(args: argparse.Namespace) -> str | None:
    return getattr(args, "user", None) or os.environ.get(USER_ENV) or None


NO_TERMINAL_LOCKED = "数据库已加密: 请在终端中运行以输入密码, 或用环境变量 {env} 给出登录密码"
NO_TERMINAL_ENCRYPT = "加密需要登录密码: 请在终端中运行并输入密码(不会回显), 或用环境变量 {env} 给出"


def ask_password(prompt: str = "登录密码: ", refusal: str = NO_TERMINAL_LOCKED) -> str:
    """``VILLAGEDESK_PASSWORD``, else a prompt without echo at a terminal; no terminal and no variable:
    refused with ``refusal`` (which must not claim the profile is encrypted when it is not)."""
    from villagedesk.domain.errors import DomainError

    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    raise DomainError(refusal.format(env=PASSWORD_ENV))


BACKUP_NOT_PROFILE = (
    f"这个密码能打开备份, 但打不开本机档案: 恢复另一台电脑的备份要两个密码, 本机档案的登录密码用 {PASSWORD_ENV}, "
    f"备份的密码用 {BACKUP_PASSWORD_ENV} 给出(在终端中运行则会分别询问); 当前数据未改动"
)


def unlock_for_command(args: argparse.Namespace) -> None:
    """Before a command opens an encrypted profile: unwrap its key with the password (or recovery code)."""
    from villagedesk.services import encryption

    root = profile_dir(args.profile)
    if not encryption.needs_unlock(root):
        return
    if getattr(args, "command", None) == "accounts" and getattr(args, "action", None) == "reset":
        encryption.unlock(root, args.code, args.username, recovery=True)
        return
    command = getattr(args, "command", None)
    if command == "restore":
        _unlock_for_restore(args, root)
        return
    # unseal never reads the DB: its key comes from the key file alone (the copy it gives back may be the
    # damaged DB itself); restore's comes the same way in _unlock_for_restore (a damaged DB is what it is for)
    encryption.unlock(root, ask_password(), _user(args), open_db=command not in KEY_ONLY)


def _unlock_for_restore(args: argparse.Namespace, root) -> None:
    """``restore`` onto an encrypted profile: this profile's password or recovery code; or, on the PC that
    made the backup, a secret of the backup itself (an old password from before a reset) whose key is
    this profile's too (a password reset does not change the key). Any other failure names the profile's
    password, never the backup's, and says where the backup's goes."""
    from villagedesk.db import cipher
    from villagedesk.domain.errors import DomainError
    from villagedesk.services import encryption, keyfile, maintenance
    from villagedesk.services.desk import DB_NAME

    secret = ask_password(PROFILE_PROMPT)
    for recovery in (False, True):
        try:
            encryption.unlock(root, secret, _user(args), recovery=recovery, open_db=False)
            return
        except keyfile.StoppedAccount:
            raise
        except keyfile.KeyFileError:
            if not keyfile.exists(root):
                raise
    key = maintenance.backup_key(args.file, secret, _user(args))
    if key is not None and cipher.key_of_with(root / DB_NAME, key):
        cipher.register_key(root, key)
        return
    raise DomainError(BACKUP_NOT_PROFILE if key is not None else WRONG_PROFILE_SECRET)


def restore_secret(args: argparse.Namespace):
    """For ``restore`` of an encrypted backup onto a PC that does not hold its key: asked only if needed.

    ``VILLAGEDESK_BACKUP_PASSWORD`` (and ``VILLAGEDESK_BACKUP_USER``) when the backup's password is not this
    profile's; else ``VILLAGEDESK_PASSWORD`` (a new PC has no password of its own); else the prompt."""

    def ask() -> tuple[str | None, str]:
        user = os.environ.get(BACKUP_USER_ENV) or _user(args)
        if os.environ.get(BACKUP_PASSWORD_ENV):
            return user, os.environ[BACKUP_PASSWORD_ENV]
        return user, ask_password(BACKUP_PROMPT)

    return ask


def cmd_encrypt(args: argparse.Namespace) -> int:
    from villagedesk.profile_lock import profile_lock as _profile_lock
    from villagedesk.services import encryption
    from villagedesk.services.desk import ProfilePaths

    root = profile_dir(args.profile)
    with _profile_lock(root):
        user = _user(args)
        if _already(root):  # a second run seals what a killed first run left plain in backups/
            unlock_for_command(args)
            password = ""
        else:
            user = user or _only_account(root)
            password = ask_password(refusal=NO_TERMINAL_ENCRYPT)
        result = encryption.encrypt_profile(root, user or "", password, lambda codes: _print_codes(codes, user))
    if result.already:
        print(f"数据库已是加密的 ({result.cases} 件办件)")
    else:
        print(f"已加密数据库 ({result.cases} 件办件); 加密前的备份: {result.backup}")
    if result.blobs_sealed:
        print(f"已加密 {result.blobs_sealed} 个附件文件(扫描件), 未加密的原文件已删除")
    if result.backups_sealed:
        print(f"backups/ 中 {result.backups_sealed} 个未加密的备份已改为加密")
    left = encryption.plain_copies(ProfilePaths(root))
    if left:
        print(f"注意: backups/ 中{left_advice(left)}")
    _seal_second_folder(root)
    return 0


def _seal_second_folder(root) -> None:
    """The second backup folder's plain archives (copied there before ``encrypt``) rewritten encrypted too;
    a folder that is not there (the USB stick is out) is said, so the person plugs it in and runs again."""
    from villagedesk.services import backup_sealing, maintenance, sealed_blobs
    from villagedesk.services.desk import Desk

    key = sealed_blobs.profile_key(root)
    if key is None:
        return
    with Desk.open(root) as desk:
        folders = maintenance.copy_folders(desk)  # the second folder and every ``backup --also`` one
        second, own = maintenance.second_folder(desk), backup_sealing.made_by(desk.identity.device_tag)
    for folder in folders:  # an ``--also`` folder may be a shared stick: only this PC's archives there
        done = backup_sealing.seal_second_folder(root, folder, key, None if folder == second else own)
        if done is None:
            why = "其中的旧备份仍未加密, 接上后请再运行 villagedesk encrypt"
            print(f"注意: 备份文件夹 {folder} 不在(U盘或移动硬盘没有接上?): {why}")
            continue
        sealed, left = done
        if sealed:
            print(f"备份文件夹 {folder} 中 {sealed} 个未加密的备份已改为加密")
        if left:
            print(f"注意: 备份文件夹 {folder} 中{left_advice(left)}")


def left_advice(left: list) -> str:
    """What to do with backups still readable without the key: only one ``restore`` cannot read (damaged)
    may be deleted; a readable one is a backup, and losing it could lose the villagers' records."""
    from villagedesk.services import backup_archive, maintenance

    damaged, readable = [], []
    for path in left:
        try:
            if backup_archive.is_archive(path):
                backup_archive.verify_archive(path)
            else:
                maintenance.verify_backup_file(path)
            readable.append(path)
        except (backup_archive.ArchiveError, maintenance.RestoreError):
            damaged.append(path)
    words = []
    if readable:
        words.append(
            f"仍有 {len(readable)} 个未加密的备份未能改写为加密({readable[0].name} …): 它们仍可用来恢复, 不要删除; "
            "请再运行 villagedesk encrypt, 仍不行请把它们移到安全处"
        )
    if damaged:
        words.append(f"有 {len(damaged)} 个已损坏、不能用来恢复的备份未加密({damaged[0].name} …): 确认无用后可删除")
    return "; ".join(words)


def _print_codes(codes: dict[str, str], user: str | None) -> None:
    """Called the moment the codes are durable (also when the conversion then fails): flushed at once, so
    no later failure or kill can swallow them."""
    for username, code in codes.items():
        print(f"{username} 的新恢复码: {code}")
    print("以上恢复码只显示这一次, 旧恢复码已作废: 请打印或抄下交本人保管(忘记密码时凭它重设)")
    others = [u for u in codes if u.lower() != (user or "").lower()]
    if others:
        print(
            f"其他账号({', '.join(others)})第一次登录前请用新恢复码重设密码: "
            "villagedesk accounts reset 登录名 --code 恢复码"
        )
    sys.stdout.flush()


def _already(root) -> bool:
    from villagedesk.db import cipher
    from villagedesk.services.desk import DB_NAME

    return cipher.is_encrypted(root / DB_NAME)


def _only_account(root) -> str | None:
    """Without ``--user``: the PC's only active account (several: the name is required)."""
    from villagedesk.domain.errors import DomainError
    from villagedesk.services import accounts
    from villagedesk.services.desk import Desk

    with Desk.open(root) as desk:
        names = [a.username for a in accounts.accounts(desk, active_only=True)]
    if not names:
        raise DomainError("本机还没有登录账号: 请先用 villagedesk accounts add 添加, 再加密")
    if len(names) > 1:
        raise DomainError(f"本机有 {len(names)} 个账号: 请用 --user 登录名 指定用谁的密码加密")
    return names[0]


def cmd_unseal(args: argparse.Namespace) -> int:
    """A copy ``encrypt`` or ``restore`` sealed whole in ``backups/`` (a damaged DB, its WAL), back in clear
    where the person asks; refused (exit 2) for a file of another name, a key this PC does not hold, or
    bytes that do not hash to the name. The plain file holds villagers' data: it is written 0600."""
    from pathlib import Path

    from villagedesk.services import backup_sealing, sealed_blobs

    source = Path(args.file)
    if not source.is_file():
        return _refuse(f"找不到文件: {source}")
    try:
        name, _digest = backup_sealing.sealed_parts(source)
    except backup_sealing.NotSealedCopy:
        return _refuse(f"{source.name} 不是加密的备份副本(应为 名称.SHA-256.vdsealed), 未做任何改动")
    if not sealed_blobs.is_sealed(source):
        return _refuse(f"{source.name} 不是加密的备份副本(文件头不对, 可能已损坏), 未做任何改动")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return _refuse(f"--out 应为文件夹: {out}")
    target = out / name
    if target.exists():
        return _refuse(f"目标文件已存在, 不会覆盖: {target}")
    root = profile_dir(args.profile)
    keys = sealed_blobs.known_keys(root)
    created = not out.exists()
    out.mkdir(exist_ok=True)
    try:
        backup_sealing.unseal_copy(source, target, keys)
    except sealed_blobs.BlobLocked:
        why = "本档案的密钥打不开它(它是另一台电脑或另一个档案加密的): 请在加密它的档案上, 用当时代办员的密码运行"
        return _refuse(f"{source.name}: {why}; 未写入任何文件", out if created else None)
    except sealed_blobs.BlobDamaged:
        why = "已损坏或被改动(解密或 SHA-256 校验未通过), 无法还原"
        return _refuse(f"{source.name} {why}; 未写入任何文件", out if created else None)
    except BaseException:
        if created:
            _remove_empty(out)
        raise
    os.chmod(target, 0o600)
    print(f"已还原到 {target} (SHA-256 校验一致)")
    print("注意: 这是未加密的文件, 含村民信息: 用完请删除, 不要拷走")
    return 0


def _refuse(sentence: str, made=None) -> int:
    if made is not None:
        _remove_empty(made)
    print(f"错误: {sentence}", file=sys.stderr)
    return 2


def _remove_empty(folder) -> None:
    import contextlib

    with contextlib.suppress(OSError):  # only if empty: a folder the person already had is never touched
        folder.rmdir()
