"""``ui/refusal_texts`` is what ``tools/refusal_table`` reads off the ``raise`` statements: a refusal
added to the domain, the services or the sync layer without regenerating it would stay Chinese in
English mode (lupdate would never offer it)."""

from __future__ import annotations

from tools import refusal_table


def test_the_refusal_table_is_the_raise_statements() -> None:
    assert refusal_table.TARGET.read_text("utf-8") == refusal_table.render(), (
        "villagedesk/ui/refusal_texts.py is stale: run python -m tools.refusal_table, then tools.update_translations"
    )


def test_the_table_holds_fixed_sentences_and_shapes() -> None:
    fixed, shaped = refusal_table.sentences()
    assert "移交人和接收人不能是同一人" in fixed  # services/handover
    assert "%1处于「%2」时不能执行「%3」" in shaped  # domain/lifecycle, an f-string by its shape
    assert "该列有数据但没有列名" in fixed  # an import's Problem
