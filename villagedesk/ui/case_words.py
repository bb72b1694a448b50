"""The case page's small words in the UI's language: levels (村/镇/市), material states, holders, forms.

The domain keeps them as Chinese tables (prints and exports use them); the case page showed those
table values as they were, so in English mode a timeline's role, a material's 已收 and its holder
群众本人 stayed Chinese. The literals below let lupdate offer each word (tests/gui/test_english_pages.py
checks they cover the tables).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.domain.case_steps import ROLE_LEVELS
from villagedesk.domain.catalog import FORM_LABELS, LEVEL_LABELS, NECESSITY_LABELS
from villagedesk.domain.custody import HOLDER_LABELS

CONTEXT = "CaseWords"
MATERIAL_STATUS = {
    "have": QT_TRANSLATE_NOOP("CaseWords", "已收"),
    "missing": QT_TRANSLATE_NOOP("CaseWords", "缺少"),
    "later": QT_TRANSLATE_NOOP("CaseWords", "容缺后补"),
}
UNCHECKED = QT_TRANSLATE_NOOP("CaseWords", "未核对")  # the intake's checklist, before a material is set
# the catalog's fixed vocabularies (domain/catalog.py): the village's part, a material's need, a category
VILLAGE_ROLES = (
    QT_TRANSLATE_NOOP("CaseWords", "收件代办"),
    QT_TRANSLATE_NOOP("CaseWords", "直办"),
    QT_TRANSLATE_NOOP("CaseWords", "协办"),
    QT_TRANSLATE_NOOP("CaseWords", "导办"),
)
NECESSITY = (
    QT_TRANSLATE_NOOP("CaseWords", "必需"),
    QT_TRANSLATE_NOOP("CaseWords", "容缺后补"),
    QT_TRANSLATE_NOOP("CaseWords", "特定情形"),
)
CATEGORY_WORDS = (
    QT_TRANSLATE_NOOP("CaseWords", "证照代办"),
    QT_TRANSLATE_NOOP("CaseWords", "民政救助"),
    QT_TRANSLATE_NOOP("CaseWords", "劳动保障"),
    QT_TRANSLATE_NOOP("CaseWords", "计生服务"),
    QT_TRANSLATE_NOOP("CaseWords", "综治维稳"),
    QT_TRANSLATE_NOOP("CaseWords", "党建群团"),
    QT_TRANSLATE_NOOP("CaseWords", "民事调解"),
    QT_TRANSLATE_NOOP("CaseWords", "咨询指南"),
    QT_TRANSLATE_NOOP("CaseWords", "致富发展"),
)
# how a case came in (services/intake.CHANNELS): the intake's 受理渠道 and the case page
CHANNEL_WORDS = {
    "window": QT_TRANSLATE_NOOP("CaseWords", "窗口"),
    "home_visit": QT_TRANSLATE_NOOP("CaseWords", "上门"),
    "phone": QT_TRANSLATE_NOOP("CaseWords", "电话"),
    "appointment": QT_TRANSLATE_NOOP("CaseWords", "预约"),
    "import": QT_TRANSLATE_NOOP("CaseWords", "导入"),
}
# 人民调解 (services/servicelog.DISPUTE_TYPES, domain/catalog.MEDIATION_OUTCOMES)
DISPUTE_WORDS = (
    QT_TRANSLATE_NOOP("CaseWords", "邻里纠纷"),
    QT_TRANSLATE_NOOP("CaseWords", "婚姻家庭"),
    QT_TRANSLATE_NOOP("CaseWords", "土地承包"),
    QT_TRANSLATE_NOOP("CaseWords", "宅基地"),
    QT_TRANSLATE_NOOP("CaseWords", "赡养抚养"),
    QT_TRANSLATE_NOOP("CaseWords", "损害赔偿"),
    QT_TRANSLATE_NOOP("CaseWords", "劳务纠纷"),
    QT_TRANSLATE_NOOP("CaseWords", "其他"),
)
OUTCOME_WORDS = {
    "agreed": QT_TRANSLATE_NOOP("CaseWords", "达成调解协议"),
    "not_agreed": QT_TRANSLATE_NOOP("CaseWords", "未达成协议"),
    "referred": QT_TRANSLATE_NOOP("CaseWords", "移交处理"),
}
# 好差评 (domain/satisfaction.LEVELS, CHANNEL_LABELS): the evaluation box, 差评整改 and the case page
SATISFACTION_WORDS = (
    QT_TRANSLATE_NOOP("CaseWords", "非常满意"),
    QT_TRANSLATE_NOOP("CaseWords", "满意"),
    QT_TRANSLATE_NOOP("CaseWords", "基本满意"),
    QT_TRANSLATE_NOOP("CaseWords", "不满意"),
    QT_TRANSLATE_NOOP("CaseWords", "非常不满意"),
)
REVIEW_CHANNEL_WORDS = {
    "window": QT_TRANSLATE_NOOP("CaseWords", "窗口评价器"),
    "sms": QT_TRANSLATE_NOOP("CaseWords", "短信"),
    "qrcode": QT_TRANSLATE_NOOP("CaseWords", "扫码"),
    "phone": QT_TRANSLATE_NOOP("CaseWords", "电话回访"),
    "app": QT_TRANSLATE_NOOP("CaseWords", "网上/APP"),
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
    UNCHECKED,
    *VILLAGE_ROLES,
    *NECESSITY,
    *CATEGORY_WORDS,
    *CHANNEL_WORDS.values(),
    *DISPUTE_WORDS,
    *OUTCOME_WORDS.values(),
    *SATISFACTION_WORDS,
    *REVIEW_CHANNEL_WORDS.values(),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text) if text else text


def level_word(role_or_level: str) -> str:
    """村 / 镇 / 市 for an event's role (agent, clerk, city) or a level (village, town, city)."""
    return _tr(ROLE_LEVELS.get(role_or_level) or LEVEL_LABELS.get(role_or_level) or role_or_level)


def material_state(code: str) -> str:
    """已收 / 缺少 / 容缺后补 for ``have`` / ``missing`` / ``later``."""
    return _tr(MATERIAL_STATUS.get(code, code))


def unchecked_word() -> str:
    """未核对: a material of the intake's checklist not set yet."""
    return _tr(UNCHECKED)


UNKNOWN_HOLDER = QT_TRANSLATE_NOOP("CaseWords", "未知")  # a holder value no VillageDesk writes


def holder_word(code: str) -> str:
    """Who holds an original now: 群众本人 / 村代办员 / 镇中心, or 未知 for a value it does not know."""
    return _tr(HOLDER_LABELS.get(code, UNKNOWN_HOLDER))


def form_word(code: str) -> str:
    """原件 / 复印件."""
    return _tr(FORM_LABELS.get(code, ""))


def role_word(text: str) -> str:
    """收件代办 / 直办 / 协办 / 导办: the village's part in an item (a word outside the list stays as it is)."""
    return _tr(text) if text in VILLAGE_ROLES else text


def necessity_word(code: str) -> str:
    """必需 / 容缺后补 / 特定情形 for ``required`` / ``later`` / ``conditional``."""
    return _tr(NECESSITY_LABELS.get(code, code))


def category_word(text: str) -> str:
    """A catalog category (证照代办…); one the list does not know (a town's own) stays as it is."""
    return _tr(text) if text in CATEGORY_WORDS else text


def channel_word(code: str) -> str:
    """窗口 / 上门 / 电话 / 预约 / 导入 for a registration's channel."""
    return _tr(CHANNEL_WORDS.get(code, code))


def dispute_word(text: str) -> str:
    """A mediation's dispute type (邻里纠纷…); one outside the list stays as it is."""
    return _tr(text) if text in DISPUTE_WORDS else text


def outcome_word(code: str) -> str:
    """达成调解协议 / 未达成协议 / 移交处理 for a mediation's outcome code."""
    return _tr(OUTCOME_WORDS.get(code, ""))


def satisfaction_word(level: str) -> str:
    """非常满意 … 非常不满意: a review's level (the payload keeps the Chinese word the national rules use)."""
    return _tr(level) if level in SATISFACTION_WORDS else level


def review_channel_word(code: str) -> str:
    """窗口评价器 / 短信 / 扫码 / 电话回访 / 网上/APP for a review's channel code."""
    return _tr(REVIEW_CHANNEL_WORDS.get(code, code))
