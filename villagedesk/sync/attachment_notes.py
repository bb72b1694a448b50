"""What the attachment phase of a sync tells the person, as a code and its parameters.

A note travels in ``SyncResult.attachment_notes`` as ``{"code", "args"}``: the window words the code in
its language (``ui/advice.attachment_note``), the command line prints the Chinese sentence below
(``SyncResult.attachment_note``, ``summary()``). The notes were Chinese sentences only, so the 同步 page
showed them in Chinese in English mode.
"""

from __future__ import annotations

# ``name`` is the file's name, else the start of its hash; ``message`` the server's own words; ``used`` and
# ``cap`` byte counts (worded by ``size_words``: a 50 KB cap read "0.0 MB").
NOTE_TEXTS = {
    "cap_month": "本月附件流量已用 {used}, 达到每月上限 {cap}; 其余附件下月继续传输(可在设置中调整上限)",
    "cap_sync": "本次同步的附件流量已达上限 {cap}; 其余附件在下次同步时继续传输",
    "local_damaged": "本机附件文件已损坏, 未上传: {name}",
    "local_missing": "本机附件文件丢失: {name}",
    "local_incomplete": "本机附件文件不完整: {name}",
    "upload_refused": "附件 {name} 被服务器拒绝: {message}",
    "uploads_paused": "{message}",
    "download_corrupt": "下载的附件 {name} 校验失败, 已丢弃, 下次重新下载",
    "download_too_long": "附件 {name} 的未完成下载比原件还长, 已丢弃, 下次重新下载",
    "not_uploaded_yet": "部分附件尚未上传到服务器, 下次同步再取",
    "download_refused": "附件 {name} 下载被拒绝: {message}",
    "no_attachment_sync": "服务器不支持附件同步, 请升级镇中心服务器",
    "no_storage": "{message}",
}


SIZES = ("used", "cap")


def size_words(n: int) -> str:
    """Bytes as the agent reads them: 850 B, 48.8 KB, 1.5 MB (never 0.0 MB)."""
    if n < 1024:
        return f"{int(n)} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def note_text(code: str, args: dict) -> str:
    """The Chinese sentence of an attachment note (the command line's, and the CLI's summary)."""
    words = {k: size_words(int(v)) if k in SIZES else v for k, v in args.items()}
    return NOTE_TEXTS[code].format(**words)
