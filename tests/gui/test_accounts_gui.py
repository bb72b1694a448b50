"""设置 → 人员账号 and the login's person list, on the real window offscreen. Fails on the old code:
the settings page had no accounts and the login only a typed name."""

from __future__ import annotations

from tests.gui.conftest import PASSWORD, USERNAME, settle
from villagedesk.services import accounts, audit
from villagedesk.ui.login import LoginDialog


def _select(box, username: str) -> None:
    for i in range(box.people.count()):
        if username in box.people.item(i).text():
            box.people.setCurrentRow(i)
            return
    raise AssertionError(username)


def test_add_pick_at_login_and_stop_a_person(qtbot, window, gui_desk) -> None:
    window.go(window.settings)
    settle(qtbot, window)
    dialog = window.settings.open_accounts()
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    box = dialog.box
    assert box.people.count() == 1 and USERNAME in box.people.item(0).text()

    box.username.setText("wangqiang")
    box.display_name.setText("王强")
    box.password.setText("secret-2")
    box.password_again.setText("secret-3")
    box.add_button.click()
    assert box.status.text() == "两次输入的密码不一致" and box.people.count() == 1
    box.password_again.setText("secret-2")
    box.add_button.click()
    settle(qtbot, window)
    assert "已添加 王强" in box.status.text() and "恢复码: " in box.status.text()
    assert box.people.count() == 2 and box.password.text() == ""

    box.username.setText(USERNAME)  # taken: the sentence beside the box, nothing added
    box.display_name.setText("李娜")
    box.password.setText("secret-9")
    box.password_again.setText("secret-9")
    box.add_button.click()
    settle(qtbot, window)
    assert box.status.text() == "该登录名已存在" and box.people.count() == 2

    login = LoginDialog(gui_desk)  # the login lists both people; picking one fills the name
    qtbot.addWidget(login)
    login.show()
    login.person.setCurrentIndex(login.person.findData("wangqiang"))
    assert login.username.text() == "wangqiang"
    login.password.setText("secret-2")
    login.try_login()
    assert login.account is not None and login.account.display_name == "王强"
    assert gui_desk.identity.user == "王强"

    _select(box, "wangqiang")
    box.deactivate_button.click()
    settle(qtbot, window)
    assert "已停用 王强" in box.status.text()
    assert [a.active for a in accounts.accounts(gui_desk) if a.username == "wangqiang"] == [False]
    _select(box, USERNAME)
    box.deactivate_button.click()
    settle(qtbot, window)
    assert "最后一个可登录的账号" in box.status.text()
    assert accounts.authenticate(gui_desk, USERNAME, PASSWORD).username == USERNAME
    kinds = [action for _at, _who, action, _d in audit.log_rows(gui_desk)]
    assert kinds.count("account_add") == 2 and "account_deactivate" in kinds


def test_a_stopped_person_is_brought_back_with_the_button(qtbot, window, gui_desk) -> None:
    """恢复所选账号 (fails on the old code: the box had no such button and a stop was for ever)."""
    accounts.add_person(gui_desk, "wangqiang", "王强", "secret-2")
    accounts.deactivate(gui_desk, "wangqiang")
    window.go(window.settings)
    settle(qtbot, window)
    dialog = window.settings.open_accounts()
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    box = dialog.box
    assert any("王强" in box.people.item(i).text() and "已停用" in box.people.item(i).text()
               for i in range(box.people.count()))  # fmt: skip
    _select(box, USERNAME)
    box.reactivate_button.click()
    settle(qtbot, window)
    assert "无需恢复" in box.status.text()
    _select(box, "wangqiang")
    box.reactivate_button.click()
    settle(qtbot, window)
    assert "已恢复 王强" in box.status.text()
    assert not any("已停用" in box.people.item(i).text() for i in range(box.people.count()))
    login = LoginDialog(gui_desk)
    qtbot.addWidget(login)
    login.show()
    assert login.person.findData("wangqiang") >= 0  # the login lists him again
    login.person.setCurrentIndex(login.person.findData("wangqiang"))
    login.password.setText("secret-2")
    login.try_login()
    assert login.account is not None and login.account.display_name == "王强"
    kinds = [action for _at, _who, action, _d in audit.log_rows(gui_desk)]
    assert "account_reactivate" in kinds
