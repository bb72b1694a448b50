"""Where VillageDesk keeps things: the profile folder and the shipped resources.

``--profile DIR`` or ``VILLAGEDESK_PROFILE`` put the whole profile in one folder (tests, portable
installs, two agents on one PC); otherwise platformdirs' user data dir for "VillageDesk".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from villagedesk import APP_ID

PROFILE_ENV = "VILLAGEDESK_PROFILE"


def profile_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(PROFILE_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def resources_dir() -> Path:
    """``resources/``: in the bundle's folder when frozen, inside the package when installed from a wheel
    (setup.py maps the repository's ``resources/`` to ``villagedesk/resources``), beside the package in a
    checkout or an editable install."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if (candidate / "seed").is_dir():
            return candidate
    raise FileNotFoundError("VillageDesk resources folder not found (expected resources/seed beside the package)")
