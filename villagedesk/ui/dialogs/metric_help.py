"""指标说明: every metric's written definition in one readable panel (the same text as docs/metrics.md,
the exports and the "?" tooltips: all come from ``METRIC_DEFINITIONS``)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from villagedesk.domain.metrics import METRIC_CONVENTIONS, METRIC_DEFINITIONS, METRIC_LABELS


def metric_help_html(keys: list[str] | None = None) -> str:
    """The conventions, then each metric's label in bold and its definition."""
    parts = ["<h3>统计口径</h3><ul>"]
    parts += [f"<li>{escape(c)}</li>" for c in METRIC_CONVENTIONS]
    parts.append("</ul><dl>")
    for key in keys or list(METRIC_DEFINITIONS):
        definition = METRIC_DEFINITIONS[key].split(":", 1)[-1].strip()
        parts.append(f"<dt><b>{escape(METRIC_LABELS[key])}</b></dt><dd>{escape(definition)}</dd>")
    parts.append("</dl>")
    return "".join(parts)


class MetricHelpDialog(QDialog):
    """A non-modal panel the user can keep open beside the figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("指标说明"))
        self.text = QTextBrowser()
        self.text.setHtml(metric_help_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 560)
