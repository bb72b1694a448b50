"""The case page's small words in the UI's language: levels (村/镇/市), material states, holders, forms.

The domain keeps them as Chinese tables (prints and exports use them); the case page showed those
table values as they were, so in English mode a timeline's role, a material's 已收 and its holder
群众本人 stayed Chinese. The literals below let lupdate offer each word (tests/gui/test_english_pages.py
checks they cover the tables).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.domain.case_steps import ROLE_LEVELS
from villagedesk.domain.catalog import FORM_LABELS, LEVEL_LABELS
from villagedesk.domain.custody import HOLDER_LABELS

CONTEXT = "CaseWords"
MATERIAL_STATUS = {
    "have": QT_TRANSLATE_NOOP("CaseWords", "已收"),
    "missing": QT_TRANSLATE_NOOP("CaseWords", "缺少"),
    "later": QT_TRANSLATE_NOOP("CaseWords", "容缺后补"),
}
TRANSLATABLE = (
    QT_TRANSLATE_NOOP("CaseWords", "村"),
    QT_TRANSLATE_NOOP("CaseWords", "镇"),
    QT_TRANSLATE_NOOP("CaseWords", "市"),
    QT_TRANSLATE_NOOP("CaseWords", "原件"),
    QT_TRANSLATE_NOOP("CaseWords", "复印件"),
    QT_TRANSLATE_NOOP("CaseWords", "群众本人"),
    QT_TRANSLATE_NOOP("CaseWords", "村代办员"),
    QT_TRANSLATE_NOOP("CaseWords", "镇中心"),
    *MATERIAL_STATUS.values(),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text) if text else text


def level_word(role_or_level: str) -> str:
    """村 / 镇 / 市 for an event's role (agent, clerk, city) or a level (village, town, city)."""
    return _tr(ROLE_LEVELS.get(role_or_level) or LEVEL_LABELS.get(role_or_level) or role_or_level)


def material_state(code: str) -> str:
    """已收 / 缺少 / 容缺后补 for ``have`` / ``missing`` / ``later``."""
    return _tr(MATERIAL_STATUS.get(code, code))


def holder_word(code: str) -> str:
    """Who holds an original now: 群众本人 / 村代办员 / 镇中心."""
    return _tr(HOLDER_LABELS.get(code, ""))


def form_word(code: str) -> str:
    """原件 / 复印件."""
    return _tr(FORM_LABELS.get(code, ""))
