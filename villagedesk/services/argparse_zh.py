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


# The option and subcommand help of both command lines, in Chinese: the code states each help in English
# beside its option (where the option is defined), and ``translate_help`` shows it in Chinese, as the
# rest of ``-h`` is (tests/unit/test_cli_help_chinese.py fails on any help missing from this table).
HELP = dict(
    (
        (
            "the reason (退回、不予受理、不予、撤回、延期)",
            "理由(退回、不予受理、不予、撤回、延期时填写)",
        ),
        (
            "item category, e.g. 民政救助",
            "事项类别, 如 民政救助",
        ),
        (
            "also copy it to a second folder (USB stick, second disk), checked; the folder must exist",
            "另复制一份到第二个文件夹(U盘、第二块硬盘)并校验; 该文件夹须已存在(不会新建)",
        ),
        (
            "print a case's 受理回执/一次性告知单/委托书 to a PDF file or a printer",
            "把办件的受理回执/一次性告知单/委托书打印到 PDF 文件或打印机",
        ),
        (
            "show program's version number and exit",
            "显示程序版本后退出",
        ),
        (
            "profile folder (default: VILLAGEDESK_PROFILE or user data dir)",
            "配置文件夹(默认: VILLAGEDESK_PROFILE 或用户数据目录)",
        ),
        (
            "open the GUI on a fresh demo profile",
            "在新建的演示配置上打开窗口",
        ),
        (
            (
                "the account a command acts as (needed when the PC has severa"
                "l), and whose password opens an encrypted profile (VILLAGEDE"
                "SK_USER)"
            ),
            "命令以哪个账号操作(本机有多个账号时必填), 也用其密码打开加密的配置(VILLAGEDESK_USER)",
        ),
        (
            "start the GUI, let it settle and exit 0",
            "启动窗口, 稳定后退出(返回 0)",
        ),
        (
            "as --smoke, opening every page of the navigation first",
            "同 --smoke, 并先逐一打开导航中的每一页",
        ),
        (
            "set this profile's role and region (headless first run)",
            "设置本配置的角色和地区(无窗口的首次设置)",
        ),
        (
            "fill the profile with realistic demo data",
            "为本配置填入逼真的演示数据",
        ),
        (
            "bulk intake from a CSV or XLSX file",
            "从 CSV 或 XLSX 文件批量登记",
        ),
        (
            "list cases",
            "列出办件",
        ),
        (
            "one case with its timeline",
            "查看一件办件及其办理过程",
        ),
        (
            "schema, integrity, outbox, projections against a rebuild",
            "检查数据库结构、完整性、待同步队列, 并与重建结果比对",
        ),
        (
            "back up the database and every attachment into one checked archive",
            "把数据库和全部附件备份到一个经过校验的备份包",
        ),
        (
            "restore the database from a backup (the current one is kept)",
            "从备份恢复数据库(当前的数据库会保留)",
        ),
        (
            "attach a scan or photo to a case (as the case detail page does)",
            "为办件添加扫描件或照片(同办件详情页)",
        ),
        (
            "what this role may do with a case now (as its case page offers)",
            "本角色现在可对某办件执行的操作(同办件页所列)",
        ),
        (
            "do one action on a case (accepted, returned, decided …), as the case page does",
            "对办件执行一项操作(受理、退回、作出决定……), 同办件页",
        ),
        (
            "register this PC with the town server using a one-time code",
            "用一次性注册码把本机注册到镇中心服务器",
        ),
        (
            "push local events to the town server and pull what is new",
            "把本机事件上传到镇中心服务器, 并取回新的内容",
        ),
        (
            "list, add, deactivate or reactivate the people who log in here; reset a password",
            "列出、添加、停用或恢复在本机登录的人员; 重设密码",
        ),
        (
            "交接: the leaving agent's open work as a PDF to sign; the new agent confirms",
            "交接: 把移交人的在办工作生成交接单(PDF)签字; 接收人确认",
        ),
        (
            "town clerk: the audit trails of the village PCs and the town desk (who did what to which case)",
            "镇中心: 查看各村电脑和镇中心本机的留痕(谁对哪件办件做了什么)",
        ),
        (
            (
                "encrypt this profile's database with SQLCipher (backup first"
                "; asks a login password; prints every account's new recovery"
                " code)"
            ),
            "用 SQLCipher 加密本配置的数据库(先备份; 需输入登录密码; 打印每个账号的新恢复码)",
        ),
        (
            (
                "write the plain file of a sealed copy (<name>.<sha256>.vdsea"
                "led in backups/) into a folder, checked against its SHA-256 "
                "(opens with this profile's key: the login password is asked)"
            ),
            (
                "把封存副本(backups/ 中的 <名称>.<sha256>.vdsealed)还原为普通文件写入文件夹, "
                "并按 SHA-256 核对(用本配置的密钥打开: 需输入登录密码)"
            ),
        ),
        (
            "12-digit region code (a village for agents, a town for clerks, city code + 000000 for the city)",
            "12位地区代码(代办员填村, 镇中心工作人员填镇, 市级填市代码 + 000000)",
        ),
        (
            "the agent's or clerk's name",
            "代办员或镇中心工作人员的姓名",
        ),
        (
            "login name of the account to create (with --password)",
            "要创建的账号的登录名(与 --password 一起用)",
        ),
        (
            "create the login account now: the password is asked twice (read from stdin when piped)",
            "现在就创建登录账号: 密码输入两次(管道输入时从标准输入读取)",
        ),
        (
            "import the good rows, write bad ones to a reject file",
            "登记合格的行, 把有问题的行写入退回文件",
        ),
        (
            "where --skip-invalid writes the bad rows (default: beside the input)",
            "--skip-invalid 写出问题行的文件(默认: 输入文件旁)",
        ),
        (
            "the item of every row without its own 事项编码, e.g. JY017",
            "没有自己的事项编码的行所用的事项, 如 JY017",
        ),
        (
            "every villager on the roster signed a 委托书",
            "花名册上的每位群众都已签署委托书",
        ),
        (
            "registration date of rows without one",
            "没有登记日期的行所用的登记日期",
        ),
        (
            "register rows whose villager already has this item open",
            "群众已有同一事项在办时仍然登记",
        ),
        (
            "state name (repeatable), e.g. submitted",
            "状态名称(可重复), 如 submitted",
        ),
        (
            "village code, or a town (or city) code for all its villages",
            "村代码, 或镇(市)代码表示其下所有村",
        ),
        (
            "registered on or after YYYY-MM-DD",
            "登记日期不早于 YYYY-MM-DD",
        ),
        (
            "registered on or before YYYY-MM-DD",
            "登记日期不晚于 YYYY-MM-DD",
        ),
        (
            "name (2 characters are fine), case number, ID tail or pinyin initials",
            "姓名(2个字即可)、办件编号、身份证号尾号或拼音首字母",
        ),
        (
            "machine-readable output (ID numbers masked)",
            "机器可读的输出(身份证号已遮盖)",
        ),
        (
            "rebuild projections that differ from their events",
            "重建与其事件不一致的办件",
        ),
        (
            "also copy it to a second folder (USB stick, second disk), checked",
            "同时复制到第二个文件夹(U盘、另一块硬盘), 并校验",
        ),
        (
            "verify the backup and say what would change; change nothing",
            "校验备份并说明会改变什么; 不做任何改动",
        ),
        (
            "the material it shows, e.g. 身份证",
            "要显示的材料, 如 身份证",
        ),
        (
            "the action's name (villagedesk actions lists them) or its Chinese label",
            "操作的名称(villagedesk actions 列出)或其中文名称",
        ),
        (
            "a field of the action, e.g. outcome=approved, certificate_no=JY-1, missing=户口簿,身份证, days=5",
            "操作的一个字段, 如 outcome=approved、certificate_no=JY-1、missing=户口簿,身份证、days=5",
        ),
        (
            "server URL, e.g. https://town.example:8765",
            "服务器地址, 如 https://town.example:8765",
        ),
        (
            "one-time enrollment code from the town administrator",
            "镇中心管理员给的一次性注册码",
        ),
        (
            "expected SHA-256 fingerprint of the server certificate (optional)",
            "服务器证书的 SHA-256 指纹(可选)",
        ),
        (
            "fixed push batch size in KB (default: sized to the link)",
            "固定的上传批次大小(KB; 默认按网络情况调整)",
        ),
        (
            "no progress lines",
            "不显示进度",
        ),
        (
            "attachment bytes one sync may use (0 = no cap; kept)",
            "一次同步可用的附件字节数(0 = 不限; 会保存)",
        ),
        (
            "attachment bytes a month may use (default 200; kept)",
            "每月可用的附件字节数(默认 200; 会保存)",
        ),
        (
            "write the outbox to a USB bundle instead of syncing",
            "把待同步队列导出为U盘同步包, 不联网同步",
        ),
        (
            "import the town's acknowledgement bundle",
            "导入镇中心的回执包",
        ),
        (
            "case number (or id)",
            "办件编号(或 id)",
        ),
        (
            "roll80: 80 mm receipt printer",
            "roll80: 80毫米小票打印机",
        ),
        (
            "write a PDF file",
            "写出 PDF 文件",
        ),
        (
            "print on this installed printer",
            "在这台已安装的打印机上打印",
        ),
        (
            "hotline on the form (default: 设置's, else the town's published one, else 12345)",
            "表上的服务热线(默认: 设置中的, 否则镇中心公布的, 否则 12345)",
        ),
        (
            "a new person on this PC (the password is asked; prints a recovery code)",
            "本机新增一位人员(会询问密码; 打印恢复码)",
        ),
        (
            "stop an account: it can no longer log in (its work keeps its name)",
            "停用账号: 不能再登录(其办理过的工作仍署其名)",
        ),
        (
            "let a stopped account log in again (an encrypted profile asks the person's password)",
            "让已停用的账号重新登录(加密的配置需输入本人密码)",
        ),
        (
            "a forgotten password: set a new one with the account's recovery code",
            "忘记密码: 用账号的恢复码设置新密码",
        ),
        (
            "a new recovery code (asks the account's password)",
            "新的恢复码(需输入账号密码)",
        ),
        (
            "the person's name, shown on their work",
            "人员姓名, 显示在其办理的工作上",
        ),
        (
            "the recovery code printed when the account was made",
            "创建账号时打印的恢复码",
        ),
        (
            "login name of the leaving agent",
            "移交人的登录名",
        ),
        (
            "login name of the agent taking over",
            "接收人的登录名",
        ),
        (
            "where to write the 交接单 (A4 PDF)",
            "交接单(A4 PDF)写到哪里",
        ),
        (
            "the new agent confirms now (asks their password)",
            "接收人现在确认(需输入其密码)",
        ),
        (
            "confirm although this PC has work the town has not received (recorded in the audit trail)",
            "本机尚有镇中心未收到的工作时仍确认交接(记入留痕)",
        ),
        (
            "confirm although the audit check found records edited or deleted (recorded in the audit trail)",
            "留痕检查发现记录被改动或删除时仍确认交接(记入留痕)",
        ),
        (
            "only the entries about this case",
            "只列出与此办件有关的留痕",
        ),
        (
            "only this PC, a village PC or the town desk (its name or id)",
            "只列出这台电脑的(村电脑或镇中心本机; 名称或 id)",
        ),
        (
            "at most this many entries, newest first",
            "最多列出这么多条, 最新的在前",
        ),
        (
            "the .vdsealed file",
            ".vdsealed 文件",
        ),
        (
            "the folder to write the plain file into",
            "普通文件写入的文件夹",
        ),
        (
            "server data folder (default: VILLAGEDESK_SERVER_DATA or user data dir)",
            "服务器数据文件夹(默认: VILLAGEDESK_SERVER_DATA 或用户数据目录)",
        ),
        (
            "run the HTTP(S) server",
            "运行 HTTP(S) 服务器",
        ),
        (
            "create a one-time enrollment code for a device",
            "为一台设备生成一次性注册码",
        ),
        (
            "list enrolled devices",
            "列出已注册的设备",
        ),
        (
            "revoke a device: it gets 401 from now on",
            "吊销设备: 从此它的请求都得到 401",
        ),
        (
            "publish a new service-item catalog version (JSON)",
            "发布新版事项目录(JSON)",
        ),
        (
            "publish a year's holiday schedule (JSON)",
            "发布一年的节假日安排(JSON)",
        ),
        (
            "publish a notice to a town or a village",
            "向一个镇或一个村发布通知",
        ),
        (
            "import a village's USB bundle and write its acknowledgement bundle",
            "导入村里的U盘同步包, 并写出其回执包",
        ),
        (
            "show or set the public progress page (base URL, hotline, agents' phones)",
            "查看或设置公开查询页(地址、服务热线、代办员电话)",
        ),
        (
            "list pushed events the server could not accept, with the reason",
            "列出服务器未能接受的上传事件及原因",
        ),
        (
            "list village PCs whose audit trail was edited, cut or rewritten",
            "列出留痕被修改、截断或改写的村电脑",
        ),
        (
            "SQLAlchemy URL (postgresql+psycopg://…); default SQLite in --data",
            "SQLAlchemy 地址(postgresql+psycopg://…); 默认为 --data 中的 SQLite",
        ),
        (
            "TLS certificate (PEM); required unless the host is loopback",
            "TLS 证书(PEM); 除非只在本机回环地址监听, 否则必填",
        ),
        (
            "TLS private key (PEM)",
            "TLS 私钥(PEM)",
        ),
        (
            "server processes (PostgreSQL only; about one per CPU core)",
            "服务器进程数(仅 PostgreSQL; 约每个 CPU 核一个)",
        ),
        (
            "reverse proxies whose X-Forwarded-For is believed (comma-separated; default: none, not even loopback)",
            "信任其 X-Forwarded-For 的反向代理(逗号分隔; 默认: 无, 本机回环也不信任)",
        ),
        (
            "cut a request whose body makes no progress for this long (408; default 30)",
            "请求正文这么久没有进展即断开(408; 默认 30)",
        ),
        (
            "close a connection whose request headers are not complete this long after it opened (default 15)",
            "连接建立后这么久请求头仍未收全即断开(默认 15)",
        ),
        (
            "events a device may push a day, its bucket 5x that (default %(default)s; 0: none)",
            "每台设备每天可上传的事件数, 其额度桶为其5倍(默认 %(default)s; 0: 不限)",
        ),
        (
            "attachment MB a device may store in any 24 hours (default %(default)s; 0: none)",
            "每台设备任意24小时内可存入的附件 MB 数(默认 %(default)s; 0: 不限)",
        ),
        (
            "attachment GB a device may store in all (default 0: no total limit)",
            "每台设备总共可存入的附件 GB 数(默认 0: 不限总量)",
        ),
        (
            "refuse new uploads that would leave less free disk than this "
            "(default: 5%% of the disk, at least 2 GB; 0: no check)",
            "新上传的附件若会让磁盘剩余空间少于此 GB 数即拒收(默认: 磁盘的 5%%, 至少 2 GB; 0: 不检查)",
        ),
        (
            "12 digits: village code (agent), town code (clerk), city code + 000000 (city)",
            "12位: 村代码(代办员)、镇代码(镇中心工作人员)、市代码 + 000000(市级)",
        ),
        (
            "who or which PC the code is for",
            "注册码给谁或哪台电脑",
        ),
        (
            "validity in hours (default 72)",
            "有效期, 小时(默认 72)",
        ),
        (
            "the region is meant although the published region list lacks it (a newly set-up village or town)",
            "即使公布的地区名单中还没有, 也确实是该地区(新设的村或镇)",
        ),
        (
            "bundle written by villagedesk sync --export-bundle",
            "由 villagedesk sync --export-bundle 写出的同步包",
        ),
        (
            "where to write the acknowledgement bundle",
            "回执包写到哪里",
        ),
        (
            "public base URL of this server, e.g. https://town.example.cn (http(s), no query)",
            "本服务器的公开地址, 如 https://town.example.cn(http(s), 不带查询参数)",
        ),
        (
            "no public address: receipts print the check code only",
            "不设公开地址: 回执只印查询码",
        ),
        (
            "hotline shown on the page (default 12345; empty to unset)",
            "页面上显示的服务热线(默认 12345; 留空即取消)",
        ),
        (
            "a village agent's work phone shown on its cases' pages (repeatable; PHONE empty to remove)",
            "村代办员的工作电话, 显示在该村办件的页面上(可重复; 电话留空即删除)",
        ),
        (
            "who uses this PC: agent, clerk or city",
            "本机由谁使用: agent 村代办员, clerk 镇中心, city 市级中心",
        ),
        (
            "how many demo cases to add (default 500)",
            "添加多少件演示办件(默认 500)",
        ),
        (
            "the seed of the made-up data: one seed, one data set",
            "演示数据的随机种子: 同一种子生成同一批数据",
        ),
        (
            "demo a village agent's or a town clerk's PC",
            "演示村代办员(agent)还是镇中心(clerk)的电脑",
        ),
        (
            "only cases past their time limit",
            "只列已超过办结时限的办件",
        ),
        (
            "only cases marked as a conflict",
            "只列标为冲突的办件",
        ),
        (
            "at most this many rows (default 50)",
            "最多列出多少行(默认 50)",
        ),
        (
            "case number (or id)",
            "办件编号(或办件 ID)",
        ),
        (
            "the scan or photo file",
            "扫描件或照片文件",
        ),
        (
            "the login name",
            "登录名",
        ),
        (
            "which paper to print (default receipt)",
            "打印哪一种: receipt 受理回执(默认), notice 一次性告知单, mandate 委托书",
        ),
        (
            "the address to listen on (default 127.0.0.1)",
            "监听的地址(默认 127.0.0.1)",
        ),
        (
            "the port to listen on (default 8765)",
            "监听的端口(默认 8765)",
        ),
        (
            "who the code enrolls: agent, clerk or city",
            "注册码给谁用: agent 村代办员, clerk 镇中心, city 市级中心",
        ),
        (
            "the device id (as `devices` lists it)",
            "设备 ID(见 devices 列表)",
        ),
        (
            "the town or village code the notice is for",
            "通知发给哪个镇或村(地区代码)",
        ),
        (
            "the notice's title",
            "通知标题",
        ),
        (
            "the notice's text",
            "通知正文",
        ),
        (
            "at most this many rows (default 200)",
            "最多列出多少行(默认 200)",
        ),
        (
            "the CSV or XLSX roster",
            "CSV 或 XLSX 名单文件",
        ),
        (
            "the backup file (.vdbak)",
            "备份文件(.vdbak)",
        ),
        (
            "the catalog JSON file",
            "事项目录 JSON 文件",
        ),
        (
            "where to write the backup (default: the profile's backups folder)",
            "备份写到哪里(默认: 本配置的 backups 文件夹)",
        ),
        (
            "the holiday schedule JSON file",
            "节假日安排 JSON 文件",
        ),
    )
)


def translate_help(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Every help text of ``parser`` and its subcommands in Chinese (``HELP``); idempotent."""
    for action in parser._actions:
        if isinstance(action.help, str):
            action.help = HELP.get(action.help, action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if isinstance(choice.help, str):
                    choice.help = HELP.get(choice.help, choice.help)
            for sub in action.choices.values():
                translate_help(sub)
    return parser


def output_file(text: str) -> str:
    """``type=`` of every option naming a file a command writes (``--pdf``, ``--xlsx``, ``--reject-file``,
    ``--export-bundle``, ``--ack-out``, ``backup FILE``): its folder must exist already. A mistyped folder is
    refused as a usage error (exit 2) before anything runs, rather than created silently somewhere the user
    never looks. A file already there is refused too, as ``backup`` always did: a command never overwrites a
    file without asking (an office's earlier 交接单, or a reject file it has been correcting)."""
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
    if path.exists() or path.is_symlink():
        raise argparse.ArgumentTypeError(f"目标文件已存在, 不会覆盖: {text}; 请换一个文件名, 或先移走原文件")
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


def whole_number(low: int, high: int):
    """``type=`` of an integer option: a whole number from ``low`` to ``high``, refused in Chinese otherwise
    (argparse's ``int`` took ``99999999999999999999`` and the command crashed on it, OverflowError)."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} 不是整数, 应为 {low} 到 {high} 之间的整数") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} 超出范围, 应为 {low} 到 {high} 之间的整数")
        return value

    parse.__name__ = "整数"
    return parse


def number(low: float, high: float):
    """``type=`` of a decimal option (seconds, MB, hours): a finite number from ``low`` to ``high``; ``nan``,
    ``inf`` and ``1e400`` are refused in Chinese rather than reaching the command."""
    import math

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} 不是数字, 应为 {_plain(low)} 到 {_plain(high)} 之间的数"
            ) from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"{text} 超出范围, 应为 {_plain(low)} 到 {_plain(high)} 之间的数")
        return value

    parse.__name__ = "数字"
    return parse


def _plain(value: float) -> str:
    """A bound as people write it: 1000000, 0.5 (``:g`` wrote 1e+06)."""
    return str(int(value)) if float(value).is_integer() else f"{value:f}".rstrip("0")
