"""The public query link of a case (扫码查询): its check code, and the URL when the town set one.

The base URL reaches this PC as reference data (kind ``public``, see domain/public_settings.py) through
the ordinary pull; the check code needs nothing from anyone (domain/check_code.py), so a receipt printed
offline the day the case is registered carries the same code the server will accept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from villagedesk.db import models as m
from villagedesk.domain import check_code as cc
from villagedesk.domain import public_settings as ps

NO_ADDRESS = "未设置公开查询地址"


@dataclass(frozen=True)
class PublicLink:
    code: str  # 8 characters, printed grouped as XXXX-XXXX
    url: str | None  # None while the town has set no public address

    @property
    def printed_code(self) -> str:
        return cc.grouped(self.code)


def settings(s: Session) -> ps.PublicSettings:
    """The newest public-page settings this PC pulled (none yet: no address)."""
    text = s.scalar(
        select(m.RefData.data)
        .where(m.RefData.kind == ps.REF_KIND, m.RefData.key == ps.REF_KEY)
        .order_by(m.RefData.rseq.desc())
        .limit(1)
    )
    if not text:
        return ps.PublicSettings()
    try:
        return ps.parse(json.loads(text))
    except ValueError:
        return ps.PublicSettings()


def hotline(s: Session, chosen: str = "") -> str:
    """The hotline to print: the agent's own choice (设置, ``print --hotline``), else the one the town
    published for its public page, else 12345 as that page falls back to (``ps.hotline_to_show``)."""
    return ps.hotline_to_show(settings(s).hotline, chosen)


def link_for(s: Session, case_id: str, case_no: str) -> PublicLink:
    code = cc.check_code(case_id)
    base = settings(s).url
    return PublicLink(code, cc.query_url(base, case_no, code) if base else None)
