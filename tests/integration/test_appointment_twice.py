"""Office test: ``appointment add 郭大爷 13903895001 JY017 2026-12-05 --slot 09:30`` twice made two bookings,
and an unknown item (JY999) was refused 「请选择办理事项」. The same villager (phone or name) booked again
for the same day, slot and item while the first is still booked is refused with one sentence (exit 2,
nothing written); an unknown item code is named."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import run_cli
from tests.integration.test_appointment_cli import rest_day
from villagedesk.services import appointments
from villagedesk.services.desk import Desk


def test_the_same_booking_twice_is_refused(desk) -> None:
    day = rest_day(desk, date.today() + timedelta(days=1)).isoformat()
    profile = desk.paths.root
    desk.close()
    args = ("appointment", "add", "郭大爷", "13903895001", "JY017", day, "--slot", "09:30")
    first = run_cli(*args, profile=profile)
    assert first.returncode == 0, first.stderr
    again = run_cli(*args, profile=profile)
    assert again.returncode == 2, (again.stdout, again.stderr)
    assert f"郭大爷 已预约 {day} 09:30 办理" in again.stderr and "未重复登记" in again.stderr, again.stderr
    other_phone = run_cli(
        "appointment", "add", "郭大爷", "13903895002", "JY017", day, "--slot", "09:30", profile=profile
    )
    assert other_phone.returncode == 2, other_phone.stderr  # same name, same visit
    later = run_cli("appointment", "add", "郭大爷", "13903895001", "JY017", day, "--slot", "10:30", profile=profile)
    assert later.returncode == 0, later.stderr  # another slot is another visit
    unknown = run_cli("appointment", "add", "郭大爷", "13903895001", "JY999", day, profile=profile)
    assert unknown.returncode == 2 and "没有编码为 JY999 的事项" in unknown.stderr, unknown.stderr
    with Desk.open(profile) as d:
        assert len(appointments.upcoming(d)) == 2
