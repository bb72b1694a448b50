"""``villagedesk rating|inspection|report``: the shared records (星级考评, 督查, 工作进展报送) headless.

Each subcommand calls the same service as the 星级考评, 考评督查 and 工作进展报送 pages, so a town or the
city can script its records and a refusal reads as it does in the window: one Chinese line, exit 2,
nothing written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from villagedesk.domain.errors import NotFoundError, TransitionError, ValidationError

EXIT_REFUSED = 2

# The flag a person typed for each service field, so a refusal names what to correct.
FLAGS = {
    "year": "--year",
    "month": "年月",
    "reason": "--reason",
    "remarks": "--remarks",
    "comment": "--comment",
    "stars": "--stars",
    "kind": "--kind",
    "on": "--on",
    "findings": "--findings",
    "deduction": "--deduction",
    "fix_by": "--fix-by",
    "inspector": "--inspector",
    "result": "--result",
    "fixed_on": "--fixed-on",
    "village_code": "村代码",
    "manual": "--manual",
    "id": "编号",
    "data_leak": "--data-leak",
    "fixed": "--fixed-on",
}


def _short(text: str, limit: int = 40) -> str:
    """What a refusal echoes of a person's input: never a whole pasted page."""
    return text if len(text) <= limit else text[:limit] + "…"


def _refuse(err: Exception) -> int:
    if isinstance(err, ValidationError):
        flag = FLAGS.get(err.field, err.field)
        print(f"错误: {flag}: {err.message}", file=sys.stderr)
    else:
        print(f"错误: {err}", file=sys.stderr)
    return EXIT_REFUSED


def day(text: str, flag: str) -> date:
    """A date as typed (2026-11-20); ValidationError naming the flag otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        field = flag.lstrip("-").replace("-", "_")
        raise ValidationError(field, f"日期应写成 YYYY-MM-DD, 如 2026-11-20, 收到 {_short(text)!r}") from None


def village(text: str) -> str:
    """A village's 12-digit region code."""
    code = text.strip()
    if not (len(code) == 12 and code.isascii() and code.isdigit()):
        raise ValidationError("village_code", f"村代码应为 12 位数字, 如 419001100201, 收到 {_short(code)!r}")
    return code


def run(args: argparse.Namespace, body: Callable[[object, argparse.Namespace], int]) -> int:
    """Open the profile's desk and run ``body``; a refusal of the services is one line and exit 2."""
    from villagedesk.paths import profile_dir
    from villagedesk.services.desk import Desk

    with Desk.open(profile_dir(args.profile)) as desk:
        try:
            return body(desk, args)
        except (ValidationError, TransitionError, NotFoundError) as err:
            return _refuse(err)


def handler(body: Callable[[object, argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    return lambda args: run(args, body)


def year(text: str | None, today: date) -> int:
    """The year typed (2026), or this year when none was."""
    if text is None:
        return today.year
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit() and 2000 <= int(raw) <= 2100):
        raise ValidationError("year", f"年度应为 2000-2100 之间的四位数, 如 2026, 收到 {_short(raw)!r}")
    return int(raw)


def stars(value: int | None) -> str:
    return "—" if value is None else "★" * value + "☆" * (5 - value) if 0 <= value <= 5 else str(value)
