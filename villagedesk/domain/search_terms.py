"""Search keys for a case: what an agent types to find it, pre-computed at write time.

SQLite's trigram FTS cannot find 2-character names (``张三``), the common case in villages, so cases are
indexed by their own keys: every 1- and 2-character piece of the applicant's name, the pinyin initials
(``zs``), the ID number reversed (so an ID *tail* becomes a *prefix*), and the case number. All lookups
are then index range scans, whatever the table size.
"""

from __future__ import annotations

import functools
import itertools

from villagedesk.domain.validators import MIDDLE_DOT


@functools.lru_cache(maxsize=65536)
def pinyin_initials(name: str) -> str:
    """``zs`` for 张三 (cached: names repeat a lot and pypinyin is slow)."""
    # Imported on first use: pypinyin's phrase tables take about a second to load, which the desktop
    # app should not pay at start-up (the first registration or pinyin search pays it, off the GUI thread).
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(name.replace(MIDDLE_DOT, ""), style=Style.FIRST_LETTER, errors="ignore")
    return "".join(x[:1] for x in letters).lower()


def name_grams(name: str) -> set[str]:
    chars = [c for c in name if c not in (MIDDLE_DOT, " ")]
    grams = set(chars)
    grams.update(a + b for a, b in itertools.pairwise(chars))
    return grams


def terms_for(name: str, id_number: str, case_no: str) -> set[str]:
    """Prefixed keys: ``n:`` name pieces, ``p:`` pinyin initials, ``r:`` reversed ID, ``c:`` case number."""
    keys = {f"n:{g}" for g in name_grams(name)}
    initials = pinyin_initials(name)
    if initials:
        keys.add(f"p:{initials}")
    if id_number:
        keys.add(f"r:{id_number[::-1]}")
    if case_no:
        keys.add(f"c:{case_no}")
        keys.add(f"s:{case_no.split('-')[-1]}")
    return keys
