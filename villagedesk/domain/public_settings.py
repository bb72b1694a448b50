"""The public page's settings (公开查询): the base URL, the hotline and each village agent's phone.

The town sets them on the server (``villagedesk-server public-page``); they travel to every PC as a
reference-data row of kind ``public`` (key ``page``), the newest row winning. ``parse`` is what both
sides read with: it never raises, and drops whatever a hostile or older server sent that does not fit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from villagedesk.domain.check_code import BadBaseUrl, check_base_url

REF_KIND = "public"
REF_KEY = "page"
_PHONE = re.compile(r"^[0-9][0-9-]{2,19}$")  # 12345, 0391-12345678, 13812345678
_VILLAGE = re.compile(r"^\d{12}$")
MAX_AGENTS = 5000
DEFAULT_HOTLINE = "12345"  # 政务服务便民热线: shown wherever the town published none


@dataclass(frozen=True)
class PublicSettings:
    url: str | None = None  # None: no public address (the receipt says so)
    hotline: str = ""
    agents: dict[str, str] = field(default_factory=dict)  # village code → agent's phone

    def to_json(self) -> dict:
        return {"url": self.url, "hotline": self.hotline, "agents": dict(sorted(self.agents.items()))}


def hotline_to_show(published: str = "", chosen: str = "") -> str:
    """The one hotline a villager is given, on the public page and on every printed form alike: the
    agent's own choice where there is one (``print --hotline``, 设置), else the town's published one,
    else 12345."""
    return (chosen or "").strip() or (published or "").strip() or DEFAULT_HOTLINE


def check_phone(text: str, what: str = "电话") -> str:
    """A hotline or an agent's work phone: digits and dashes, 3-20 characters."""
    value = (text or "").strip().replace(" ", "")
    if not _PHONE.fullmatch(value):
        raise ValueError(f"{what}应为 3-20 位数字(可含 -), 如 12345 或 0391-1234567: {text!r}")
    return value


def parse(data: object) -> PublicSettings:
    """The settings a reference row carries; anything malformed is left out, never raised."""
    if not isinstance(data, dict):
        return PublicSettings()
    url = data.get("url")
    try:
        url = check_base_url(url) if isinstance(url, str) and url else None
    except BadBaseUrl:
        url = None
    hotline = data.get("hotline")
    hotline = hotline if isinstance(hotline, str) and _PHONE.fullmatch(hotline) else ""
    agents: dict[str, str] = {}
    raw = data.get("agents")
    if isinstance(raw, dict):
        for village, phone in list(raw.items())[:MAX_AGENTS]:
            ok = isinstance(village, str) and isinstance(phone, str) and _VILLAGE.fullmatch(village)
            if ok and _PHONE.fullmatch(phone):
                agents[village] = phone
    return PublicSettings(url, hotline, agents)
