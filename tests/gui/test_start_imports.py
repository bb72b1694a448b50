"""What the GUI thread imports before the first screen of cases on an agent's window: not the sync
client (``sync.engine`` with its transport, attachments and quarantine; the first sync job imports it on
a worker thread), not the town's or the city's pages and services. Each of these is GUI-thread time
between the click and a usable window (docs/performance.md, "Start-up with 200,000 cases").

A fresh interpreter is the only place to see first imports, so the window starts in a child process on
a copy of the demo profile, as ``villagedesk`` starts it, with a finder on ``sys.meta_path`` that notes
each module first imported on the main thread."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.gui.conftest import PASSWORD, USERNAME

REPO = Path(__file__).resolve().parents[2]

# Not on an agent's start path, and each of them pulls in more (sync.engine: requests, the attachment
# phase, the quarantine; the audit reader: sync.engine; the city pages: services.city).
NOT_AT_START = (
    "villagedesk.sync.engine",
    "villagedesk.sync.transport",
    "requests",
    "villagedesk.sync.audit_view",
    "villagedesk.ui.pages.audit_page",
    "villagedesk.ui.pages.city_pages",
    "villagedesk.ui.pages.town_pages",
    "villagedesk.services.city",
)

CHILD = r"""
import json, sys, threading, time

MAIN = []

class Noter:
    def find_spec(self, name, path=None, target=None):
        if threading.current_thread() is threading.main_thread():
            MAIN.append(name)
        return None

sys.meta_path.insert(0, Noter())

from villagedesk.services import accounts, preferences
from villagedesk.services.desk import Desk
from PySide6.QtWidgets import QApplication
from villagedesk.ui.main_window import MainWindow

app = QApplication([])
desk = Desk.open(sys.argv[1])
account = accounts.authenticate(desk, sys.argv[2], sys.argv[3])
win = MainWindow(desk, account, preferences.load(desk))
win.go(win.cases)
win.show()
model = win.cases.model
end = time.monotonic() + 60
while not (model.rowCount() > 0 and model.index(0, 1).data() not in (None, "…")):
    app.processEvents()
    if time.monotonic() > end:
        raise SystemExit("no first screen")
    time.sleep(0.005)
first_screen = list(MAIN)
while not win.runner.idle() and time.monotonic() < end:
    app.processEvents()
    time.sleep(0.005)
print(json.dumps({"first_screen": first_screen, "all": sorted(sys.modules)}))
win.ask_before_close = False
win.close()
desk.close()
"""


def test_agent_window_first_screen_imports_no_sync_client_nor_office_pages(demo_template: Path, tmp_path: Path) -> None:
    """Fails on the old code: the case list imported ``sync.engine`` for the sync states of its rows,
    the sync controller for its retry policy, and the main window every role's pages."""
    profile = tmp_path / "profile"
    shutil.copytree(demo_template, profile)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(profile), USERNAME, PASSWORD],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    first = set(seen["first_screen"])
    assert "villagedesk.ui.pages.cases_page" in first  # the finder saw the start path
    assert sorted(first & set(NOT_AT_START)) == []
    # the first sync job still finds the engine: it is imported, off the GUI thread, once the window is up
    assert "villagedesk.sync.engine" in seen["all"]
