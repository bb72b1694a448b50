"""The public page in a real browser: Debian's chromium driven by selenium through chromium-driver, at a
phone's viewport, for every state a villager can see, a wrong code, an unknown case and another town's
case; screenshots are written (VILLAGEDESK_SCREENSHOTS=DIR keeps them) to be looked at.

In CI (CI=true) a missing chromium, chromium-driver or selenium fails the test; elsewhere it skips.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.integration.public_world import STATES, TOWN, VILLAGE, every_state, register, sync
from tests.integration.server_harness import running_server
from villagedesk.domain import check_code as cc
from villagedesk.domain.lifecycle import State
from villagedesk.domain.villager_view import STATE_WORDS, mask_name
from villagedesk.sync import engine

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
OTHER_TOWN_VILLAGE = "419001101201"  # a village of 五龙口镇, whose PCs sync with another server
PHONE_W, PHONE_H = 390, 844
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def _need_browser() -> None:
    missing = [n for n, p in (("chromium", CHROMIUM), ("chromium-driver", DRIVER)) if p is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if missing:
        why = f"{', '.join(missing)} not installed (apt-get install chromium chromium-driver; the test extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture
def browser(tmp_path: Path, monkeypatch):
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # selenium-manager must never fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.add_argument("--lang=zh-CN")
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": PHONE_W, "height": PHONE_H, "pixelRatio": 2.0}}
    )
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


def _folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VILLAGEDESK_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _open(driver, url: str) -> dict:
    driver.get(url)
    return driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "return {size: n.decodedBodySize, resources: performance.getEntriesByType('resource').length,"
        " scroll: document.documentElement.scrollWidth, width: window.innerWidth,"
        " state: document.querySelector('.state').textContent, title: document.title,"
        " text: document.body.innerText, scripts: document.scripts.length};"
    )


@pytest.fixture
def desks(make_desk):
    def make(name: str, srv, region: str, role: str = "agent"):
        desk = make_desk(name)
        engine.enroll(desk, srv.url, srv.code(region, role, name))
        return desk

    return make


def test_every_state_in_a_phone_browser(browser, desks, tmp_path: Path) -> None:
    shots = _shots(tmp_path)
    with running_server("sqlite", _folder(tmp_path / "town")) as srv:
        agent, clerk = desks("李娜", srv, VILLAGE), desks("王镇", srv, TOWN, "clerk")
        cases = every_state(agent, clerk)
        assert set(cases) == set(STATES)
        for state, case in cases.items():
            code = cc.check_code(case.case_id)
            page = _open(browser, f"{srv.url}/q/{case.case_no}?k={code}")
            headline = STATE_WORDS[State(state)][0]
            assert page["title"] == "办理进度查询" and page["state"] == headline, state
            assert mask_name(case.name) in page["text"] and case.name not in page["text"], state
            assert case.id_number not in page["text"] and case.id_number[-4:] not in page["text"]
            assert page["size"] < 20 * 1024 and page["resources"] == 0 and page["scripts"] == 0
            assert page["scroll"] <= page["width"] == PHONE_W, f"{state}: wider than the phone"
            assert "12345" in page["text"] and "李娜" in page["text"]
            if state in ("awaiting_materials", "returned"):
                assert "还缺这些材料" in page["text"]
            browser.save_screenshot(str(shots / f"public-{state}.png"))
        case = cases["accepted"]
        wrong = _open(browser, f"{srv.url}/q/{case.case_no}?k={cc.check_code(cases['closed'].case_id)}")
        unknown = _open(browser, f"{srv.url}/q/100201-261125-ZZ999?k={cc.check_code(case.case_id)}")
        for page in (wrong, unknown):
            assert page["state"] == "未找到" and page["title"] == "未找到" and case.name not in page["text"]
        browser.save_screenshot(str(shots / "public-not-found.png"))


def test_another_towns_case_is_not_found_here(browser, desks, tmp_path: Path) -> None:
    with (
        running_server("sqlite", _folder(tmp_path / "a")) as here,
        running_server("sqlite", _folder(tmp_path / "b")) as there,
    ):
        ours = desks("ours", here, VILLAGE)
        theirs = desks("theirs", there, OTHER_TOWN_VILLAGE)
        mine, other = register(ours, 0), register(theirs, 1)
        sync(ours)
        sync(theirs)
        code = cc.check_code(other.case_id)
        assert _open(browser, f"{here.url}/q/{other.case_no}?k={code}")["state"] == "未找到"
        assert _open(browser, f"{there.url}/q/{other.case_no}?k={code}")["state"] == STATE_WORDS[State.REGISTERED][0]
        mine_code = cc.check_code(mine.case_id)
        assert _open(browser, f"{there.url}/q/{mine.case_no}?k={mine_code}")["state"] == "未找到"
