"""Keeps the pinyin search keys of existing cases in step with the indexing rule.

Search keys are written when a case is first projected; neither ``check --rebuild`` (it compares case
rows) nor the migrations touch them again. When ``domain.search_terms.TERMS_VERSION`` is newer than the
version this profile was indexed with (setting ``search_terms.version``), the ``p:`` keys of every case
are rebuilt from the applicant's name in one transaction, once, when the profile is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from villagedesk.db import models as m
from villagedesk.db import store as st
from villagedesk.domain.search_terms import TERMS_VERSION, initials_readings

if TYPE_CHECKING:  # Desk.open runs this module: a runtime import would be a circle
    from villagedesk.services.desk import Desk

K_VERSION = "search_terms.version"


def reindex_if_stale(desk: Desk) -> int | None:
    """Rebuild the pinyin keys if they were made by an older rule; the number of cases, or None."""
    with desk.store.read() as s:
        if st.get_setting(s, K_VERSION) == str(TERMS_VERSION):
            return None
    with desk.store.write() as s:
        if st.get_setting(s, K_VERSION) == str(TERMS_VERSION):
            return None
        t = m.SearchTerm
        s.execute(delete(t).where(t.term >= "p:", t.term < "p:\U0010ffff"))
        rows = s.execute(select(m.Case.id, m.Case.applicant_name)).all()
        keys = [{"term": f"p:{k}", "case_id": cid} for cid, name in rows for k in initials_readings(name or "")]
        for i in range(0, len(keys), 20_000):
            st.bulk_insert(s, t.__table__, keys[i : i + 20_000], or_ignore=True)
        st.set_setting(s, K_VERSION, str(TERMS_VERSION))
    return len(rows)
