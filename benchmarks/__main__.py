"""``python -m benchmarks``: run every benchmark that reports figures and write their table to
``docs/performance.md``.

    python -m benchmarks [--quick] [--only NAME[,NAME]] [--cases N] [--out FILE] [--list]

A module of this package takes part by defining ``figures(quick: bool) -> list[Figure]``
(``benchmarks/figures.py`` says what a figure holds); modules without it still run on their own with
``python -m benchmarks.NAME``. ``--quick`` measures at smoke-test sizes and writes only to an ``--out``
given explicitly (quick figures never replace the report's). Rows of benchmarks not run this time stay
in the table as they were.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.figures import Figure, load_average, write_report

HELPERS = ("common", "fleetclient", "figures", "corpus", "corpus_profile", "linksim", "judgeserver")  # not benchmarks
REPORT = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def _modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not info.name.startswith("_") and info.name not in HELPERS
    )


def available() -> dict[str, tuple[str, bool]]:
    """Benchmark modules: the first line of each docstring, and whether it reports figures (read from
    the source, so listing imports none of them)."""
    import ast

    found = {}
    for name in _modules():
        tree = ast.parse((Path(__file__).parent / f"{name}.py").read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        reports = any(isinstance(n, ast.FunctionDef) and n.name == "figures" for n in tree.body)
        found[name] = (doc.strip().splitlines()[0] if doc.strip() else "", reports)
    return found


def run(names: list[str], quick: bool, cases: int | None = None) -> dict[str, list[Figure]]:
    """Each named module's figures, in order; a module that fails is reported and the rest go on.
    ``cases`` goes to the modules whose ``figures`` take a ``cases`` size (the others keep theirs)."""
    import inspect

    fresh: dict[str, list[Figure]] = {}
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        started = time.perf_counter()
        print(f"== {name} (load {load_average() or 0:.2f}) …", file=sys.stderr, flush=True)
        try:
            sized = cases is not None and "cases" in inspect.signature(module.figures).parameters
            got = list(module.figures(quick, cases=cases) if sized else module.figures(quick))
            if not all(isinstance(f, Figure) for f in got):
                raise TypeError("figures() must return benchmarks.figures.Figure objects")
            for f in got:
                floor = "—" if f.floor is None else f"{f.floor:.4g}"
                ratio = "—" if f.ratio is None else f"{f.ratio:.2f}×"
                print(f"   {f.name}: {f.median:.4g} {f.unit} (floor {floor}, ratio {ratio})", file=sys.stderr)
        except Exception as exc:  # one broken benchmark must not lose the others' figures
            print(f"   {name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        fresh[name] = got
        print(f"   {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return fresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke-test sizes; writes only to --out")
    parser.add_argument("--only", help="comma-separated benchmark names (default: all that report figures)")
    parser.add_argument("--out", type=Path, help=f"the report to write (default {REPORT.name} in docs/)")
    parser.add_argument("--cases", type=int, help="profile size for the benchmarks that take one")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    found = available()
    if args.list:
        for name, (summary, reports) in found.items():
            print(f"  {name:<14} {'*' if reports else ' '} {summary}")
        print("(* reports figures to the table; run any one alone with python -m benchmarks.NAME)")
        return 0
    reporting = [n for n, (_s, reports) in found.items() if reports]
    names = [n.strip() for n in args.only.split(",")] if args.only else reporting
    unknown = [n for n in names if n not in reporting]
    if unknown:
        parser.error(f"no figures from {', '.join(unknown)} (these report: {', '.join(reporting)})")
    fresh = run(names, args.quick, args.cases)
    out = args.out or (None if args.quick else REPORT)
    stamp = (
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        f"{', quick sizes' if args.quick else ''}; `python -m benchmarks"
        f"{' --quick' if args.quick else ''}{' --only ' + args.only if args.only else ''}"
        f"{f' --cases {args.cases}' if args.cases else ''}`"
    )
    if out is not None:
        write_report(out, fresh, stamp)
        print(f"figures written to {out}", file=sys.stderr)
    return 0 if len(fresh) == len(names) else 1


if __name__ == "__main__":
    raise SystemExit(main())
