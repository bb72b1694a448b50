"""The one table of state names every page uses (the lifecycle's STATE_LABELS), translatable.

One state had three names on three pages (待补材料 / 待补正 / 退回补正). Pages ask here for a state's
name and never spell one out; tests/gui/test_vocabulary.py checks the sources for literal state names.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.domain.custody import HOLDER_LABELS
from villagedesk.domain.lifecycle import STATE_LABELS, State

CONTEXT = "States"
# The names as literals, so that lupdate offers each for translation (tests check they match the table).
TRANSLATABLE = (
    QT_TRANSLATE_NOOP("States", "已登记"),
    QT_TRANSLATE_NOOP("States", "待补正"),
    QT_TRANSLATE_NOOP("States", "村级办结"),
    QT_TRANSLATE_NOOP("States", "已报送"),
    QT_TRANSLATE_NOOP("States", "已受理"),
    QT_TRANSLATE_NOOP("States", "退回补正"),
    QT_TRANSLATE_NOOP("States", "不予受理"),
    QT_TRANSLATE_NOOP("States", "已转报"),
    QT_TRANSLATE_NOOP("States", "市级已受理"),
    QT_TRANSLATE_NOOP("States", "特别程序"),
    QT_TRANSLATE_NOOP("States", "准予"),
    QT_TRANSLATE_NOOP("States", "不予"),
    QT_TRANSLATE_NOOP("States", "待送达"),
    QT_TRANSLATE_NOOP("States", "已送达"),
    QT_TRANSLATE_NOOP("States", "办结归档"),
    QT_TRANSLATE_NOOP("States", "已撤回"),
    QT_TRANSLATE_NOOP("States", "报告草稿"),
    QT_TRANSLATE_NOOP("States", "报告已报送"),
    QT_TRANSLATE_NOOP("States", "报告已通过"),
    QT_TRANSLATE_NOOP("States", "报告已退回"),
    QT_TRANSLATE_NOOP("States", "镇已考评"),
    QT_TRANSLATE_NOOP("States", "市已复评"),
    QT_TRANSLATE_NOOP("States", "待整改"),
    QT_TRANSLATE_NOOP("States", "已报整改情况"),
    QT_TRANSLATE_NOOP("States", "已预约"),
    QT_TRANSLATE_NOOP("States", "已到访"),
    QT_TRANSLATE_NOOP("States", "已取消"),
    QT_TRANSLATE_NOOP("States", "爽约"),
)


def state_name(status: str | State) -> str:
    """The name of a state as every page, print and export shows it (in the UI's language)."""
    try:
        state = State(status)
    except ValueError:
        return str(status)
    return QCoreApplication.translate(CONTEXT, STATE_LABELS[state])


def label_name(label: str) -> str:
    """A state's name given as the lifecycle's Chinese label (the figures' ``by_state`` keys, which
    snapshots and exports keep), in the UI's language; any other text stays as it is."""
    if label in STATE_LABELS.values():
        return QCoreApplication.translate(CONTEXT, label)
    return label


HOLDERS_CONTEXT = "Holders"
# Who holds a material's original (domain.custody.HOLDER_LABELS): intake said 群众自留 where the case page
# said 群众本人; every page asks ``holder_name``.
HOLDER_WORDS = (
    QT_TRANSLATE_NOOP("Holders", "群众本人"),
    QT_TRANSLATE_NOOP("Holders", "村代办员"),
    QT_TRANSLATE_NOOP("Holders", "镇中心"),
)


def holder_name(code: str) -> str:
    """The words for who holds an original (``applicant`` / ``village`` / ``town``), translated."""
    word = HOLDER_LABELS.get(code)
    return QCoreApplication.translate(HOLDERS_CONTEXT, word) if word else ""
