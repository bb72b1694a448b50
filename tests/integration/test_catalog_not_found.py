"""An item the catalog lacks and one that takes effect later get different, true messages (the office
was told "不存在或尚未生效" for an item it had just been sent, and looked for a typing error)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import TODAY
from tests.flows import register
from villagedesk.db import models as m
from villagedesk.domain.errors import NotFoundError
from villagedesk.services import catalog


def _publish_later(desk, code: str, starts: date) -> None:
    """A copy of JY012 under ``code``, in effect from ``starts`` (as a synced catalog brings it)."""
    with desk.store.write() as s:
        row = s.scalars(select(m.ServiceItem).where(m.ServiceItem.code == "JY012")).first()
        values = {c.key: getattr(row, c.key) for c in m.ServiceItem.__table__.columns if c.key != "id"}
        s.add(m.ServiceItem(**{**values, "code": code, "version": 1, "effective_from": starts}))


def test_an_item_not_in_effect_yet_says_from_when(desk) -> None:
    _publish_later(desk, "JY901", date(2027, 1, 1))
    with pytest.raises(NotFoundError) as caught:
        register(desk, "JY901")
    assert "自 2027-01-01 起生效" in str(caught.value) and TODAY.isoformat() in str(caught.value)
    assert "不存在" not in str(caught.value)


def test_an_unknown_item_says_the_catalog_has_none(desk) -> None:
    with pytest.raises(NotFoundError) as caught:
        catalog.item(desk, "JY999")
    assert "没有编码为 JY999 的事项" in str(caught.value) and "生效" not in str(caught.value)


def test_an_unknown_version_is_named(desk) -> None:
    with pytest.raises(NotFoundError) as caught:
        catalog.item(desk, "JY012", version=99)
    assert "没有第 99 版" in str(caught.value)
