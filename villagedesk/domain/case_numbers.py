"""Case numbers (办件编号) unique without coordination, short enough to read out on the phone.

Format ``TTTVVV-YYMMDD-DDNNN``: town and village (last 6 meaningful digits of the village code), the
registration date, the device tag (2 Crockford base32 characters: no I, L, O, U to mishear) and the
device's own sequence for that day. Two devices of one village differ in their tags (the server gives
each enrolling PC a tag no other PC of its village holds), one device never repeats a sequence, so no
two cases share a number.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CASE_NO = re.compile(r"^(\d{6})-(\d{6})-([0-9A-HJKMNP-TV-Z]{2})(\d{3,})$")


def new_device_tag() -> str:
    return "".join(secrets.choice(CROCKFORD) for _ in range(2))


def is_device_tag(value: object) -> bool:
    return isinstance(value, str) and len(value) == 2 and all(c in CROCKFORD for c in value)


def village_part(village_code: str) -> str:
    """The 6 digits after the city prefix: town (3) + village (3) of a 12-digit code."""
    if len(village_code) != 12 or not village_code.isdigit():
        raise ValueError(f"village code must be 12 digits: {village_code!r}")
    return village_code[6:12]


def case_no_prefix(village_code: str, day: date, device_tag: str) -> str:
    """Every case number this device issues on ``day`` starts with this (the sequence follows)."""
    return f"{village_part(village_code)}-{day:%y%m%d}-{device_tag}"


def format_case_no(village_code: str, day: date, device_tag: str, seq: int) -> str:
    if not is_device_tag(device_tag):
        raise ValueError(f"bad device tag {device_tag!r}")
    if seq < 1:
        raise ValueError("sequence starts at 1")
    return f"{village_part(village_code)}-{day:%y%m%d}-{device_tag}{seq:03d}"


def normalise(text: str) -> str:
    """What a person typed or said, in canonical form: upper case, O→0, I/L→1, spaces dropped."""
    text = "".join(text.split()).upper()
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"}))


def is_case_no(text: str) -> bool:
    return bool(CASE_NO.match(normalise(text)))
