"""Control characters in text a device sends (docs/sync-protocol.md, "Text from a device").

No string from a device reaches a database column or another device with a C0 or C1 control character
(U+0000–U+001F, U+007F–U+009F) in it: PostgreSQL refuses NUL outright (one NUL once failed a whole
batch with a 500), and ESC or a bidi override relayed to a clerk's screen is a forgery of what it shows.
Free text (notes, addresses, audit details) may hold a tab and line breaks; identifiers hold none.
"""

from __future__ import annotations

import re

_ANY = re.compile("[\x00-\x1f\x7f-\x9f]")
_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # \t \n \r are text


def has_control(value: str, text: bool = False) -> bool:
    """Whether ``value`` holds a control character; ``text``: tab, LF and CR are allowed (free text)."""
    return (_IN_TEXT if text else _ANY).search(value) is not None


def printable_ascii(value: object, most: int = 64) -> bool:
    """An identifier from a device (a bundle's device id, an enrollment code): 1..``most`` printable
    ASCII characters, no spaces' kin (tab, NUL, ESC)."""
    return type(value) is str and 0 < len(value) <= most and value.isascii() and value.isprintable()
