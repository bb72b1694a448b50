"""The domain's refusals of a dialog's input, in the UI's language.

``domain/validators`` and ``domain/payloads`` refuse bad input with one Chinese sentence (the command line,
the service and the server's judge share them); the action dialog showed that sentence as it was, so in
English mode 「此项不能为空」 stood under an English field. The fixed sentences are literals here (lupdate
offers them); a sentence with a figure or a name in it is matched by its shape and the rest carried over.
A sentence this table does not know is shown as it is (Chinese, and complete).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Errors"
FIXED = (
    QT_TRANSLATE_NOOP("Errors", "此项不能为空"),
    QT_TRANSLATE_NOOP("Errors", "应为文字"),
    QT_TRANSLATE_NOOP("Errors", "请列出全部缺少的材料(一次性告知)"),
    QT_TRANSLATE_NOOP("Errors", "请勾选群众补来的材料"),
    QT_TRANSLATE_NOOP("Errors", "材料应为名称的列表"),
    QT_TRANSLATE_NOOP("Errors", "每项材料都应为文字名称"),
    QT_TRANSLATE_NOOP("Errors", "委托书签署日期不能晚于今天"),
    QT_TRANSLATE_NOOP("Errors", "延期天数应为 1-60 的整数"),
    QT_TRANSLATE_NOOP("Errors", "请选择差评是否属实"),
    QT_TRANSLATE_NOOP("Errors", "请填写姓名"),
    QT_TRANSLATE_NOOP("Errors", "姓名至少两个字"),
    QT_TRANSLATE_NOOP("Errors", "间隔号「·」只能在名字中间"),
    QT_TRANSLATE_NOOP("Errors", "姓名中含有不可见的控制字符"),
    QT_TRANSLATE_NOOP("Errors", "请填写联系电话"),
    QT_TRANSLATE_NOOP("Errors", "电话号码格式不对: 手机11位, 固话需带区号"),
)
# 「请选择…: code word / code word」 (``payloads._choice``): in a dialog the choices are its combo's entries,
# so the request alone is said
CHOICES = (
    QT_TRANSLATE_NOOP("Errors", "请选择特别程序"),
    QT_TRANSLATE_NOOP("Errors", "请选择准予或不予"),
    QT_TRANSLATE_NOOP("Errors", "请选择送达方式"),
    QT_TRANSLATE_NOOP("Errors", "请选择调解结果"),
    QT_TRANSLATE_NOOP("Errors", "请选择原件现由谁保管"),
    QT_TRANSLATE_NOOP("Errors", "请选择评价等级"),
    QT_TRANSLATE_NOOP("Errors", "请选择评价渠道"),
)
SHAPES = (  # (the domain's sentence as a pattern, its template with %1 for what the pattern caught)
    (re.compile(r"^还缺少: (.+)$"), QT_TRANSLATE_NOOP("Errors", "还缺少: %1")),
    (re.compile(r"^内容过长\(最多(\d+)字\)$"), QT_TRANSLATE_NOOP("Errors", "内容过长(最多%1字)")),
    (re.compile(r"^姓名过长\(最多(\d+)字\)$"), QT_TRANSLATE_NOOP("Errors", "姓名过长(最多%1字)")),
)


def error_text(message: str) -> str:
    """``message`` (a domain refusal) in the UI's language; an unknown one as it is."""
    if message in FIXED:
        return QCoreApplication.translate(CONTEXT, message)
    head = message.split(": ", 1)[0]
    if head in CHOICES:
        return QCoreApplication.translate(CONTEXT, head)
    for pattern, template in SHAPES:
        found = pattern.match(message)
        if found:
            return QCoreApplication.translate(CONTEXT, template).replace("%1", found.group(1))
    return message
