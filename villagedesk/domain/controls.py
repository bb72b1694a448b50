"""Control characters in text a device sends (docs/sync-protocol.md, "Text from a device").

No string from a device reaches a database column or another device with a C0 or C1 control character
(U+0000–U+001F, U+007F–U+009F) or a bidi control (U+202A–U+202E, U+2066–U+2069) in it: PostgreSQL
refuses NUL outright (one NUL once failed a whole batch with a 500), and ESC, a bare CR or a bidi
override relayed to a clerk's screen is a forgery of what it shows. Free text (notes, addresses, audit
details) may hold a tab, LF and CRLF; identifiers hold none.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what a terminal
# or a label shows (a note could make ``villagedesk show`` print another case's words), so they count too.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_ANY = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
# In free text a tab, LF and CRLF are text; a CR alone (it returns a terminal's cursor to overwrite the
# line) is not. CRLF is kept as sent, not rewritten.
_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]|\r(?!\n)")


def has_control(value: str, text: bool = False) -> bool:
    """Whether ``value`` holds a control character (bidi controls included); ``text``: tab, LF and CRLF
    are allowed (free text), a bare CR is not."""
    return (_IN_TEXT if text else _ANY).search(value) is not None


def printable_ascii(value: object, most: int = 64) -> bool:
    """An identifier from a device (a bundle's device id, an enrollment code): 1..``most`` printable
    ASCII characters, no spaces' kin (tab, NUL, ESC)."""
    return type(value) is str and 0 < len(value) <= most and value.isascii() and value.isprintable()
