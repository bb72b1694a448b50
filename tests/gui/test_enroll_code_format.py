"""The enrollment dialog checks the code's format (12 letters and digits of the server's alphabet,
``server.auth.create_code``) before connecting: `zz` is a typo to say so, not a network error."""

from __future__ import annotations

import socket

from tests.gui.test_sync_gui import fresh_desk, win  # noqa: F401 (fixtures)
from villagedesk.sync import protocol


def test_a_code_of_the_wrong_shape_is_refused_before_connecting(qtbot, win) -> None:  # noqa: F811
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens: connecting would end in 无法连接
    dialog = win.show_enroll()
    dialog.url.setText(f"http://127.0.0.1:{port}")
    for typed in ("zz", "7H8C-WV57-H3E0", "7H8C-WV57-H3ESX"):
        dialog.error.show_error("")
        dialog.code.setText(typed)
        dialog.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
        text = dialog.error.text()
        assert "注册码格式不对" in text and "无法连接" not in text, (typed, text)
    assert protocol.well_formed_code("7h8c wv57-h3es")  # case, spaces and dashes as the server takes them
    dialog.close()
