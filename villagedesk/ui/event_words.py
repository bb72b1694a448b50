"""The names of the case actions and timeline steps (the lifecycle's EVENT_LABELS), translatable.

``domain/lifecycle`` names each event in Chinese (prints, exports and the command line use it); the case
page passed those names to ``self.tr`` as variables, which lupdate never sees, so every action button and
timeline step stayed Chinese in English mode. Pages ask here instead; the literals below let lupdate
offer each name (tests/gui/test_english_pages.py checks they match the table).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.domain.lifecycle import EVENT_LABELS, EventType

CONTEXT = "Events"
TRANSLATABLE = (
    QT_TRANSLATE_NOOP("Events", "代办登记"),
    QT_TRANSLATE_NOOP("Events", "材料核对"),
    QT_TRANSLATE_NOOP("Events", "一次性告知"),
    QT_TRANSLATE_NOOP("Events", "材料补齐"),
    QT_TRANSLATE_NOOP("Events", "村级办结"),
    QT_TRANSLATE_NOOP("Events", "报送镇中心"),
    QT_TRANSLATE_NOOP("Events", "受理"),
    QT_TRANSLATE_NOOP("Events", "退回补正"),
    QT_TRANSLATE_NOOP("Events", "不予受理"),
    QT_TRANSLATE_NOOP("Events", "转报"),
    QT_TRANSLATE_NOOP("Events", "特别程序开始"),
    QT_TRANSLATE_NOOP("Events", "特别程序结束"),
    QT_TRANSLATE_NOOP("Events", "延期"),
    QT_TRANSLATE_NOOP("Events", "作出决定"),
    QT_TRANSLATE_NOOP("Events", "结果待领取"),
    QT_TRANSLATE_NOOP("Events", "送达"),
    QT_TRANSLATE_NOOP("Events", "好差评"),
    QT_TRANSLATE_NOOP("Events", "办结归档"),
    QT_TRANSLATE_NOOP("Events", "撤回"),
    QT_TRANSLATE_NOOP("Events", "备注"),
    QT_TRANSLATE_NOOP("Events", "附件"),
    QT_TRANSLATE_NOOP("Events", "移除附件"),
    QT_TRANSLATE_NOOP("Events", "委托书"),
    QT_TRANSLATE_NOOP("Events", "原件交接"),
    QT_TRANSLATE_NOOP("Events", "冲突处理"),
    QT_TRANSLATE_NOOP("Events", "差评回访"),
    QT_TRANSLATE_NOOP("Events", "差评整改完成"),
    QT_TRANSLATE_NOOP("Events", "生成进展报告"),
    QT_TRANSLATE_NOOP("Events", "报送进展报告"),
    QT_TRANSLATE_NOOP("Events", "通过进展报告"),
    QT_TRANSLATE_NOOP("Events", "退回进展报告"),
    QT_TRANSLATE_NOOP("Events", "生成镇进展报告"),
    QT_TRANSLATE_NOOP("Events", "报送市级进展报告"),
    QT_TRANSLATE_NOOP("Events", "通过镇进展报告"),
    QT_TRANSLATE_NOOP("Events", "退回镇进展报告"),
    QT_TRANSLATE_NOOP("Events", "镇办实施考评"),
    QT_TRANSLATE_NOOP("Events", "市级审查复评"),
    QT_TRANSLATE_NOOP("Events", "督查"),
    QT_TRANSLATE_NOOP("Events", "整改情况"),
    QT_TRANSLATE_NOOP("Events", "登记预约"),
    QT_TRANSLATE_NOOP("Events", "到访登记"),
    QT_TRANSLATE_NOOP("Events", "取消预约"),
    QT_TRANSLATE_NOOP("Events", "登记爽约"),
)


def event_name(event: EventType | str) -> str:
    """An action's or a timeline step's name in the UI's language (``submitted`` → 报送镇中心)."""
    try:
        kind = EventType(event)
    except ValueError:
        return str(event)
    return QCoreApplication.translate(CONTEXT, EVENT_LABELS[kind])
