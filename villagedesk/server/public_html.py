"""The HTML of the public page (扫码查询): one small self-contained document per answer.

No script, no external file, no web font: a 2G phone gets the whole page in one reply of a few KB. The
only style sheet is inline and allowed by its hash in the Content-Security-Policy, so nothing injected
into the page could run or load anything. Every value is HTML-escaped here, whatever it holds.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta, timezone
from html import escape

from villagedesk.domain.villager_view import STEPS, VillagerView

CSS = (
    "body{margin:0;font:17px/1.6 sans-serif;color:#1a1a1a;background:#f4f4f0}"
    "main{max-width:34em;margin:0 auto;padding:14px}"
    "h1{font-size:21px;margin:4px 0 12px}"
    ".card{background:#fff;border-radius:10px;padding:12px 14px;margin:0 0 12px;border:1px solid #ddd}"
    ".state{font-size:22px;font-weight:bold;color:#0a5c36;margin:0}"
    ".done .state{color:#333}.warn .state{color:#a33a00}"
    ".meaning{margin:4px 0 0}"
    "ol{display:flex;list-style:none;padding:0;margin:10px 0 2px;font-size:14px}"
    "ol li{flex:1;text-align:center;border-top:5px solid #ccc;padding-top:4px;color:#777}"
    "ol li.on{border-color:#0a7a48;color:#0a5c36;font-weight:bold}"
    "dl{margin:0}dt{color:#666;font-size:15px;margin-top:8px}dd{margin:0;font-size:18px}"
    "ul{margin:4px 0 0;padding-left:1.3em}"
    "a{color:#0645ad}.big{font-size:20px;font-weight:bold}"
    ".muted{color:#666;font-size:14px}"
)
CSS_HASH = "sha256-" + base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode("ascii")
CSP = (
    f"default-src 'none'; style-src '{CSS_HASH}'; img-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",  # the address holds the check code: never pass it on
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
}


def _page(title: str, body: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex,nofollow">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{body}</main></body></html>"
    ).encode()


def _tel(number: str) -> str:
    n = escape(number)
    return f'<a class="big" href="tel:{n}">{n}</a>'


BEIJING = timezone(timedelta(hours=8), "北京时间")  # Asia/Shanghai: UTC+8 all year, no summer time


def beijing(moment: datetime) -> datetime:
    """The time a villager reads, whatever zone the town's server runs in (a naive time is the server's)."""
    return moment.astimezone(BEIJING)


def case_page(v: VillagerView, now: datetime) -> bytes:
    """The progress of one case, as the villager holding its receipt may see it."""
    tone = "done" if v.stopped else ("warn" if v.missing else "")
    steps = "".join(f'<li class="on">{s}</li>' if i <= v.step else f"<li>{s}</li>" for i, s in enumerate(STEPS))
    parts = [
        "<h1>办理进度查询</h1>",
        f'<div class="card {tone}"><p class="state">{escape(v.headline)}</p>',
        f'<p class="meaning">{escape(v.meaning)}</p><ol>{steps}</ol></div>',
        '<div class="card"><dl>',
        f"<dt>办理事项</dt><dd>{escape(v.title) or '—'}</dd>",
        f"<dt>申请人</dt><dd>{escape(v.name)}</dd>",
        f"<dt>办件编号</dt><dd>{escape(v.case_no)}</dd>",
        f"<dt>{escape(v.promised_label)}</dt><dd>{escape(v.promised)}</dd>",
        "</dl></div>",
    ]
    if v.missing:
        items = "".join(f"<li>{escape(m)}</li>" for m in v.missing)
        parts.append(f'<div class="card warn"><dl><dt>还缺这些材料</dt></dl><ul>{items}</ul></div>')
    agent = escape(v.agent) if v.agent else "本村便民服务点"
    phone = _tel(v.agent_phone) if v.agent_phone else '<span class="muted">未登记电话，请拨打下面的服务热线</span>'
    parts += [
        '<div class="card"><dl>',
        f"<dt>代办员</dt><dd>{agent}</dd><dt>代办员电话</dt><dd>{phone}</dd>",
        f"<dt>服务热线</dt><dd>{_tel(v.hotline)}</dd>",
        "</dl></div>",
        f'<p class="muted">查询时间 {beijing(now):%Y-%m-%d %H:%M}（北京时间）。全程代办，不收取任何费用。</p>',
    ]
    return _page("办理进度查询", "".join(parts))


def not_found_page(hotline: str) -> bytes:
    """The one answer for a wrong or missing check code, an unknown case and a malformed number alike."""
    body = (
        "<h1>办理进度查询</h1>"
        '<div class="card warn"><p class="state">未找到</p>'
        '<p class="meaning">暂时查不到这个办件。新登记的办件在代办点同步到镇中心后才能查到（一般当天），请稍后再查；'
        "若一天后仍查不到，请核对回执上的办件编号和查询码，或直接扫描回执上的二维码。</p></div>"
        f'<div class="card"><dl><dt>服务热线</dt><dd>{_tel(hotline)}</dd></dl></div>'
    )
    return _page("未找到", body)


def limited_page(hotline: str) -> bytes:
    """429: too many unsuccessful look-ups from this address."""
    body = (
        "<h1>办理进度查询</h1>"
        '<div class="card warn"><p class="state">查询过于频繁</p>'
        '<p class="meaning">这台手机或网络查询失败的次数太多，请10分钟后再试，或拨打服务热线。</p></div>'
        f'<div class="card"><dl><dt>服务热线</dt><dd>{_tel(hotline)}</dd></dl></div>'
    )
    return _page("查询过于频繁", body)
