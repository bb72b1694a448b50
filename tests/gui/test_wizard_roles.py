"""The wizard's role choice, the account-only wizard after ``setup --role clerk``, ``setup --password``."""

from __future__ import annotations

from tests.conftest import run_cli
from villagedesk.domain.lifecycle import Role
from villagedesk.services import accounts
from villagedesk.services.desk import Desk
from villagedesk.ui.wizard import FirstRunWizard

TOWN = "419001100000"


def test_wizard_sets_up_a_town_clerk(qtbot, profile) -> None:
    with Desk.open(profile) as desk:
        wizard = FirstRunWizard(desk)
        qtbot.addWidget(wizard)
        wizard.show()
        assert wizard.agent_radio.isChecked() and wizard.role() is Role.AGENT
        assert wizard.region_page.title() == "所属村(社区)"
        wizard.clerk_radio.setChecked(True)
        wizard.next()
        assert wizard.currentPage() is wizard.region_page
        assert wizard.region_page.title() == "所属乡镇(街道)"  # issue 14: a clerk picks the town, not a village
        wizard.town.setCurrentIndex(wizard.town.findData(TOWN))
        assert not wizard.village.isVisibleTo(wizard) and not wizard.village_code.isVisibleTo(wizard)
        wizard.next()
        assert "镇中心" in wizard.account_page.title()
        wizard.display_name.setText("王镇")
        wizard.username.setText("wangzhen")
        wizard.password.setText("secret-123")
        wizard.password_again.setText("secret-123")
        wizard.accept()
        wizard.code_dialog.accept()  # the recovery code, shown once
        assert not wizard.isVisible() and wizard.account is not None
        assert desk.identity.role is Role.CLERK and desk.identity.region_code == TOWN
        assert accounts.authenticate(desk, "wangzhen", "secret-123").display_name == "王镇"


def test_after_headless_clerk_setup_the_gui_asks_only_for_the_account(qtbot, tmp_path) -> None:
    target = tmp_path / "town"
    result = run_cli("setup", "--role", "clerk", "--region", TOWN, "--name", "王镇", profile=target)
    assert result.returncode == 0, result.stderr
    with Desk.open(target) as desk:
        wizard = FirstRunWizard(desk)  # what launch() shows on a profile without accounts
        qtbot.addWidget(wizard)
        wizard.show()
        assert len(wizard.pageIds()) == 1, "no village wizard for a profile set up as a town clerk"
        assert "镇中心" in wizard.account_page.title()
        wizard.display_name.setText("王镇")
        wizard.username.setText("wangzhen")
        wizard.password.setText("secret-123")
        wizard.password_again.setText("secret-12")
        wizard.accept()
        assert wizard.isVisible() and wizard.errors["password_again"].text() == "两次输入的密码不一致"
        wizard.password_again.setText("secret-123")
        wizard.accept()
        wizard.code_dialog.accept()
        assert not wizard.isVisible()
        assert desk.identity.role is Role.CLERK and desk.identity.region_code == TOWN
        assert accounts.authenticate(desk, "wangzhen", "secret-123").role == Role.CLERK.value


def test_setup_with_password_creates_the_account(tmp_path) -> None:
    target = tmp_path / "town"
    args = ("setup", "--role", "clerk", "--region", TOWN, "--name", "王镇", "--username", "wangzhen")
    short = run_cli(*args, "--password", profile=target, input="short\n")
    assert short.returncode != 0 and "密码" in short.stderr
    with Desk.open(target) as desk:
        assert not desk.is_set_up()  # a refused password changes nothing
    ok = run_cli(*args, "--password", profile=target, input="secret-123\n")
    assert ok.returncode == 0, ok.stderr
    assert "wangzhen" in ok.stdout and "secret-123" not in ok.stdout + ok.stderr
    with Desk.open(target) as desk:
        info = accounts.authenticate(desk, "wangzhen", "secret-123")
        assert info.role == Role.CLERK.value and desk.identity.region_code == TOWN
