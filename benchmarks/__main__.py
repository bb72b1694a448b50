"""``python -m benchmarks``: list the available benchmarks (run one with ``python -m benchmarks.NAME``)."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path


def available() -> dict[str, str]:
    """Benchmark modules of this package with the first line of their docstring."""
    found = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("_") or info.name in ("common", "fleetclient"):  # helpers, not benchmarks
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        found[info.name] = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
    return found


def main() -> int:
    print("Available benchmarks (python -m benchmarks.NAME --help):")
    for name, summary in sorted(available().items()):
        print(f"  {name:<14} {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
