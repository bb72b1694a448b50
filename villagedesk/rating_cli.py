"""``villagedesk rating``: 星级考评 headless — list and show the sheets of this PC's scope, score a center
(镇办实施考评, a town clerk) or review its stars (市级审查复评, the city), through ``services.star_rating``."""

from __future__ import annotations

import argparse

from villagedesk.domain.errors import NotFoundError, ValidationError
from villagedesk.domain.text_width import pad
from villagedesk.records_cli import handler, stars, village, year


def _find(desk, code: str, y: int):
    from villagedesk.services import star_rating

    for row in star_rating.ratings(desk, y):
        if row.village_code == code:
            return row
    raise NotFoundError(f"本机没有 {code} 在 {y} 年度的考评记录")


def _line(r) -> str:
    if r.insufficient:
        result = r.insufficient if r.insufficient.startswith("数据不足") else f"数据不足({r.insufficient})"
    else:
        result = f"{r.score:g} 分  {stars(r.stars)}"
        if r.city_stars is not None:
            result += f"  市级复评 {stars(r.city_stars)}"
    mark = "  十佳" if r.top_center else ""
    return f"{r.village_code}  {pad(r.village_name, 20)} {result}{mark}"


def cmd_list(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import star_rating

    y = year(args.year, desk.today())
    rows = star_rating.ratings(desk, y)
    print(f"{y} 年度星级考评: {len(rows)} 个中心")
    for r in rows:
        print(_line(r))
    return 0


def _print_sheet(r) -> None:
    print(_line(r))
    for key, label, max_points, value, points in r.sheet.get("lines", []):
        shown = "" if value is None else f"  ({value})"
        print(f"  {pad(label, 28)} {points:g}/{max_points:g}{shown}  [{key}]")
    if r.sheet.get("deduction"):
        print(f"  督查扣分 {r.sheet['deduction']:g}")
    for what, times, down in r.sheet.get("downgrades", []):
        print(f"  降星: {what} {times} 次, 降 {down} 星")
    if r.city_note:
        print(f"  复评理由: {r.city_note}")
    for step in r.history:
        note = f"  {step.reason}" if step.reason else ""
        print(f"  {step.day.isoformat()}  {step.action}  {step.author}{note}")


def cmd_show(desk, args: argparse.Namespace) -> int:
    _print_sheet(_find(desk, village(args.village), year(args.year, desk.today())))
    return 0


def _manual(items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        shown = item if len(item) <= 40 else item[:40] + "…"
        if not sep or not key.strip():
            raise ValidationError("manual", f"人工评分应写成 评分项=分数, 如 premises=8, 收到 {shown!r}")
        try:
            out[key.strip()] = float(raw)
        except ValueError:
            raise ValidationError("manual", f"人工评分「{key.strip()[:40]}」应为数字, 收到 {shown!r}") from None
    return out


def cmd_score(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import star_rating

    code, y = village(args.village), year(args.year, desk.today())
    manual = _manual(args.manual or [])
    if manual:
        star_rating.set_manual_scores(desk, code, y, manual)
    row = star_rating.score_center(desk, code, y, args.reason or "")
    print("已评分(随同步送达该村、本镇其他工作人员和市级中心)")
    _print_sheet(row)
    return 0


def cmd_review(desk, args: argparse.Namespace) -> int:
    from villagedesk.services import star_rating

    raw = args.stars.strip()
    if not (raw.isascii() and raw.isdigit() and 0 <= int(raw) <= 5):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise ValidationError("stars", f"复评星级应为 0-5 的整数, 收到 {shown!r}")
    row = star_rating.city_recheck(desk, village(args.village), year(args.year, desk.today()), int(raw), args.reason)
    print("已复评(随同步送达该村和所属乡镇)")
    _print_sheet(row)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("rating", help="星级考评: 列出、查看、镇办实施考评、市级审查复评")
    acts = p.add_subparsers(dest="action", metavar="操作", required=True)
    a = acts.add_parser("list", help="本机范围内各村级中心的年度考评(最终星级、得分排序; 十佳、数据不足)")
    a.add_argument("--year", help="考评年度, 默认今年")
    a.set_defaults(handler=handler(cmd_list))
    a = acts.add_parser("show", help="一个中心的评分表、降星情形、复评和评分经过")
    a.add_argument("village", help="村代码(12 位)")
    a.add_argument("--year", help="考评年度, 默认今年")
    a.set_defaults(handler=handler(cmd_show))
    a = acts.add_parser("score", help="镇办实施考评: 按考评细则为本镇一个中心评分(乡镇中心)")
    a.add_argument("village", help="村代码(12 位)")
    a.add_argument("--year", help="考评年度, 默认今年")
    a.add_argument("--manual", action="append", metavar="项=分", help="人工评分项, 如 premises=8 (可重复)")
    a.add_argument("--reason", help="评分说明")
    a.set_defaults(handler=handler(cmd_score))
    a = acts.add_parser("review", help="市级审查复评: 保留或改变一个中心的星级(市级中心)")
    a.add_argument("village", help="村代码(12 位)")
    a.add_argument("--stars", required=True, help="复评星级 0-5")
    a.add_argument("--reason", required=True, help="复评理由")
    a.add_argument("--year", help="考评年度, 默认今年")
    a.set_defaults(handler=handler(cmd_review))
