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
