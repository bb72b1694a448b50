"""Services behind the desktop app: accounts, preferences, attachments, appointments, service log, first run."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import HOME_VILLAGE
from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError
from villagedesk.domain.lifecycle import EventType, Role
from villagedesk.services import (
    accounts,
    appointments,
    attachments,
    dashboard,
    firstrun,
    preferences,
    queries,
    servicelog,
)
from villagedesk.services.desk import Desk
from villagedesk.services.intake import FormErrors, IntakeForm, register

ID_A = "419001198503120010"
ID_B = "419001199001010027"


def test_account_hash_login_and_wrong_password(desk: Desk) -> None:
    assert not accounts.has_accounts(desk)
    info = accounts.create_account(desk, "lina", "李娜", "secret-123", Role.AGENT, HOME_VILLAGE)
    assert accounts.has_accounts(desk)
    with desk.store.read() as s:
        from villagedesk.db import models as m

        stored = s.get(m.Account, info.id).password_hash
    assert stored.startswith("$argon2id$") and "secret-123" not in stored
    assert accounts.authenticate(desk, "LINA", "secret-123").id == info.id
    assert desk.identity.user_id == info.id
    with pytest.raises(accounts.AuthError, match="登录名或密码错误"):
        accounts.authenticate(desk, "lina", "wrong-pass")
    with pytest.raises(accounts.AuthError):
        accounts.authenticate(desk, "nobody", "secret-123")
    assert accounts.verify_password(desk, info.id, "secret-123")
    assert not accounts.verify_password(desk, info.id, "")
    with pytest.raises(ValidationError, match="已存在"):
        accounts.create_account(desk, "Lina", "李娜", "secret-123", Role.AGENT, HOME_VILLAGE)
    with pytest.raises(ValidationError, match="密码至少"):
        accounts.create_account(desk, "wang", "王伟", "123", Role.AGENT, HOME_VILLAGE)


def test_preferences_roundtrip_and_bad_values(desk: Desk) -> None:
    assert preferences.load(desk) == preferences.Preferences()
    saved = preferences.save(desk, preferences.Preferences("en", 5, "HP LaserJet", "0391-6633123"))
    assert preferences.load(desk) == saved
    with pytest.raises(ValidationError, match="1-240"):
        preferences.save(desk, preferences.Preferences("zh_CN", 0))
    with pytest.raises(ValidationError, match="热线"):
        preferences.save(desk, preferences.Preferences("zh_CN", 10, "", "call me"))
    assert preferences.load(desk).language == "en"


def _case(desk: Desk) -> str:
    return register(desk, IntakeForm("JY001", "张三", ID_A, "13800138000", mandate_signed=True)).case_id


def test_attachment_is_content_addressed_and_recorded(desk: Desk, tmp_path) -> None:
    case_id = _case(desk)
    scan = tmp_path / "户口簿.jpg"
    scan.write_bytes(b"\xff\xd8 fake jpeg bytes" * 10)
    first = attachments.add_file(desk, case_id, scan, "户口簿")
    again = attachments.add_file(desk, case_id, scan, "户口簿")
    assert first.path == desk.paths.blobs / first.sha256[:2] / first.sha256
    assert first.path.read_bytes() == scan.read_bytes() and first.sha256 == again.sha256
    listed = attachments.list_for_case(desk, case_id)
    assert [a.filename for a in listed] == ["户口簿.jpg", "户口簿.jpg"] and listed[0].mime == "image/jpeg"
    types = [t.type for t in queries.detail(desk, case_id).timeline]
    assert types.count(EventType.ATTACHMENT_ADDED.value) == 2
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match="空"):
        attachments.add_file(desk, case_id, empty)
    with pytest.raises(NotFoundError):
        attachments.add_file(desk, "no-such-case", scan)


def test_service_log_records_village_direct_cases(desk: Desk) -> None:
    person = servicelog.Person("王伟", ID_B, "13900139000")
    res = servicelog.record_mediation(desk, servicelog.Mediation(person, ["赵六"], "邻里纠纷", "agreed", "排水沟"))
    row = queries.detail(desk, res.case_id).row
    assert row.status == "completed_in_village" and row.title.startswith("人民调解")
    res2 = servicelog.record_consultation(desk, servicelog.Consultation(person, "低保政策", "讲解了条件", True))
    assert queries.detail(desk, res2.case_id).row.status == "completed_in_village"
    before = queries.count_cases(desk)
    with pytest.raises(FormErrors) as err:
        servicelog.record_mediation(desk, servicelog.Mediation(servicelog.Person("王", "123", ""), [], "", ""))
    fields = err.value.by_field()
    assert {"name", "id_number", "phone", "other_parties", "dispute_type", "outcome"} <= set(fields)
    assert queries.count_cases(desk) == before


def test_appointments_only_on_rest_days_and_arrival_makes_a_case(desk: Desk) -> None:
    saturday = date(2026, 11, 28)
    appt = appointments.book(desk, "张三", "13800138000", "JY001", saturday, "09:30", "带户口簿")
    assert [a.id for a in appointments.upcoming(desk)] == [appt.id]
    with pytest.raises(FormErrors) as err:
        appointments.book(desk, "张三", "13800138000", "JY001", date(2026, 11, 26), "25:00")
    assert set(err.value.by_field()) == {"day", "slot"}
    with pytest.raises(FormErrors):
        appointments.book(desk, "张三", "13800138000", "JY001", date(2026, 11, 21))  # in the past
    result = appointments.arrive(desk, appt.id, IntakeForm("JY001", "张三", ID_A, "13800138000", mandate_signed=True))
    (after,) = appointments.upcoming(desk)
    assert after.status == "arrived" and after.case_id == result.case_id
    with pytest.raises(TransitionError):
        appointments.cancel(desk, appt.id)


def test_dashboard_counts_outbox(desk: Desk) -> None:
    _case(desk)
    board = dashboard.summary(desk)
    assert board.outbox_cases == 1 and board.outbox_events >= 1
    assert board.overdue == [] and board.last_sync == ""


def test_first_run_validates_then_creates_village_and_account(profile) -> None:
    with Desk.open(profile, today=date(2026, 11, 25)) as d:
        assert firstrun.needs_first_run(d)
        bad = firstrun.FirstRun("419001100000", "419001200201", "", "李", "l", "123", "456")
        with pytest.raises(FormErrors) as err:
            firstrun.complete(d, bad)
        assert {"village_code", "display_name", "username", "password", "password_again"} <= set(err.value.by_field())
        assert not d.is_set_up()
        ok = firstrun.FirstRun("419001100000", "419001100207", "东庄村", "李娜", "lina", "secret-123", "secret-123")
        info = firstrun.complete(d, ok)
        assert d.identity.region_code == "419001100207" and d.identity.user_id == info.id
        assert not firstrun.needs_first_run(d)
        from villagedesk.services import catalog

        assert catalog.region_name(d, "419001100207") == "东庄村"


def test_registering_after_demo_continues_case_numbers(desk: Desk) -> None:
    from villagedesk.services import demo

    demo.generate(desk, cases=150, seed=3)
    for _ in range(3):  # today's numbers of this device were used by the demo
        _case(desk)
    assert queries.count_cases(desk) == 153
