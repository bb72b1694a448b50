"""An expected refusal (an enrollment to a plain-HTTP address off this PC) is logged at INFO by its type,
without a traceback or its message (the README: no values in logs); an unexpected failure keeps the
scrubbed traceback (frames and types, no messages)."""

from __future__ import annotations

import logging

from tests.gui.test_sync_gui import fresh_desk, win  # noqa: F401 (fixtures)


def test_an_expected_enrollment_refusal_is_logged_without_traceback_or_values(qtbot, win, caplog) -> None:  # noqa: F811
    caplog.set_level(logging.INFO, logger="villagedesk")
    dialog = win.show_enroll()
    dialog.url.setText("http://192.0.2.10:8443")  # plain HTTP to another PC: refused before connecting
    dialog.code.setText("7H8C-WV57-H3ES")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert "https://" in dialog.error.text()
    ours = [r for r in caplog.records if r.name.startswith("villagedesk")]
    assert ours and all(r.levelno < logging.WARNING and r.exc_info is None for r in ours), ours
    logged = "\n".join(r.getMessage() for r in ours)
    assert "明文" not in logged and "Traceback" not in logged and "192.0.2.10" not in logged, logged
    dialog.close()


def test_an_unexpected_failure_keeps_a_scrubbed_traceback(qtbot, caplog) -> None:
    from villagedesk.ui.tasks import TaskRunner

    secret = "".join(["4190011985", "03120010"])  # a value, as a real failure's message holds one

    def broken() -> None:
        raise KeyError(secret)

    runner = TaskRunner()
    caplog.set_level(logging.INFO, logger="villagedesk")
    seen: list[object] = []
    runner.read(broken, on_error=seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    (record,) = [r for r in caplog.records if r.name == "villagedesk.ui.tasks"]
    assert record.levelno == logging.ERROR and record.exc_info is None
    text = record.getMessage()
    assert "builtins.KeyError" in text and "in broken" in text and secret not in text, text
    runner.shutdown()
