"""Which language the UI speaks: Qt translators for our strings and for Qt's own dialogs.

Source strings in the code are Simplified Chinese, the default UI; English comes from
``resources/translations/villagedesk_en.qm``. Qt's own texts (dialog buttons, the print dialog, the
file dialog) are English in the source, so Chinese needs Qt's ``qtbase_zh_CN.qm`` and English needs
nothing from Qt. Translators are installed on the application object; widgets that exist already get a
``LanguageChange`` event and must retranslate themselves (``changeEvent``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QGuiApplication

from villagedesk.paths import resources_dir

log = logging.getLogger(__name__)

DEFAULT = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}
DOMAIN = "villagedesk"

_installed: list[QTranslator] = []  # Qt does not own them: keep them alive while installed
_current = DEFAULT


def normalise(code: str | None) -> str:
    """``zh``, ``zh-CN``, ``zh_Hans`` → ``zh_CN``; ``en_US`` → ``en``; anything else → the default."""
    text = (code or "").strip().replace("-", "_").lower()
    if text.startswith("en"):
        return "en"
    if text.startswith("zh") or not text:
        return DEFAULT
    log.warning("unknown UI language %r, using %s", code, DEFAULT)
    return DEFAULT


def translations_dir() -> Path:
    return resources_dir() / "translations"


def qt_translations_dir() -> Path:
    """Qt's shipped .qm files: where QLibraryInfo says, else inside the PySide6 package (frozen apps)."""
    candidates = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    package = Path(PySide6.__file__).resolve().parent
    candidates += [package / "Qt" / "translations", package / "translations"]
    for folder in candidates:
        if (folder / "qtbase_zh_CN.qm").is_file():
            return folder
    return candidates[0]


def _load(name: str, folder: Path) -> QTranslator | None:
    translator = QTranslator()
    if translator.load(name, str(folder)):
        return translator
    log.warning("translation %s not found in %s", name, folder)
    return None


def install(language: str | None, app: QCoreApplication | None = None) -> str:
    """Switch the UI to ``language`` (replacing what was installed); returns the language now in use."""
    global _current
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install translations after creating the QApplication")
    code = normalise(language)
    uninstall(app)
    wanted = [(f"qtbase_{code}", qt_translations_dir())]
    if code != DEFAULT:
        wanted.append((f"{DOMAIN}_{code}", translations_dir()))
    for name, folder in wanted:
        translator = _load(name, folder)
        if translator is not None and app.installTranslator(translator):
            _installed.append(translator)
    QLocale.setDefault(QLocale(code))
    _current = code
    if isinstance(app, QGuiApplication):  # Qt appends it to every window title: 村级便民代办台 / VillageDesk
        app.setApplicationDisplayName(app_name())
    return code


def app_name() -> str:
    """The program's name in the UI's language (login and unlock titles, the title bar)."""
    return QCoreApplication.translate("App", "村级便民代办台")


def uninstall(app: QCoreApplication | None = None) -> None:
    """Remove our translators (Qt's built-in English texts remain)."""
    app = app or QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()


def current() -> str:
    return _current


def language_name(code: str) -> str:
    return LANGUAGES.get(normalise(code), LANGUAGES[DEFAULT])
