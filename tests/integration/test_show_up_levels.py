"""The 预约履约率 of a town and a city counts their villages' bookings (#17/#12): an arrived booking (到访)
is kept, so a town whose one booking arrived reads 100%, not 「— (无预约)」, on the town's comparison
and on the city's (and so in the town's report to the city). A real migrated profile: the village books
and records the arrival, then the same profile is set up as the town's clerk and as the city's."""

from __future__ import annotations

from datetime import date

from tests.conftest import HOME_VILLAGE
from villagedesk.domain.lifecycle import Role
from villagedesk.domain.metrics import Period, Ratio
from villagedesk.services import appointments, catalog, intake, metrics

TOWN, CITY = "419001100000", "419001000000"
MONTH = Period.month(2026, 11)


def test_an_arrived_booking_counts_at_the_town_and_the_city(desk) -> None:
    booked = appointments.book(desk, "孙丽", "13800138000", "JY001", date(2026, 11, 28))
    missed = appointments.book(desk, "王五", "13800138001", "JY001", date(2026, 11, 29))
    desk._today = date(2026, 11, 30)
    plan = catalog.plan(desk, "JY001")
    form = intake.IntakeForm(
        item_code="JY001",
        name="孙丽",
        id_number="419001199002020024",
        phone="13800138000",
        mandate_signed=True,
        materials={m.name: intake.MaterialState("have") for m in plan.materials},
    )
    appointments.arrive(desk, booked.id, form)
    assert metrics.village(desk, HOME_VILLAGE, MONTH).appointment_show_up == Ratio(1, 1)
    appointments.no_show(desk, missed.id)
    assert metrics.village(desk, HOME_VILLAGE, MONTH).appointment_show_up == Ratio(1, 2)

    desk.setup(Role.CLERK, TOWN, "镇中心")
    town = metrics.town(desk, TOWN, MONTH)
    assert town.total.appointment_show_up == Ratio(1, 2)
    assert town.villages[HOME_VILLAGE].appointment_show_up == Ratio(1, 2)
    other = next(code for code in town.villages if code != HOME_VILLAGE)
    assert town.villages[other].appointment_show_up is None  # a village without bookings: no figure

    desk.setup(Role.CITY, CITY, "市民之家")
    city = metrics.city(desk, CITY, MONTH)
    assert city.total.appointment_show_up == Ratio(1, 2)
    assert city.villages[TOWN].appointment_show_up == Ratio(1, 2)
    assert city.villages["419001101000"].appointment_show_up is None
