"""Errors said as what to do: "无法连接镇中心服务器，请检查网线或 Wi-Fi，然后点「重试」", not
"网络连接失败: ConnectionError".

The sync layer reports failures as exceptions and as short Chinese strings with the exception's class
name; this module is the one place that turns both into advice a village cadre can follow. It knows the
shapes of those messages (the prefixes below), not their wording beyond that.
"""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.sync import engine
from villagedesk.ui.error_words import error_text, known
from villagedesk.ui.sync_eta import size_text

# The server's refusal codes (``{"error": code, "message": …}`` of every route, server/http_io.error, and
# the judge's ``rej`` codes of a refused event, domain/judge) in the desk's own words: the server's
# message is Chinese whatever the desk's language, so it is shown only for a code this version does not
# know (a newer server). tests/gui/test_refusals_english.py lists the codes from the server's code.
SERVER_CODES = {
    "bad_request": QT_TRANSLATE_NOOP(
        "Advice", "服务器无法处理本机发来的请求: 请升级本机的 VillageDesk; 一直如此请联系镇中心管理员"
    ),
    "not_found": QT_TRANSLATE_NOOP("Advice", "服务器上没有这个接口: 请核对服务器地址, 或请镇中心升级服务器"),
    "method_not_allowed": QT_TRANSLATE_NOOP("Advice", "服务器不接受这种请求: 请升级镇中心服务器或本机的 VillageDesk"),
    "too_large": QT_TRANSLATE_NOOP(
        "Advice", "一次发送的内容超过了服务器的上限: 请点「重试」; 一直如此请联系镇中心管理员"
    ),
    "timeout": QT_TRANSLATE_NOOP("Advice", "发送超时, 服务器没有收全: 请检查网络后点「重试」"),
    "dictionary": QT_TRANSLATE_NOOP("Advice", "服务器没有本机所用的压缩字典, 本机将改用普通方式发送: 请点「重试」"),
    "unauthorized": QT_TRANSLATE_NOOP("Advice", "本设备已被吊销或令牌无效, 请联系镇中心管理员重新注册"),
    "forbidden": QT_TRANSLATE_NOOP("Advice", "本机的角色不能做这件事(只有镇中心或市级中心的电脑可以)"),
    "partition": QT_TRANSLATE_NOOP("Advice", "这条记录属于其他村或乡镇, 本机不能上传或下载它"),
    "other_town": QT_TRANSLATE_NOOP("Advice", "这个离线同步包属于其他乡镇的村, 不能在本镇导入; 没有任何数据改变"),
    "replayed": QT_TRANSLATE_NOOP(
        "Advice", "这个离线同步包已导入过(或早于已导入的), 已拒绝; 如需重新同步, 请在村里重新导出"
    ),
    "bad_bundle": QT_TRANSLATE_NOOP("Advice", "离线同步包已损坏或不完整, 没有导入: 请让村里重新导出"),
    "quota": QT_TRANSLATE_NOOP(
        "Advice",
        "本设备上传的事件超过了服务器每天的限额, 数据仍保存在本机: 请稍后再同步; 确有大量补录请联系镇中心管理员",
    ),
    "upload_quota": QT_TRANSLATE_NOOP(
        "Advice", "附件超过了服务器的限额或服务器磁盘空间不足, 附件仍保存在本机, 未上传: 请联系镇中心管理员"
    ),
    "rate_limited": QT_TRANSLATE_NOOP("Advice", "尝试次数过多，请过十分钟再点「重试」"),
    "busy": QT_TRANSLATE_NOOP("Advice", "服务器正在处理本设备的另一次同步或上传: 请等它结束后再试"),
    "range": QT_TRANSLATE_NOOP("Advice", "附件的续传位置与服务器不符: 下次同步时重新传输"),
    "offset": QT_TRANSLATE_NOOP("Advice", "附件的续传位置与服务器不符: 下次同步时重新传输"),
    "sha_mismatch": QT_TRANSLATE_NOOP("Advice", "附件传到服务器后校验失败, 已丢弃: 下次同步时重新上传"),
    "unnamed": QT_TRANSLATE_NOOP("Advice", "服务器尚未收到登记此附件的事件: 请先同步事件, 附件将在下次同步时上传"),
    "missing": QT_TRANSLATE_NOOP("Advice", "服务器尚无此附件(可能尚未上传完成)"),
    "no_storage": QT_TRANSLATE_NOOP("Advice", "镇中心服务器没有配置附件存储, 附件仍保存在本机: 请联系镇中心管理员"),
    "enroll_refused": QT_TRANSLATE_NOOP("Advice", "注册码无效、已用过或已过期, 请向镇中心管理员索取新的注册码"),
    "device_taken": QT_TRANSLATE_NOOP(
        "Advice", "本机原来的设备在镇中心仍在使用或已被接替: 请镇中心先注销原电脑, 再用同一注册码重试"
    ),
    "village_full": QT_TRANSLATE_NOOP("Advice", "本村已登记的电脑过多: 请镇中心先注销不用的电脑, 再用同一注册码重试"),
    # a refused event's code (``rej``): the sentence when the server's own is not one the desk knows
    "malformed": QT_TRANSLATE_NOOP("Advice", "这条记录的格式不对, 服务器不收: 请升级本机的 VillageDesk"),
    "payload": QT_TRANSLATE_NOOP("Advice", "这条记录的内容不符合规则, 服务器不收"),
    "clock": QT_TRANSLATE_NOOP("Advice", "这条记录的时间不对, 服务器不收: 请检查电脑时钟"),
    "unknown_case": QT_TRANSLATE_NOOP("Advice", "服务器上没有这个办件(或其登记尚未同步)"),
    "duplicate_case": QT_TRANSLATE_NOOP("Advice", "该办件已经登记过, 不能重复登记"),
    "transition": QT_TRANSLATE_NOOP("Advice", "办件在服务器上的状态不允许这一步"),
}


def server_refusal(code: str, message: str) -> str:
    """A refusal of the server in the UI language: in Chinese the server's own message (it carries the
    detail, e.g. how long a quota waits), else the desk's translated sentence for a code it knows; the
    server's message for a code the desk does not know."""
    known = SERVER_CODES.get(code)
    if not known:
        return message
    translated = QCoreApplication.translate("Advice", known)
    return message if message and translated == known else translated


_REJECTED = re.compile(r"^(.*) \[([a-z_]+)\]$", re.DOTALL)


def rejected_text(reason: str) -> str:
    """Why the server refused an event (stored as ``<its sentence> [<code>]``, engine._push_round): the
    sentence in the UI language when it is one of the domain's (the judge's), else the code's."""
    found = _REJECTED.match(reason)
    if not found:
        return error_text(reason)
    message, code = found.groups()
    if known(message) or code not in SERVER_CODES:
        return error_text(message)
    return server_refusal(code, message)


def unreachable() -> str:
    return QCoreApplication.translate("Advice", "无法连接镇中心服务器，请检查网线或 Wi-Fi，然后点「重试」")


def broken() -> str:
    return QCoreApplication.translate(
        "Advice", "与镇中心服务器的连接中断了，请检查网线或 Wi-Fi，然后点「重试」（已收到的内容不会丢失）"
    )


def not_a_server(status: int) -> str:
    return QCoreApplication.translate(
        "Advice",
        "这个地址上没有镇中心服务器 (HTTP %1)。请核对服务器地址 (例如 https://192.168.1.10:8443)，然后点「重试」",
    ).replace("%1", str(status))


def server_trouble(status: int) -> str:
    return QCoreApplication.translate(
        "Advice", "镇中心服务器暂时出错 (HTTP %1)，请过几分钟再点「重试」；一直如此请联系镇中心管理员"
    ).replace("%1", str(status))


# What the transport writes for a link that failed (its message starts with one of these).
_LINK_PREFIXES = ("网络连接失败", "无法连接服务器", "同步出错: ConnectionError", "同步出错: Timeout")
_NO_CONNECTION = ("ConnectionError", "ConnectTimeout", "NewConnectionError", "无法连接服务器")
_NOT_OURS = re.compile(r"服务器回复无法解析 \(HTTP (\d+)\)")  # a reply that is not our JSON: another web server


def for_error(err: object) -> str:
    """Advice for an exception from the sync layer (enrollment, a sync run, a bundle)."""
    if isinstance(err, engine.ServerRefused):
        if err.status == 404:
            return not_a_server(err.status)
        if err.status >= 500 and err.code not in ("no_storage", "upload_quota"):
            return server_trouble(err.status)
        if err.code in SERVER_CODES:
            return server_refusal(err.code, err.message)
        if err.status == 429:
            return QCoreApplication.translate("Advice", "尝试次数过多，请过十分钟再点「重试」")
        return server_refusal(err.code, err.message) or QCoreApplication.translate(
            "Advice", "服务器拒绝了请求 (HTTP %1)"
        ).replace("%1", str(err.status))
    if isinstance(err, engine.TransportError):
        return for_text(str(err), connected=getattr(err, "connected", True))
    return for_text(str(err) or type(err).__name__)


def for_text(message: str, connected: bool = True) -> str:
    """Advice for a sync result's error string; messages that already say what to do pass unchanged."""
    foreign = _NOT_OURS.search(message)
    if foreign:
        status = int(foreign.group(1))
        return server_trouble(status) if status >= 500 else not_a_server(status)
    if "证书" in message:
        return message + QCoreApplication.translate("Advice", "。请联系镇中心管理员，确认后重新注册本机")
    if message.startswith(_LINK_PREFIXES):
        if not connected or any(part in message for part in _NO_CONNECTION):
            return unreachable()
        return broken()
    return message


def for_code(code: str, args: dict) -> str:
    """Advice for a run's ``error_code`` (engine.ERROR_CODES) in the UI language; '' for a code this
    version does not know (the engine's Chinese sentence is shown then)."""
    status = int(args.get("status") or 0)
    message = str(args.get("message") or "")
    if code == "not_enrolled":
        return QCoreApplication.translate(
            "Advice", "本机尚未注册到镇中心服务器: 请在「同步」页点「注册到镇中心服务器…」, 填入服务器地址和注册码"
        )
    if code == "revoked":
        return QCoreApplication.translate("Advice", "本设备已被吊销或令牌无效, 请联系镇中心管理员重新注册")
    if code == "too_many":
        return QCoreApplication.translate("Advice", "请求过于频繁, 请稍后再点「重试」")
    if code == "not_a_server":
        return not_a_server(status)
    if code == "server_trouble":
        return server_trouble(status)
    if code == "pin_mismatch":
        return QCoreApplication.translate(
            "Advice", "服务器证书与注册时记录的不一致, 已拒绝连接(可能被冒充)。请联系镇中心管理员，确认后重新注册本机"
        )
    if code == "unreachable":
        return unreachable()
    if code == "link_broken":
        return broken()
    if code == "upload_paused":
        head = QCoreApplication.translate("Advice", "上传暂停: 服务器暂不接收本设备的上传, 下载照常; 请稍后再同步")
        return head + (f" ({message})" if message and str(args.get("server_code")) not in SERVER_CODES else "")
    if code == "refused":
        text = QCoreApplication.translate("Advice", "服务器拒绝了请求 (HTTP %1)").replace("%1", str(status))
        message = server_refusal(str(args.get("server_code") or ""), message)
        return text + (f": {message}" if message else "")
    return ""


def attachment_note(code: str, args: dict) -> str:
    """An attachment note of a sync run (sync/attachment_notes.NOTE_TEXTS) in the UI language; '' for a
    code this version does not know (the run's Chinese ``attachment_note`` is shown then)."""
    name = str(args.get("name") or "")
    message = str(args.get("message") or "")
    texts = {
        "cap_month": QCoreApplication.translate(
            "Advice", "本月附件流量已用 %1, 达到每月上限 %2; 其余附件下月继续传输(可在设置中调整上限)"
        ),
        "cap_sync": QCoreApplication.translate("Advice", "本次同步的附件流量已达上限 %1; 其余附件在下次同步时继续传输"),
        "local_damaged": QCoreApplication.translate("Advice", "本机附件文件已损坏, 未上传: %1"),
        "local_missing": QCoreApplication.translate("Advice", "本机附件文件丢失: %1"),
        "local_incomplete": QCoreApplication.translate("Advice", "本机附件文件不完整: %1"),
        "upload_refused": QCoreApplication.translate("Advice", "附件 %1 被服务器拒绝"),
        "uploads_paused": QCoreApplication.translate(
            "Advice", "附件上传暂停: 服务器暂不接收本设备的附件, 未上传的附件仍保存在本机, 稍后同步时再传"
        ),
        "download_corrupt": QCoreApplication.translate("Advice", "下载的附件 %1 校验失败, 已丢弃, 下次重新下载"),
        "download_too_long": QCoreApplication.translate(
            "Advice", "附件 %1 的未完成下载比原件还长, 已丢弃, 下次重新下载"
        ),
        "not_uploaded_yet": QCoreApplication.translate("Advice", "部分附件尚未上传到服务器, 下次同步再取"),
        "download_refused": QCoreApplication.translate("Advice", "附件 %1 下载被服务器拒绝"),
        "no_attachment_sync": QCoreApplication.translate("Advice", "服务器不支持附件同步, 请升级镇中心服务器"),
        "no_storage": QCoreApplication.translate("Advice", "服务器暂时无法保存附件, 附件仍保存在本机, 下次同步再传"),
    }
    text = texts.get(code, "")
    if not text:
        return ""
    if code == "cap_month":
        values = [size_text(int(args.get("used") or 0)), size_text(int(args.get("cap") or 0))]
    elif code == "cap_sync":
        values = [size_text(int(args.get("cap") or 0))]
    else:
        values = [name]
    for n, value in enumerate(values, 1):
        text = text.replace(f"%{n}", value)
    quoted = code in ("upload_refused", "download_refused", "uploads_paused")  # the server's reason
    if quoted and message and code == "uploads_paused" and str(args.get("server_code")) in SERVER_CODES:
        return text  # the note itself says what the code would
    message = server_refusal(str(args.get("server_code") or ""), message)
    return text + (f" ({message})" if message and quoted else "")


def attachment_notes(result: engine.SyncResult) -> str:
    """The run's attachment notes, one a line, in the UI language; a result saved by an older version
    (no codes) or a code this version does not know shows the run's Chinese line."""
    lines = [attachment_note(n.get("code", ""), n.get("args") or {}) for n in result.attachment_notes]
    if not lines or not all(lines):
        return result.attachment_note
    return "\n".join(dict.fromkeys(lines))


# the retry button an advice sentence names, in Chinese and as the English translations write it
_RETRY = re.compile(r"「重试」|[“\"]Retry[”\"]|(?<=click )Retry\b")


def naming_button(text: str, button: str) -> str:
    """``text`` with its 「重试」 naming ``button`` instead: the advice is shared by the enrollment dialog
    (whose button is 重试) and the 同步 page, whose button is 立即同步 (it said 点「重试」, a button not there)."""
    chinese = "「重试」" in text
    return _RETRY.sub(f"「{button}」" if chinese else f"“{button}”", text)


def result_with_advice(result: engine.SyncResult) -> engine.SyncResult:
    """The same sync result, its error said as advice in the UI language (the panel shows ``error`` as
    it is): from the run's code when it has one, else from the shape of its Chinese sentence; a retry is
    the 同步 page's 立即同步 button (the sentence said 「重试」)."""
    if not result.error:
        return result
    advised = for_code(result.error_code, result.error_args) if result.error_code else ""
    advised = advised or for_text(result.error)
    advised = naming_button(advised, QCoreApplication.translate("SyncPanel", "立即同步"))
    return result if advised == result.error else dataclasses.replace(result, error=advised)


def clock_note(skew_ms: int | None, restamped: int = 0) -> str:
    """What a run found of this PC's clock, in the UI language (``engine.clock_text`` words it for the
    command line): how far it is off the town server's and what to do (``skew_ms`` None: within the
    tolerance), then the records it stamped again on the server's time because the clock had run more
    than a day fast."""
    lines = []
    if skew_ms is not None:
        number, unit = engine.skew_amount(skew_ms)
        units = {
            "minutes": QCoreApplication.translate("Advice", "%1 分钟"),
            "hours": QCoreApplication.translate("Advice", "%1 小时"),
            "days": QCoreApplication.translate("Advice", "%1 天"),
        }
        amount = units[unit].replace("%1", str(number))
        if skew_ms > 0:
            text = QCoreApplication.translate(
                "Advice",
                "本机时钟比镇中心服务器快 %1: 请校准电脑时间(设为自动与网络时间同步), "
                "否则登记日期和办理期限会按本机错误的日期计算",
            )
        else:
            text = QCoreApplication.translate(
                "Advice",
                "本机时钟比镇中心服务器慢 %1: 请校准电脑时间(设为自动与网络时间同步), "
                "否则登记日期和办理期限会按本机错误的日期计算",
            )
        lines.append(text.replace("%1", amount))
    if restamped:
        again = QCoreApplication.translate(
            "Advice", "%1 条记录的时间因本机时钟偏快超过一天, 已按镇中心时间重新标记并上传"
        )
        lines.append(again.replace("%1", str(restamped)))
    return "\n".join(lines)
