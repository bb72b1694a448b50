"""The check code (查询码) printed on a receipt, and the public query URL built from it.

The receipt is printed offline at registration, so the PC must compute the code without asking the
server; the server must know it too, for every case including those registered before this existed.
Both hold the case's ``case_id`` (a random UUID4 made on the PC, never printed or shown to a villager),
so the code is derived from it: SHA-256 over a domain-separation tag and the id, the first 40 bits
written as 8 Crockford base32 characters. The case number alone (printed, readable, sequential) tells
nothing about it; guessing means 2^40 tries against a per-address rate limit. Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import quote, urlsplit

from villagedesk.domain.case_numbers import CROCKFORD

TAG = b"villagedesk/check-code/v1\x00"  # domain separation: this digest serves no other purpose
LENGTH = 8  # characters: 40 bits
MAX_URL = 200  # a base URL longer than this cannot be a QR code on an 80 mm roll
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def check_code(case_id: str) -> str:
    """The 8-character code of a case (upper case Crockford base32, no I, L, O, U)."""
    digest = hashlib.sha256(TAG + case_id.strip().lower().encode("utf-8")).digest()
    bits = int.from_bytes(digest[:5], "big")
    return "".join(CROCKFORD[(bits >> (5 * (LENGTH - 1 - i))) & 31] for i in range(LENGTH))


def normalise(text: str) -> str:
    """What a villager typed, in canonical form: upper case, spaces and dashes dropped, O→0, I/L→1."""
    return "".join(ch for ch in text.upper() if ch not in " -\t").translate(_TYPO)


def matches(case_id: str, given: str) -> bool:
    """Whether ``given`` is the case's code; compared in constant time (no early exit on a prefix)."""
    wanted = check_code(case_id).encode("ascii")
    candidate = normalise(given[:64]).encode("utf-8", "replace")
    return hmac.compare_digest(wanted, candidate)


def grouped(code: str) -> str:
    """``7K3Q-M9XD``: how the code is printed and read out."""
    return f"{code[:4]}-{code[4:]}"


class BadBaseUrl(ValueError):
    """The public base URL an administrator gave cannot be used (message in Chinese)."""


def check_base_url(url: str) -> str:
    """The public base URL as stored: http(s), a host, no query or fragment, no trailing slash."""
    text = (url or "").strip()
    if not text or len(text) > MAX_URL or not text.isprintable() or " " in text:
        raise BadBaseUrl(f"公开查询地址应为不超过 {MAX_URL} 个字符的网址, 如 https://town.example.cn")
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http"):
        raise BadBaseUrl("公开查询地址须以 https:// 或 http:// 开头")
    if not parts.hostname or parts.username or parts.password:
        raise BadBaseUrl("公开查询地址须含主机名, 且不能含用户名或密码")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise BadBaseUrl("公开查询地址不能含查询参数(?…)或锚点(#…)")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise BadBaseUrl("公开查询地址的端口无效") from None
    return text.rstrip("/")


def query_url(base: str, case_no: str, code: str) -> str:
    """``https://town.example.cn/q/100201-261128-AN001?k=7K3QM9XD``: what the receipt's QR holds."""
    return f"{base.rstrip('/')}/q/{quote(case_no, safe='')}?k={code}"
