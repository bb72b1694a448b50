"""User preferences kept in the profile's settings table: language, idle lock, printer, hotline."""

from __future__ import annotations

from dataclasses import dataclass

from villagedesk.db import store as st
from villagedesk.domain import validators as v
from villagedesk.domain.errors import ValidationError
from villagedesk.services.desk import Desk

LANGUAGES = {"zh_CN": "中文", "en": "English"}
_PREFIX = "pref."


@dataclass(frozen=True)
class Preferences:
    language: str = "zh_CN"
    idle_minutes: int = 10
    printer: str = ""
    hotline: str = ""


def load(desk: Desk) -> Preferences:
    with desk.store.read() as s:
        raw = {k: st.get_setting(s, _PREFIX + k) for k in ("language", "idle_minutes", "printer", "hotline")}
    default = Preferences()
    try:
        idle = int(raw["idle_minutes"]) if raw["idle_minutes"] else default.idle_minutes
    except ValueError:
        idle = default.idle_minutes
    language = raw["language"] if raw["language"] in LANGUAGES else default.language
    return Preferences(language, idle, raw["printer"] or "", raw["hotline"] or "")


def clean(prefs: Preferences) -> Preferences:
    """Check every preference; raises ValidationError naming the field."""
    if prefs.language not in LANGUAGES:
        raise ValidationError("language", "不支持的界面语言")
    if isinstance(prefs.idle_minutes, bool) or not 1 <= int(prefs.idle_minutes) <= 240:
        raise ValidationError("idle_minutes", "自动锁定时间应为 1-240 分钟")
    printer = v.free_text(prefs.printer, "printer", 128)
    hotline = "".join(prefs.hotline.split())
    if hotline and (len(hotline) > 20 or not all(ch.isdigit() or ch == "-" for ch in hotline)):
        raise ValidationError("hotline", "服务热线只能包含数字和 -, 如 12345 或 0391-6633123")
    return Preferences(prefs.language, int(prefs.idle_minutes), printer, hotline)


def save(desk: Desk, prefs: Preferences) -> Preferences:
    good = clean(prefs)
    with desk.store.write() as s:
        st.set_setting(s, _PREFIX + "language", good.language)
        st.set_setting(s, _PREFIX + "idle_minutes", str(good.idle_minutes))
        st.set_setting(s, _PREFIX + "printer", good.printer)
        st.set_setting(s, _PREFIX + "hotline", good.hotline)
    return good
