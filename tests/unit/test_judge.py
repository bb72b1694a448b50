"""The domain's judge (domain/judge.py): what no device may put into the shared log, event by event and
against the case's history. The server and the client both run it (tests/security drives it over HTTP)."""

from __future__ import annotations

import itertools
import uuid

import pytest

from villagedesk.domain import judge as dj
from villagedesk.domain.events import Event
from villagedesk.domain.hlc import HybridClock
from villagedesk.domain.lifecycle import EventType, Role, State

E = EventType
VILLAGE, OTHER = "419001100201", "419001100202"
NOW_MS = 1_795_000_000_000  # 2026-11-17
HLC = f"{NOW_MS:013d}-00000-dev1"
_TICKS = itertools.count(1)


def _stamp() -> str:
    """A stamp after every earlier one (as a desk's HLC stamps its events): one millisecond on each."""
    return f"{NOW_MS + next(_TICKS):013d}-00000-dev1"


def ev(t: EventType, case: str, payload: dict, role: Role = Role.AGENT, prev=(), partition=VILLAGE, **kw) -> Event:
    return Event(
        id=kw.get("id", str(uuid.uuid4())),
        case_id=case,
        type=t,
        payload=payload,
        author="u1",
        device="d1",
        role=role,
        partition=partition,
        hlc=kw["hlc"] if "hlc" in kw else _stamp(),
        prev=tuple(prev),
    )


def registration(case: str, number: str = "100201-261117-0X001") -> Event:
    applicant = {"name": "王涛", "id": APPLICANT_ID, "village_code": "419001100201"}
    payload = {"case_no": number, "item_code": "JY017", "applicant": applicant, "materials": []}
    return ev(E.CASE_REGISTERED, case, payload)


APPLICANT_ID = "6f1f7c52-3b7e-4d3c-9a52-0d6f0e0c1a11"


@pytest.mark.parametrize(
    "payload, why",
    [
        ({"text": float("nan")}, "NaN"),
        ({"text": "ok", "n": float("inf")}, "无穷"),
        ({"text": "\ud800"}, "代理码位"),
        ({"text": "x" * 30_000}, "过长"),
        ({"text": "ok", "deep": [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]}, "嵌套"),
        ({"text": "ok", "many": list(range(6000))}, "过多"),
    ],
)
def test_strict_json_refused(payload, why) -> None:
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(ev(E.NOTE_ADDED, str(uuid.uuid4()), payload), NOW_MS)
    assert info.value.code == dj.PAYLOAD and why in info.value.message


@pytest.mark.parametrize("spelling", [str.upper, lambda u: u.replace("-", ""), lambda u: "{" + u + "}"])
def test_only_the_canonical_spelling_of_an_id(spelling) -> None:
    case = str(uuid.uuid4())
    good = ev(E.NOTE_ADDED, case, {"text": "备注"})
    dj.check_event(good, NOW_MS)
    bad = ev(E.NOTE_ADDED, case, {"text": "备注"}, id=spelling(str(uuid.uuid4())))
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(bad, NOW_MS)
    assert info.value.code == dj.MALFORMED


@pytest.mark.parametrize("wall_ms", [0, 86_400_000, 9_999_999_999_999, NOW_MS + 2 * 86_400_000])
def test_clock_outside_the_window(wall_ms) -> None:
    e = ev(E.NOTE_ADDED, str(uuid.uuid4()), {"text": "备注"}, hlc=f"{wall_ms:013d}-00000-dev1")
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(e, NOW_MS)
    assert info.value.code == dj.CLOCK
    dj.check_event(e, NOW_MS, clock=False)  # a client applying what the server already judged


def test_clock_a_few_hours_fast_is_taken() -> None:
    e = ev(
        E.NOTE_ADDED, str(uuid.uuid4()), {"text": "备注"}, hlc=HybridClock("d", None, lambda: NOW_MS + 3600_000).now()
    )
    dj.check_event(e, NOW_MS)


@pytest.mark.parametrize(
    "payload",
    [
        {"item": "x"},  # the payload that once stopped every sync of a town
        {"case_no": "", "item_code": "JY017"},
        {"case_no": "100202-261117-0X001", "item_code": "JY017"},  # another village's number
        {"case_no": "100201-261117-0X001"},
        {"case_no": "100201-261117-0X001", "item_code": "JY017", "applicant": "王涛"},
        {"case_no": "100201-261117-0X001", "item_code": "JY017", "promised_days": -3},
    ],
)
def test_registration_needs_its_number_and_item(payload) -> None:
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(ev(E.CASE_REGISTERED, str(uuid.uuid4()), payload), NOW_MS)
    assert info.value.code == dj.PAYLOAD


@pytest.mark.parametrize(
    "etype, payload",
    [
        (E.DECIDED, {"outcome": "maybe"}),
        (E.DECIDED, {}),
        (E.NOTE_ADDED, {"text": 5}),
        (E.NOTE_ADDED, {}),
        (E.WITHDRAWN, {"reason": ""}),
        (E.EXTENSION_GRANTED, {"days": 1000, "reason": "x"}),
        (E.DELIVERED, {"method": "carrier pigeon", "signer": "王涛"}),
        (E.EVALUATED, {"level": "great"}),
    ],
)
def test_action_payloads_follow_the_apps_rules(etype, payload) -> None:
    with pytest.raises(dj.Refusal) as info:
        dj.check_event(ev(etype, str(uuid.uuid4()), payload, role=Role.CLERK), NOW_MS)
    assert info.value.code == dj.PAYLOAD


def test_ledger_partition_is_fixed_by_registration() -> None:
    case = str(uuid.uuid4())
    reg = registration(case)
    ledger = dj.CaseLedger(case, [reg])
    with pytest.raises(dj.Refusal) as info:
        ledger.admit(ev(E.WITHDRAWN, case, {"reason": "x"}, prev=[reg.id], partition=OTHER))
    assert info.value.code == dj.PARTITION
    assert ledger.view is not None and ledger.view.state is State.REGISTERED


def test_ledger_refuses_events_of_unknown_cases_and_second_registrations() -> None:
    case = str(uuid.uuid4())
    with pytest.raises(dj.Refusal) as info:
        dj.CaseLedger(case).admit(ev(E.SUBMITTED, case, {}))
    assert info.value.code == dj.UNKNOWN_CASE
    ledger = dj.CaseLedger(case, [registration(case)])
    with pytest.raises(dj.Refusal) as info:
        ledger.admit(registration(case, "100201-261117-0X002"))
    assert info.value.code == dj.DUPLICATE_CASE


def test_ledger_checks_the_transition_where_the_author_stood() -> None:
    case = str(uuid.uuid4())
    reg = registration(case)
    ledger = dj.CaseLedger(case, [reg])
    with pytest.raises(dj.Refusal) as info:  # a decision on a case never submitted
        ledger.admit(ev(E.DECIDED, case, {"outcome": "approved"}, role=Role.CLERK, prev=[reg.id]))
    assert info.value.code == dj.TRANSITION
    sub = ev(E.SUBMITTED, case, {}, prev=[reg.id])
    ledger.admit(sub)
    acc = ev(E.ACCEPTED, case, {}, role=Role.CLERK, prev=[sub.id])
    ledger.admit(acc)
    # concurrent: the village withdraws having seen only the submission, the town decides after accepting
    withdraw = ev(E.WITHDRAWN, case, {"reason": "不办了"}, prev=[sub.id])
    decide = ev(E.DECIDED, case, {"outcome": "approved"}, role=Role.CLERK, prev=[acc.id])
    ledger.admit(decide)
    ledger.admit(withdraw)  # legal where its author stood: kept, and the case is in conflict
    assert ledger.view is not None and ledger.view.conflict


def test_conflict_resolution_only_to_a_state_an_event_led_to() -> None:
    case = str(uuid.uuid4())
    reg = registration(case)
    sub = ev(E.SUBMITTED, case, {}, prev=[reg.id])
    acc = ev(E.ACCEPTED, case, {}, role=Role.CLERK, prev=[sub.id])
    withdraw = ev(E.WITHDRAWN, case, {"reason": "不办了"}, prev=[acc.id])
    decide = ev(E.DECIDED, case, {"outcome": "denied", "reason": "不符合条件"}, role=Role.CLERK, prev=[acc.id])
    ledger = dj.CaseLedger(case, [reg, sub, acc, withdraw, decide])
    assert ledger.view is not None and ledger.view.conflict
    heads = sorted(ledger.heads)
    forged = ev(E.CONFLICT_RESOLVED, case, {"state": "approved", "reason": "x"}, role=Role.CLERK, prev=heads)
    with pytest.raises(dj.Refusal) as info:  # 准予 with no decision anywhere
        ledger.admit(forged)
    assert info.value.code == dj.TRANSITION
    village = ev(E.CONFLICT_RESOLVED, case, {"state": "withdrawn", "reason": "x"}, prev=heads)
    with pytest.raises(dj.Refusal):  # the village alone cannot overturn the town's decision
        ledger.admit(village)
    assert dj.resolution_choices(ledger.view, ledger.events, Role.AGENT) == []
    choices = dj.resolution_choices(ledger.view, ledger.events, Role.CLERK)
    assert set(choices) <= {State.DENIED, State.WITHDRAWN} and len(choices) == 2
    resolve = {"state": "denied", "reason": "以镇中心决定为准"}
    ledger.admit(ev(E.CONFLICT_RESOLVED, case, resolve, role=Role.CLERK, prev=heads))
    assert ledger.view.state is State.DENIED and not ledger.view.conflict


def test_a_flood_of_stale_notes_is_judged_in_linear_time() -> None:
    """15,000 notes naming only the registration once held the server's write lock for minutes."""
    import time

    case = str(uuid.uuid4())
    reg = registration(case)
    ledger = dj.CaseLedger(case, [reg])
    first = ev(E.NOTE_ADDED, case, {"text": "备注"}, prev=[reg.id])
    ledger.admit(first)
    t0 = time.process_time()
    for _ in range(3000):
        ledger.admit(ev(E.NOTE_ADDED, case, {"text": "备注"}, prev=[reg.id]))
    small = time.process_time() - t0
    assert small < 5, f"3,000 stale notes took {small:.1f} s of CPU"
    assert ledger.view is not None and ledger.view.event_count == 3002


@pytest.mark.parametrize(
    "payload",
    [
        {"at": "9999-12-31"},
        {"at": "0001-01-01"},
        {"at": "2026-02-30"},
        {"at": 20261201},
    ],
)
def test_action_dates_are_real_days_near_now(payload) -> None:
    with pytest.raises(dj.Refusal):
        dj.check_event(ev(E.NOTE_ADDED, str(uuid.uuid4()), {"text": "备注", **payload}), NOW_MS)


@pytest.mark.parametrize(
    "payload",
    [
        {"sha256": "../../../../tmp/pwn", "size": 10},
        {"sha256": "A" * 64, "size": 10},
        {"sha256": "c" * 64, "size": -1},
        {"sha256": "c" * 64, "size": 10**15},
        {"sha256": "c" * 64, "size": 10, "filename": "../x.jpg"},
    ],
)
def test_attachment_events_name_a_real_scan(payload) -> None:
    with pytest.raises(dj.Refusal):
        dj.check_event(ev(E.ATTACHMENT_ADDED, str(uuid.uuid4()), payload), NOW_MS)


def test_registration_number_date_and_unit_are_real() -> None:
    for number, extra in (("100201-261399-0X001", {}), ("100201-261117-0X001", {"limit_unit": "fortnights"})):
        payload = {"case_no": number, "item_code": "JY017", **extra}
        with pytest.raises(dj.Refusal):
            dj.check_event(ev(E.CASE_REGISTERED, str(uuid.uuid4()), payload), NOW_MS)
    with pytest.raises(dj.Refusal):  # 5.7 MB spread over many strings
        dj.check_event(ev(E.NOTE_ADDED, str(uuid.uuid4()), {"text": "x", "pad": ["y" * 10_000] * 10}), NOW_MS)


def test_resolution_refused_when_there_is_no_conflict() -> None:
    case = str(uuid.uuid4())
    reg = registration(case)
    ledger = dj.CaseLedger(case, [reg])
    with pytest.raises(dj.Refusal):
        ledger.admit(ev(E.CONFLICT_RESOLVED, case, {"state": "approved"}, prev=[reg.id]))


def test_a_remembered_verdict_is_the_verdict_of_the_same_payload_only() -> None:
    """``ContentVerdicts`` judges each distinct payload of a batch once: an equal payload gets the same
    verdict (a refusal stays a refusal), a registration's verdict is never lent to another village,
    and a payload that differs in one character is judged on its own."""
    from villagedesk.domain.events import canonical_json

    verdicts = dj.ContentVerdicts(NOW_MS)

    def check(e: Event) -> None:
        verdicts.check(e, canonical_json(e.payload))

    bad = {"text": "ok", "at": "2026-13-40"}
    for _ in range(2):
        with pytest.raises(dj.Refusal, match="日期"):
            check(ev(E.NOTE_ADDED, str(uuid.uuid4()), bad))
    check(ev(E.NOTE_ADDED, str(uuid.uuid4()), {"text": "ok", "at": "2026-11-17"}))
    reg = registration(str(uuid.uuid4()))
    check(reg)
    elsewhere = ev(E.CASE_REGISTERED, str(uuid.uuid4()), reg.payload, partition=OTHER)
    with pytest.raises(dj.Refusal, match="登记村"):
        check(elsewhere)
    with pytest.raises(dj.Refusal):  # the same text under another type: judged by that type's rules
        check(ev(E.CUSTODY_CHANGED, str(uuid.uuid4()), {"text": "ok", "at": "2026-11-17"}))


def test_the_latest_day_follows_the_judges_clock() -> None:
    """The day limit is kept per clock reading: a later reading (the next day) moves it on."""
    day = 24 * 3600 * 1000
    first = dj.latest_day(NOW_MS)
    assert dj.latest_day(NOW_MS + day) == first + dj.timedelta(days=1)
    assert dj.latest_day(NOW_MS) == first


def test_an_event_naming_a_note_without_prev_sees_what_the_note_saw() -> None:
    """A note that names no event (no ``r``) is judged against the case as it stands; an event naming that
    note had therefore seen the whole case too. It was judged against the note alone (state 新建) and a
    submission after a third-party client's note was refused as a transition."""
    case = str(uuid.uuid4())
    ledger = dj.CaseLedger(case)
    reg = registration(case)
    ledger.admit(reg)
    later = f"{NOW_MS + 60_000:013d}-00000-dev9"  # written after the registration (the projection orders roots by HLC)
    note = ev(E.NOTE_ADDED, case, {"text": "电话联系过申请人"}, hlc=later)  # no prev
    ledger.admit(note)
    then = f"{NOW_MS + 60_001:013d}-00000-dev9"  # and after the note it names
    ledger.admit(ev(E.SUBMITTED, case, {}, prev=(note.id,), hlc=then))
    assert ledger.view.state is State.SUBMITTED and not ledger.view.conflict
    with pytest.raises(dj.Refusal) as info:  # still judged where its author stood: registered
        ledger.admit(ev(E.ACCEPTED, case, {}, Role.CLERK, prev=(note.id,), hlc=then))
    assert info.value.code == dj.TRANSITION and "登记" in info.value.message


def test_promised_limit_is_the_catalogs_of_any_version() -> None:
    """``check_promise``: the server's judge and the desk's intake hold a registration to the promised
    limits its code has in the catalog documents (every version; a bundle its own)."""
    from villagedesk.domain.catalog import Checklists

    names = Checklists()
    names.add({"items": [{"code": "JY005", "promised_days": 20, "limit_unit": "working_days"}],
               "bundles": [{"code": "BZ", "items": ["JY005"], "promised_days": 7}]})  # fmt: skip
    names.add({"items": [{"code": "JY005", "promised_days": 15, "limit_unit": "working_days"}]})
    for ok in ({"item_code": "JY005", "promised_days": 20}, {"item_code": "JY005", "promised_days": 15},
               {"item_code": "BZ", "promised_days": 7, "limit_unit": "working_days"},
               {"item_code": "XX", "promised_days": 3}):  # fmt: skip
        dj.check_promise(ok, names.limits)
    for bad in ({"item_code": "JY005", "promised_days": 1}, {"item_code": "JY005"},
                {"item_code": "JY005", "promised_days": 20, "limit_unit": "natural_days"},
                {"item_code": "JY005", "promised_days": 20.0}, {"item_code": "BZ", "promised_days": 20}):  # fmt: skip
        with pytest.raises(dj.Refusal) as info:
            dj.check_promise(bad, names.limits)
        assert info.value.code == dj.PAYLOAD and "承诺时限与事项目录不符" in info.value.message
