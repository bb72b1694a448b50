"""argparse's own words in Chinese, for both command lines (``villagedesk`` and ``villagedesk-server``).

argparse looks each message up through ``gettext`` at the time it is shown; with no catalog installed the
English text leaked into Chinese lines ("错误: the following arguments are required: --reason"). ``install``
points argparse's lookup at this table; a message not in it stays as argparse wrote it.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法: ",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助后退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s: 错误: %(message)s\n",
    "the following arguments are required: %s": "缺少必填的参数: %s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "%(value)r 无效(应为 %(type)s 类型的值)",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择: %(value)r (可选: %(choices)s)",
    "expected one argument": "后面应跟一个值",
    "expected at least one argument": "后面应至少跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "unrecognized arguments: %s": "无法识别的参数: %s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确, 可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出参数 %s 之一",
    "ignored explicit argument %r": "多余的值 %r 被忽略",
}


def _lookup(message: str) -> str:
    return WORDS.get(message, message)


def _plural(singular: str, plural: str, n: int) -> str:
    if plural == "expected %s arguments":
        return "后面应跟 %s 个值"
    return singular if n == 1 else plural


def install() -> None:
    """Idempotent; called when a parser is built."""
    argparse._ = _lookup  # type: ignore[attr-defined]
    argparse.ngettext = _plural  # type: ignore[attr-defined]


def output_file(text: str) -> str:
    """``type=`` of every option naming a file a command writes (``--pdf``, ``--xlsx``, ``--reject-file``,
    ``--export-bundle``, ``--ack-out``, ``backup FILE``): its folder must exist already. A mistyped folder is
    refused as a usage error (exit 2) before anything runs, rather than created silently somewhere the user
    never looks."""
    from pathlib import Path

    if not text.strip():
        raise argparse.ArgumentTypeError("文件名不能为空")
    path = Path(text).expanduser()
    folder = path.parent
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} 是一个文件夹, 请给出要写入的文件名")
    if not folder.is_dir():
        what = "不是文件夹" if folder.exists() else "不存在"
        raise argparse.ArgumentTypeError(f"文件夹 {folder} {what}, 请先建好它或换一个位置")
    return text


def existing_folder(text: str) -> str:
    """``type=`` of an option naming a folder that must already be there (``backup --also DIR``, a USB
    stick): never made, since on an unplugged stick's mount point it would be made on the system disk."""
    from pathlib import Path

    if not text.strip():
        raise argparse.ArgumentTypeError("文件夹名不能为空")
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} 不是文件夹")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"文件夹 {path} 不存在(U盘或移动硬盘没有接上?), 不会新建它; 未做任何备份")
    return text


def output_folder(text: str) -> str:
    """``type=`` of an option naming a folder a command writes into (``unseal --out DIR``): the folder may
    be new, but the folder it goes in must exist, as for ``output_file`` (a typo is refused, not created)."""
    from pathlib import Path

    if not text.strip():
        raise argparse.ArgumentTypeError("文件夹名不能为空")
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} 不是文件夹")
    if not path.exists() and not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"文件夹 {path.parent} 不存在, 请先建好它或换一个位置")
    return text
