"""Cadre test, finding 4: the close dialog said to click "Save registration" while the button reads "Save
case" (the sentence's English was written apart from the button's). A sentence that names a button
takes the button's own text: the close and logout questions put in the buttons' texts themselves, and
every English sentence that tells to click 「X」 names X as X's own English reads."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.gui.conftest import settle
from tests.gui.test_english_pages import english  # noqa: F401 (the fixture)

TS = Path(__file__).resolve().parents[2] / "resources" / "translations" / "villagedesk_en.ts"
CLICK = re.compile(r"[点按]「([^「」%]+)」")


def _strip(text: str) -> str:
    return re.sub(r"[\"“”'‘’「」]", "", text).casefold()


def test_every_sentence_names_a_button_by_its_english_text() -> None:
    messages = [
        (m.findtext("source") or "", m.findtext("translation") or "")
        for m in ET.parse(TS).getroot().iter("message")
        if (m.find("translation").get("type") or "") not in ("vanished", "obsolete")  # no longer in the code
    ]
    english_of: dict[str, set[str]] = {}
    for source, translation in messages:
        english_of.setdefault(source, set()).add(translation)
    wrong = []
    for source, translation in messages:
        for name in CLICK.findall(source):
            own = english_of.get(name)
            if own and not any(_strip(t.rstrip(".…")) in _strip(translation) for t in own):
                wrong.append(f"{source!r} → {translation!r}: the button reads {sorted(own)}")
    assert not wrong, "\n".join(wrong)


def test_the_close_question_names_the_save_button(qtbot, english, window) -> None:  # noqa: F811
    window.go(window.intake)
    settle(qtbot, window)
    window.intake.applicant.name.setText("王芳")
    window.close()
    box = window.confirmation
    detail = box.informativeText()
    assert window.intake.save_button.text() in detail and box.cancel_button.text() in detail, detail
    box.reject()
