"""A pulled page is applied with the cyclic collector held off, and the collector is always given back.

Applying a page allocates tens of thousands of short-lived objects that reference counting frees; with
the collector on, every 700 of them started a collection (about 140 per 8,000 pulled events, 40–200 ms
of the pull's CPU on the sync benchmark). The pause covers one reply, so what it leaves is collected
right after.
"""

from __future__ import annotations

import gc
import threading

import pytest

from tests.integration.test_sync_roundtrip import VILLAGE_A, register, sync
from villagedesk.db import store
from villagedesk.sync.gcpause import gc_paused


def test_a_pulled_page_is_applied_with_the_collector_off_and_it_is_on_again_after(enrolled, monkeypatch) -> None:
    a = enrolled("a", VILLAGE_A)
    b = enrolled("b", VILLAGE_A)
    for name, id_number in (
        ("王𠮷", "419001198001010014"),
        ("欧阳·娜", "419001199207070076"),
        ("李四", "419001199002020024"),
    ):
        register(a, name, id_number)
    sync(a)
    seen: list[bool] = []
    insert_events = store.insert_events

    def watched(session, events, *args, **kwargs):  # observes the real insert; changes nothing
        seen.append(gc.isenabled())
        return insert_events(session, events, *args, **kwargs)

    monkeypatch.setattr(store, "insert_events", watched)
    assert gc.isenabled()
    result = sync(b)
    assert result.pulled >= 3
    assert seen and not any(seen)  # the old code applied the page with the collector on
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error_and_after_nested_and_concurrent_pauses() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("a page that could not be applied")
    assert gc.isenabled()
    inside, release = threading.Event(), threading.Event()

    def other_thread() -> None:
        with gc_paused():
            inside.set()
            release.wait(10)

    t = threading.Thread(target=other_thread)
    t.start()
    inside.wait(10)
    with gc_paused(), gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's page is still being applied
    release.set()
    t.join(10)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_program_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
