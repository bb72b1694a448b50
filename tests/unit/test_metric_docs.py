"""The user-readable metric definitions and the code's are the same text."""

from __future__ import annotations

from tests.conftest import ROOT
from villagedesk.domain.metrics import METRIC_DEFINITIONS
from villagedesk.domain.star_rating import DEFAULT_RUBRIC, parse_rubric


def test_docs_carry_every_definition_verbatim() -> None:
    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    for key, definition in METRIC_DEFINITIONS.items():
        assert f"**{key}** — {definition}" in text


def test_default_rubric_is_valid_and_covers_known_metrics() -> None:
    rubric = parse_rubric(DEFAULT_RUBRIC)
    assert rubric.total == 100
    assert {c.key for c in rubric.metric} <= set(METRIC_DEFINITIONS)


def test_docs_carry_the_conventions_the_help_panel_shows() -> None:
    from villagedesk.domain.metrics import METRIC_CONVENTIONS

    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    for line in METRIC_CONVENTIONS:
        assert f"- {line}" in text
