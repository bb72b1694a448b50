"""English everywhere, the refusals too (issue 14): every refusal code the server can answer with and
every refusal sentence the domain, the services and the sync layer raise (validation, an action, a
handover, an import, a backup) reaches the window in English. They were Chinese: the server's message
was shown as it came («服务器拒绝了请求 (HTTP 403): 只有镇中心的设备可以…»), and only the twenty
sentences ``ui/error_words`` kept by hand were translated.

The server's codes are listed from the server's code itself (every ``http_io.error(status, "code", …)``,
FastAPI's own refusals, the enrollment's codes and the judge's ``rej`` codes), so a new code the desk
does not word fails here; the domain's sentences come from ``ui/refusal_texts``, which
``tests/unit/test_refusal_table.py`` keeps equal to the ``raise`` statements."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from tests.gui.conftest import settle
from tests.gui.test_english_every_page import chinese_on
from tests.gui.test_english_pages import CJK, english  # noqa: F401 (the fixture)
from tests.integration.test_rosters import EXCEL_ROUNDED, HEADERS, PEOPLE, TITLE, make, rid, roster_rows
from villagedesk.domain import judge
from villagedesk.domain.errors import FIELD_WORDS, TransitionError, ValidationError
from villagedesk.domain.lifecycle import EventType, Role, State, next_state
from villagedesk.server import app as server_app
from villagedesk.server import auth
from villagedesk.services import importer
from villagedesk.sync import engine
from villagedesk.sync.transport import ServerRefused
from villagedesk.ui import advice, refusal_texts
from villagedesk.ui.error_words import error_text, refusal_text

SERVER = Path(server_app.__file__).parent
SERVER_MESSAGE = "服务器自己的中文说明"  # what the server says beside its code: Chinese, whatever the desk's language


def server_codes() -> set[str]:
    """Every refusal code the server answers with, read from its code."""
    codes: set[str] = set()
    for path in SERVER.glob("*.py"):
        codes |= set(re.findall(r'http_io\.error\(\s*[^,()]+,\s*"([a-z_]+)"', path.read_text("utf-8")))
    codes |= {code for code, _message in server_app._HTTP_ERRORS.values()}
    codes |= {"bad_request"}  # _http_error's fallback
    codes |= {auth.EnrollRefused("").code, auth.DEVICE_TAKEN, auth.VILLAGE_FULL}  # app.enroll: exc.code
    return codes


JUDGE_CODES = {judge.MALFORMED, judge.PAYLOAD, judge.CLOCK, judge.PARTITION}
JUDGE_CODES |= {judge.UNKNOWN_CASE, judge.DUPLICATE_CASE, judge.TRANSITION}


def test_the_walk_lists_the_servers_codes() -> None:
    codes = server_codes()  # a walk over a list the regex failed to read would prove nothing
    assert {"quota", "partition", "forbidden", "sha_mismatch", "other_town", "device_taken"} <= codes, codes
    assert len(codes) >= 25, codes


@pytest.mark.parametrize("status", [403, 409, 429])
def test_every_server_refusal_code_is_worded_in_english(qtbot, english, window, status) -> None:  # noqa: F811
    """Each code as the sync page shows a run it ended (the controller's finished run), as the enroll,
    bundle and audit boxes word a refusal (``for_error``), and as a refused event's reason."""
    missing = sorted(server_codes() - set(advice.SERVER_CODES))
    assert not missing, f"server refusal codes the desk does not word: {missing}"
    window.go(window.sync_panel)
    settle(qtbot, window)
    found = {}
    for code in sorted(server_codes()):
        refused = ServerRefused(status, code, SERVER_MESSAGE)
        code_name, args = engine.error_reason(refused)
        result = engine.SyncResult(error=engine._reason(refused), error_code=code_name, error_args=args)
        window.sync._done(result)
        settle(qtbot, window)
        shown = [window.sync_panel.result_label.text(), advice.for_error(refused)]
        found.update((code, text) for text in shown if CJK.search(text))
    assert not found, found


def test_an_unknown_code_shows_the_servers_own_sentence(english) -> None:  # noqa: F811
    """A newer server's code the desk does not know: its own sentence is all there is to show."""
    refused = ServerRefused(403, "a_code_from_a_newer_server", SERVER_MESSAGE)
    assert SERVER_MESSAGE in advice.for_error(refused)
    assert advice.for_code(*engine.error_reason(refused)).endswith(SERVER_MESSAGE)
    assert advice.rejected_text(f"{SERVER_MESSAGE} [unheard_of]") == SERVER_MESSAGE


def test_a_refused_events_reason_is_worded_in_english(english) -> None:  # noqa: F811
    """The case page's 「同步: 被服务器拒收 — …」: the judge's sentence when the desk knows it, else its code."""
    known = "事件时间比服务器快一天以上, 请检查电脑时钟"
    assert not CJK.search(advice.rejected_text(f"{known} [clock]")), advice.rejected_text(f"{known} [clock]")
    for code in sorted(JUDGE_CODES):
        text = advice.rejected_text(f"{SERVER_MESSAGE} [{code}]")
        assert not CJK.search(text), (code, text)


def _filled(template: str) -> str:
    return re.sub(r"%\d", "7", template)


# the example of an action's JSON field on the command line is a rubric's own item (data): 效率
DATA_IN_SENTENCES = ("效率",)


def test_every_domain_refusal_sentence_is_worded_in_english(english) -> None:  # noqa: F811
    """Each fixed sentence and each f-string's shape (its values filled in) of every ``raise`` in the
    domain, the services and the sync layer, and every field a ValidationError names."""
    found = []
    for sentence in (*refusal_texts.FIXED, *map(_filled, refusal_texts.SHAPES)):
        text = error_text(sentence)
        for word in DATA_IN_SENTENCES:
            text = text.replace(word, "")
        if CJK.search(text):
            found.append(f"{sentence} -> {text}")
    for field in FIELD_WORDS:
        text = refusal_text(ValidationError(field, "此项不能为空"))
        if CJK.search(text):
            found.append(f"{field} -> {text}")
    assert len(refusal_texts.FIXED) > 200 and len(refusal_texts.SHAPES) > 100  # the table was read
    assert not found, found


def test_a_refused_step_names_its_state_and_action_in_english(english) -> None:  # noqa: F811
    """The lifecycle's refusal is a shape whose values are a state's and an action's names: worded too."""
    with pytest.raises(TransitionError) as refused:
        next_state(State.CLOSED, EventType.SUBMITTED, Role.AGENT)
    text = refusal_text(refused.value)
    assert "办件处于" in str(refused.value) and not CJK.search(text), text
    assert "Closed" in text, text


def test_refusals_on_the_appointments_page_are_english(qtbot, english, window) -> None:  # noqa: F811
    """A service's refusal on a page: 登记爽约 on an appointment whose day has not come."""
    from datetime import timedelta

    from villagedesk.services import appointments

    day = window.desk.today() + timedelta(days=1)
    while day.weekday() < 5:
        day += timedelta(days=1)
    appointments.book(window.desk, "张伟", "13812340001", "JY017", day)
    window.go(window.appointments)
    settle(qtbot, window)
    page = window.appointments
    page.refresh()
    settle(qtbot, page)
    page.table.setCurrentIndex(page.model.index(0, 0))
    page._no_show()
    settle(qtbot, window)
    text = page.message.text()
    assert text and not CJK.search(text), text  # was 预约日期未到, 不能登记爽约


def roster_with_errors(path: Path, headless: bool = False) -> tuple[Path, list[str]]:
    """A roster as a village office makes it, with a row of every kind of problem; and its data."""
    bad_check = rid("41900119700305", "015")[:-1] + "0"
    people = [
        *PEOPLE,
        ("刘芳", "女", EXCEL_ROUNDED, "13812340009", "四组"),  # rounded by Excel
        ("赵六", "男", bad_check, "13812340010", "五组"),  # a wrong check digit
        ("钱七", "男", rid("41900119800101", "017"), "123", "=1+1"),  # a wrong phone, a formula
        PEOPLE[0],  # the first row again
    ]
    file = make("xlsx", path, roster_rows(people))
    if headless:
        book = openpyxl.load_workbook(file)
        book.active.cell(row=4, column=len(HEADERS) + 1, value="没有列名的数据")  # data under no header
        book.save(file)
    sheet = openpyxl.load_workbook(file).active
    data = [*HEADERS, TITLE, "没有列名的数据"]
    for row in sheet.iter_rows(values_only=True):
        data += [str(v) for v in row if v is not None]
    return file, sorted({d for d in data if CJK.search(d)}, key=len, reverse=True)


def test_roster_import_dialog_in_english(qtbot, english, window, tmp_path: Path) -> None:  # noqa: F811
    """从表格导入 with a real .xlsx full of problems, an unreadable file and a good import, in English: the
    columns' meanings, each row's problems, the notes and the summary are English; the file's own
    headers, names and cells are data."""
    window.go(window.cases)
    dialog = window.cases.open_import()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_preview()  # no file yet
    assert dialog.error.text() and not CJK.search(dialog.error.text()), dialog.error.text()

    bad, data = roster_with_errors(tmp_path / "bad")
    dialog.path.setText(str(bad))
    dialog.item.setText("jy017")
    dialog.load_preview()
    settle(qtbot, window)
    assert dialog.table.rowCount() >= 7, dialog.summary.text()
    problems = dialog.table.columnCount() - 1
    assert any(dialog.table.item(r, problems).text() for r in range(dialog.table.rowCount()))
    assert not chinese_on(dialog, data), chinese_on(dialog, data)

    unnamed, more = roster_with_errors(tmp_path / "unnamed", headless=True)  # a column's problem: nothing read
    dialog.path.setText(str(unnamed))
    dialog.load_preview()
    settle(qtbot, window)
    assert "8" in dialog.summary.text() and not chinese_on(dialog, more), chinese_on(dialog, more)  # was 第8列

    headless = tmp_path / "headless.csv"
    headless.write_text("一,二\n三,四\n", "utf-8")
    for broken in (headless, tmp_path / "nothing.xlsx"):
        if broken.suffix == ".xlsx":
            broken.write_bytes(b"not a workbook at all")
        dialog.path.setText(str(broken))
        dialog.load_preview()
        settle(qtbot, window)
        # a file without a header is told the columns to name, as the file must name them: in Chinese
        expected = [c.header for c in importer.COLUMNS]
        words = sorted({*data, *expected, "一", "二", "三", "四"}, key=len, reverse=True)
        assert not chinese_on(dialog, words), (broken.name, chinese_on(dialog, words))

    dialog.path.setText(str(make("gb18030", tmp_path / "good", roster_rows())))
    dialog.mandate.setChecked(True)
    dialog.load_preview()
    settle(qtbot, window)
    assert dialog.ok.isEnabled(), dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.ok.click()
    settle(qtbot, window)
    summary = dialog.summary.text()
    assert "3" in summary and not CJK.search(summary), summary  # was 导入完成: 共 3 行, 已登记 3 件办件


def test_in_chinese_the_servers_own_sentence_is_shown_for_a_known_code(qapp) -> None:
    """Chinese mode: the server's message carries detail the desk's sentence lacks (how long a quota waits),
    so it is shown as sent; in English the desk's translated sentence stands in for it."""
    detail = "本设备今日上传已达上限, 请于 3 小时后再试"
    assert advice.server_refusal("quota", detail) == detail
    assert advice.server_refusal("quota", "") == advice.SERVER_CODES["quota"]


def test_in_english_a_known_code_is_the_desks_translated_sentence(english) -> None:  # noqa: F811
    text = advice.server_refusal("quota", "本设备今日上传已达上限, 请于 3 小时后再试")
    assert text and not CJK.search(text), text
