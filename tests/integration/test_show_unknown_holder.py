"""A material's holder no VillageDesk writes (``custody: "bogus"``, 1, [1], ...) in a case this PC already
stored (an older server let such registrations through, issue 12): ``villagedesk show`` crashed with
程序内部出错 (KeyError in its holder words) and so did the 交接单. Now the holder reads 未知. Real profile,
the event stored through the store's own insert-and-project path, the real CLI."""

from __future__ import annotations

import copy
import dataclasses
import uuid

import pytest

from tests.conftest import run_cli
from tests.integration.test_sync_roundtrip import register
from villagedesk.db import store as st
from villagedesk.domain.lifecycle import EventType
from villagedesk.services.desk import Desk

OTHER_DEVICE = "7c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e"


def stored_with_holder(desk: Desk, holder: object, serial: int = 900) -> tuple[str, str]:
    """A case of this village, pulled before the judge checked holders: its first original held by ``holder``
    (its id and case number)."""
    honest = register(desk, "张伟", "419001198001010014")
    with desk.store.read() as s:
        reg = next(e for e in st.case_events(s, honest) if e.type is EventType.CASE_REGISTERED)
    payload = copy.deepcopy(reg.payload)
    payload["materials"][0]["custody"] = holder
    payload["case_no"] = f"{payload['case_no'][:-3]}{serial}"
    payload["applicant"]["id"] = str(uuid.uuid4())
    pulled = dataclasses.replace(
        reg, id=str(uuid.uuid4()), case_id=str(uuid.uuid4()), payload=payload, device=OTHER_DEVICE, server_seq=serial
    )
    with desk.store.write() as s:
        st.insert_events(s, [pulled])
        st.reproject(s, desk.calendar, pulled.case_id, desk.today())
    return pulled.case_id, payload["case_no"]


@pytest.mark.parametrize("holder", ["bogus", 1, True, [1], {"x": 1}], ids=["text", "number", "bool", "list", "object"])
def test_show_names_an_unknown_holder_and_does_not_crash(desk: Desk, profile, holder) -> None:
    _case, number = stored_with_holder(desk, holder)
    desk.close()
    out = run_cli("show", number, profile=profile)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "程序内部出错" not in out.stdout + out.stderr
    assert "原件保管: " in out.stdout and "(未知)" in out.stdout, out.stdout
    out = run_cli("show", number, "--json", profile=profile)
    assert out.returncode == 0, out.stderr
    assert '"unknown"' in out.stdout
