"""The town server for the judge-on/judge-off rounds of ``benchmarks.sync throughput`` (a helper, not a
benchmark).

    python -m benchmarks.judgeserver on|off SERVER-CLI-ARGS…

Runs ``villagedesk-server`` in this process exactly as ``python -m villagedesk.server.cli`` would; with
``off`` the judge is switched off first by ``benchmarks.judgecost.judge_off`` (the same switch the
in-process benchmark uses). The switch lives only here, in the benchmark's own launcher: the server has
no such option, and both modes start through this same module so that they differ in nothing else.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext

from benchmarks.judgecost import judge_off
from villagedesk.server import cli


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("on", "off"):
        print("usage: python -m benchmarks.judgeserver on|off SERVER-CLI-ARGS…", file=sys.stderr)
        return 2
    with judge_off() if argv[0] == "off" else nullcontext():
        return cli.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
