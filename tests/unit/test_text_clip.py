"""``text_width.clip``: a list entry cut by display width (汉字 two columns, · one), never mid-character,
the mark after it; the whole text is what a tooltip beside it holds."""

from __future__ import annotations

from villagedesk.domain.text_width import clip, display_width


def test_a_text_that_fits_is_whole() -> None:
    assert clip("JY001 生育登记", 28) == "JY001 生育登记"
    assert clip("吉祥·阿依古丽", 13) == "吉祥·阿依古丽"


def test_a_longer_text_is_cut_within_the_width_with_the_mark() -> None:
    text = "JY019 城乡居民养老保险丧葬补助/个人账户余额继承"
    cut = clip(text, 28)
    assert cut.endswith("…") and text.startswith(cut[:-1])
    assert display_width(cut) <= 28
    assert cut == "JY019 城乡居民养老保险丧葬…"


def test_a_cut_never_ends_on_the_name_separator() -> None:
    assert clip("阿卜杜热合曼·买买提艾力", 14) == "阿卜杜热合曼…"
    assert clip("\U00020bb7祥·阿依古丽", 8) == "\U00020bb7祥·阿…"  # 𠮷 is one character, two columns
    assert clip("\U00020bb7祥·阿依古丽", 6) == "\U00020bb7祥…"
