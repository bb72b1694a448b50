"""The receipt names the village in words (issue 14, item 5): the seed regions stopped at towns, so a
desk in 419001100201 printed 「419001100201便民服务站」. The seed now carries illustrative villages, and the
wizard finds a village by its name or its pinyin initials, in any town of the list."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TODAY
from tests.gui.test_printing import register
from villagedesk.cli import main
from villagedesk.services import catalog
from villagedesk.services.desk import Desk
from villagedesk.ui.wizard import FirstRunWizard


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_printed_receipt_names_the_village(desk, profile: Path, tmp_path: Path) -> None:
    case_no = register(desk, "王芳", 23, item="JY006", have=True)
    village = catalog.region_name(desk, desk.identity.region_code)
    desk.close()
    out = tmp_path / "r.pdf"
    assert main(["--profile", str(profile), "print", case_no, "--pdf", str(out)]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert village == "石槽沟村"
    assert "石槽沟村便民服务站" in flat and "419001100201便民服务站" not in flat


def test_the_wizard_finds_a_village_by_pinyin_initials_in_any_town(qtbot, tmp_path: Path) -> None:
    with Desk.open(tmp_path / "fresh", today=TODAY) as desk:
        wizard = FirstRunWizard(desk)
        qtbot.addWidget(wizard)
        wizard.show()
        wizard.town.setCurrentIndex(wizard.town.findData("419001100000"))  # 克井镇; 南荣村 is in 轵城镇
        qtbot.keyClicks(wizard.village_search, "nrc")
        assert wizard.village.currentText().startswith("南荣村")
        assert wizard.town.currentData() == "419001102000"
        assert wizard.village_code.text() == "419001102202" and not wizard.village_code.isEnabled()
        wizard.village_search.clear()
        wizard.village_search.setText("枣庙")  # typed through an input method: committed as text
        assert wizard.village.currentText().startswith("枣庙村") and wizard.town.currentData() == "419001100000"
        assert wizard.form().village_code == "419001100202"


def test_the_towns_published_villages_replace_the_illustrative_ones(desk) -> None:
    """A seed village is an example: the region list the town publishes (pulled by sync) names it for
    real, and the seed never takes a published name back."""
    with desk.store.write() as s:
        catalog.load_regions(s, [{"code": "419001100201", "name": "东马庄村", "level": "village"}])
        catalog.load_regions(s, [{"code": "419001100201", "name": "石槽沟村", "level": "village"}], illustrative=True)
    assert catalog.region_name(desk, "419001100201") == "东马庄村"
