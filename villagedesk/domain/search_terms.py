"""Search keys for a case: what an agent types to find it, pre-computed at write time.

SQLite's trigram FTS cannot find 2-character names (``张三``), the common case in villages, so cases are
indexed by their own keys: every 1- and 2-character piece of the applicant's name, the pinyin initials
(``zs``), the ID number reversed (so an ID *tail* becomes a *prefix*), and the case number. All lookups
are then index range scans, whatever the table size.

A name is indexed under every reading of its polyphones (长 zhang/chang: ``z`` and ``c``), and the
surname under its 百家姓 reading, which is often not the common one: 单 shàn, 曾 zēng, 解 xiè, 仇 qiú,
朴 piáo, 区 ōu. ``TERMS_VERSION`` names this rule: profiles indexed by an older one are re-indexed
when opened (``services.search_index``).
"""

from __future__ import annotations

import functools
import itertools
import math

from villagedesk.domain.validators import MIDDLE_DOT

TERMS_VERSION = 3  # 1: one reading per name; 2: every reading, surnames by their 百家姓 reading; 3: RARE_INITIALS
MAX_READINGS = 32  # initials variants kept per name (a four-character name of polyphones has ~80)
# The reading of a character *as a surname* where it differs from its common one (initial letters).
SURNAME_INITIALS = {
    "单": "s", "曾": "z", "解": "x", "仇": "q", "朴": "p", "区": "o", "查": "z", "盖": "g", "覃": "q",
    "乐": "y", "繁": "p", "缪": "m", "秘": "b", "种": "c", "员": "y", "召": "s", "祭": "z", "翟": "z",
    "折": "s", "隗": "w", "阚": "k", "宓": "f", "尉": "w", "句": "g", "能": "n", "燕": "y", "洗": "x",
}  # fmt: skip
# Name characters outside pypinyin's tables (it drops them, so 王𠮷 was found by "w" and never by "wj"),
# by the reading of the character they are a variant of.
RARE_INITIALS = {"𠮷": "j"}  # 𠮷, the 吉 (jí) of many ID cards
COMPOUND_SURNAMES = {"万俟": "mq", "单于": "cy", "长孙": "zs", "尉迟": "yc", "澹台": "tt", "令狐": "lh"}


@functools.lru_cache(maxsize=65536)
def pinyin_initials(name: str) -> str:
    """``zs`` for 张三 (cached: names repeat a lot and pypinyin is slow)."""
    # Imported on first use: pypinyin's phrase tables take about a second to load, which the desktop
    # app should not pay at start-up (the first registration or pinyin search pays it, off the GUI thread).
    from pypinyin import Style, lazy_pinyin

    def rare(chars: str) -> list[str]:
        return [RARE_INITIALS.get(c, "") for c in chars]

    letters = lazy_pinyin(name.replace(MIDDLE_DOT, ""), style=Style.FIRST_LETTER, errors=rare)
    return "".join(x[:1] for x in letters).lower()


@functools.lru_cache(maxsize=8192)
def _char_initials(ch: str) -> tuple[str, ...]:
    """Every initial letter a character is read with, the most common first ("" when it has no pinyin)."""
    from pypinyin import Style, pinyin

    if ch in RARE_INITIALS:
        return (RARE_INITIALS[ch],)
    readings = pinyin(ch, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    letters = [r[:1].lower() for r in readings[0]] if readings else []
    return tuple(dict.fromkeys(x for x in letters if x.isascii() and x.isalpha()))


@functools.lru_cache(maxsize=65536)
def initials_readings(name: str) -> tuple[str, ...]:
    """Every pinyin-initials spelling of ``name`` (at most MAX_READINGS): the surname's 百家姓 reading
    first, then every reading of each polyphone."""
    chars = [c for c in name if c not in (MIDDLE_DOT, " ")]
    options: list[tuple[str, ...]] = []
    rest = chars
    compound = "".join(chars[:2])
    if compound in COMPOUND_SURNAMES:
        options += [
            (letter, *_char_initials(ch)) for letter, ch in zip(COMPOUND_SURNAMES[compound], chars[:2], strict=True)
        ]
        rest = chars[2:]
    elif chars:
        surname = SURNAME_INITIALS.get(chars[0], "")
        options.append(tuple(x for x in (surname, *_char_initials(chars[0])) if x))
        rest = chars[1:]
    options += [_char_initials(c) for c in rest]
    options = [tuple(dict.fromkeys(o)) for o in options if o]
    out: dict[str, None] = {}
    if math.prod(len(o) for o in options) > MAX_READINGS:  # capped: keep the contextual reading for sure
        out[pinyin_initials(name)] = None  # (otherwise the product holds it; pypinyin's phrase pass is slow)
    for combo in itertools.product(*options):
        if len(out) >= MAX_READINGS:
            break
        out["".join(combo)] = None
    return tuple(k for k in out if k)


def name_grams(name: str) -> set[str]:
    chars = [c for c in name if c not in (MIDDLE_DOT, " ")]
    grams = set(chars)
    grams.update(a + b for a, b in itertools.pairwise(chars))
    return grams


def terms_for(name: str, id_number: str, case_no: str) -> set[str]:
    """Prefixed keys: ``n:`` name pieces, ``p:`` pinyin initials, ``r:`` reversed ID, ``c:`` case number."""
    keys = {f"n:{g}" for g in name_grams(name)}
    keys.update(f"p:{initials}" for initials in initials_readings(name))
    if id_number:
        keys.add(f"r:{id_number[::-1]}")
    if case_no:
        keys.add(f"c:{case_no}")
        keys.add(f"s:{case_no.split('-')[-1]}")
    return keys
