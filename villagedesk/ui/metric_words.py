"""The metrics' names, periods and value texts in the UI's language.

``domain/metrics`` names each metric in Chinese (``METRIC_LABELS``: reports, exports and the command line
print them) and ``Metrics.rows`` words a few values (``3 (逾期 1)``, ``— (无预约)``). A page that passed
those on stayed Chinese in English mode; pages ask here instead. The names are literals so lupdate
offers each (tests/gui/test_english_pages.py checks they match the table).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from villagedesk.domain.metrics import METRIC_LABELS, Metrics, Period
from villagedesk.domain.satisfaction import SUB_SCORES

CONTEXT = "Metrics"
TRANSLATABLE = (
    QT_TRANSLATE_NOOP("Metrics", "登记办件数"),
    QT_TRANSLATE_NOOP("Metrics", "按时办结率"),
    QT_TRANSLATE_NOOP("Metrics", "平均用时"),
    QT_TRANSLATE_NOOP("Metrics", "平均承诺时限"),
    QT_TRANSLATE_NOOP("Metrics", "用时占承诺时限比"),
    QT_TRANSLATE_NOOP("Metrics", "3个工作日内报送率"),
    QT_TRANSLATE_NOOP("Metrics", "平均补正次数"),
    QT_TRANSLATE_NOOP("Metrics", "退件率"),
    QT_TRANSLATE_NOOP("Metrics", "市级退件率"),
    QT_TRANSLATE_NOOP("Metrics", "结果送达平均用时"),
    QT_TRANSLATE_NOOP("Metrics", "好评率"),
    QT_TRANSLATE_NOOP("Metrics", "分项评分"),
    QT_TRANSLATE_NOOP("Metrics", "差评整改率"),
    QT_TRANSLATE_NOOP("Metrics", "差评整改中"),
    QT_TRANSLATE_NOOP("Metrics", "逾期在办件"),
    QT_TRANSLATE_NOOP("Metrics", "预约履约率"),
    QT_TRANSLATE_NOOP("Metrics", "调解成功率"),
)
SUB_SCORE_WORDS = (
    QT_TRANSLATE_NOOP("Metrics", "效率"),
    QT_TRANSLATE_NOOP("Metrics", "水平"),
    QT_TRANSLATE_NOOP("Metrics", "态度"),
)
assert SUB_SCORE_WORDS == SUB_SCORES

# the definitions (口径), one literal each: the "?" tooltips and the 指标说明 panel (test_english_pages checks them)
DEFINITIONS = {
    "cases": QT_TRANSLATE_NOOP(
        "Metrics",
        "登记办件数: 统计期内登记的办件(含村级直办), 按事项类别和统计截止日的状态分别计数。",
    ),
    "on_time_rate": QT_TRANSLATE_NOOP(
        "Metrics",
        "按时办结率: 统计期内作出决定(准予/不予)或村级办结的办件中, 在承诺时限内办结的比例。承诺时限从镇中心受理之日(村级直办事项从登记之日)起算, 按事项规定的工作日或自然日计算, 法定节假日和调休按国家安排, 补正、退回补正、特别程序期间不计入, 已批准的延期顺延。",  # noqa: E501
    ),
    "avg_used_days": QT_TRANSLATE_NOOP(
        "Metrics",
        "平均用时: 上述办结办件从起算日到办结日的实际用时(扣除暂停期间, 单位同事项时限)的平均值。",
    ),
    "avg_promised_days": QT_TRANSLATE_NOOP(
        "Metrics",
        "平均承诺时限: 上述办结办件承诺时限(含延期)的平均值。",
    ),
    "used_vs_promised": QT_TRANSLATE_NOOP(
        "Metrics",
        "用时占承诺时限比: 上述办件实际用时之和 ÷ 承诺时限之和; 小于 100% 说明整体提前办结。",
    ),
    "submitted_in_window": QT_TRANSLATE_NOOP(
        "Metrics",
        "3个工作日内报送率: 统计期内登记、须报镇办理的办件中, 自登记起 3 个工作日内(群众补交材料期间不计)报送镇中心的比例。尚未到 3 个工作日且未报送的不计入; 登记后报送前撤回的不计入。",  # noqa: E501
    ),
    "corrections_per_case": QT_TRANSLATE_NOOP(
        "Metrics",
        "平均补正次数: 统计期内登记并已报送的办件, 被镇中心退回补正或要求补正材料的次数之和 ÷ 办件数(市级中心的退回补正不计入)。",  # noqa: E501
    ),
    "return_rate": QT_TRANSLATE_NOOP(
        "Metrics",
        "退件率: 统计期内登记并已报送的办件中, 至少被镇中心退回补正(含要求补正材料)一次的比例; 市级中心的退回补正不计入, 计入市级退件率。",  # noqa: E501
    ),
    "city_return_rate": QT_TRANSLATE_NOOP(
        "Metrics",
        "市级退件率: 统计期内登记并已转报市级中心的办件中, 至少被市级中心退回补正一次的比例。",
    ),
    "delivery_lag": QT_TRANSLATE_NOOP(
        "Metrics",
        "结果送达平均用时: 统计期内送达的办件, 从结果待领取到送达群众所用的工作日数的平均值。",
    ),
    "good_review_rate": QT_TRANSLATE_NOOP(
        "Metrics",
        "好评率: 统计期内的评价中, 非常满意、满意、基本满意(好评)所占比例; 不满意、非常不满意为差评。",
    ),
    "sub_scores": QT_TRANSLATE_NOOP(
        "Metrics",
        "分项评分: 统计期内评价的效率、水平、态度三项(1-5分)的平均分。",
    ),
    "bad_review_fix_rate": QT_TRANSLATE_NOOP(
        "Metrics",
        "差评整改率: 统计期内的差评中, 在差评后 15 个工作日内整改完成的比例; 尚未整改且未到期的差评不计入(另列为整改中)。",  # noqa: E501
    ),
    "followups_open": QT_TRANSLATE_NOOP(
        "Metrics",
        "差评整改中: 截止日尚未整改完成的差评件数(其中已超过 15 个工作日的另计为逾期)。",
    ),
    "overdue_open": QT_TRANSLATE_NOOP(
        "Metrics",
        "逾期在办件: 截止日仍在办理中、时限正在计算(未办结、未暂停; 待补正、退回补正、特别程序期间不计)且已过承诺办结日的办件数, 与工作台、办件列表的「逾期」同一口径; 当天到期的不算逾期。已办结但超过承诺时限的不计入, 计为超期办结(按时办结率的分母减分子)。",  # noqa: E501
    ),
    "appointment_show_up": QT_TRANSLATE_NOOP(
        "Metrics",
        "预约履约率: 统计期内的公休日预约中, 群众按约到场的比例(到场 ÷ (到场 + 爽约)); 取消的预约不计入。没有预约的中心不计此项。",  # noqa: E501
    ),
    "mediation_agreement_rate": QT_TRANSLATE_NOOP(
        "Metrics",
        "调解成功率: 统计期内村级办结的人民调解(JY022)中, 达成调解协议的比例。",
    ),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def metric_name(key: str) -> str:
    """A metric's name as every page shows it (``on_time_rate`` → 按时办结率 / On-time rate)."""
    return _tr(METRIC_LABELS[key])


def key_of(name: str) -> str | None:
    """The metric a shown name stands for (the reverse of ``metric_name``)."""
    return next((k for k in METRIC_LABELS if metric_name(k) == name), None)


def period_text(period: Period) -> str:
    """2026年11月 / 2026-11 for a calendar month, else the two days."""
    start, end = period.start, period.end
    if start.day == 1 and end == Period.month(start.year, start.month).end:
        return (
            QCoreApplication.translate("Metrics", "%1年%2月")
            .replace("%1", str(start.year))
            .replace("%2", str(start.month))
        )
    return (
        QCoreApplication.translate("Metrics", "%1 至 %2")
        .replace("%1", start.isoformat())
        .replace("%2", end.isoformat())
    )


def value_text(figures: Metrics, key: str, shown: str) -> str:
    """``shown`` (the value as ``Metrics.rows`` words it) with the words in the UI's language."""
    if key == "followups_open":
        return (
            QCoreApplication.translate("Metrics", "%1 (逾期 %2)")
            .replace("%1", str(figures.followups_open))
            .replace("%2", str(figures.followups_overdue))
        )
    if key == "appointment_show_up" and figures.appointment_show_up is None:
        return QCoreApplication.translate("Metrics", "— (无预约)")
    if key == "sub_scores" and figures.sub_scores:
        return " / ".join(f"{_tr(k)} {v:.2f}" for k, v in figures.sub_scores.items())
    return shown


def rows(figures: Metrics) -> list[tuple[str, str, str]]:
    """``Metrics.rows`` in the UI's language: (key, name, value)."""
    return [(k, metric_name(k), value_text(figures, k, v)) for k, _name, v in figures.rows()]


def definition(key: str) -> str:
    """The metric's definition (name: how it is counted) in the UI's language."""
    text = DEFINITIONS.get(key, "")
    return _tr(text) if text else ""
