"""How long printing takes: each form rendered to a PDF (both passes: measure, then draw).

``QT_QPA_PLATFORM=offscreen python -m benchmarks.printing [--runs N]``: builds a throw-away profile with
one case, renders every form ``N`` times and prints the median, min and max per form and the PDF size.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    from villagedesk.domain.lifecycle import Role
    from villagedesk.services import catalog, intake, queries
    from villagedesk.services.desk import Desk
    from villagedesk.ui import printing as pr

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "p", today=date(2026, 11, 25)) as desk:
        catalog.seed_reference_data(desk)
        desk.setup(Role.AGENT, "419001100201", "李娜")
        form = intake.IntakeForm(
            item_code="JY010", name="阿依古丽·买买提", id_number="419001198001010014", phone="13812345678",
            mandate_signed=True,
        )  # fmt: skip
        case_no = intake.register(desk, form).case_no
        office = pr.Office("示范村便民服务站", "0391-6612345")
        masked, full = queries.detail(desk, case_no), queries.detail(desk, case_no, reveal_id=True)
        jobs = [
            ("受理回执 A4", pr.receipt_from(masked, office), pr.Paper.A4),
            ("受理回执 80mm", pr.receipt_from(masked, office), pr.Paper.ROLL_80),
            ("一次性告知单 A4", pr.notice_from(masked, office), pr.Paper.A4),
            ("委托书 A4", pr.mandate_from(full, office), pr.Paper.A4),
        ]
        print(f"{'form':<16}{'median ms':>10}{'min':>8}{'max':>8}{'PDF KB':>8}   ({args.runs} runs each)")
        for label, doc, paper in jobs:
            target = Path(tmp) / "out.pdf"
            pr.to_pdf(doc, target, paper)  # warm-up: font database, glyph caches
            samples = []
            for _ in range(args.runs):
                start = time.perf_counter()
                pr.to_pdf(doc, target, paper)
                samples.append((time.perf_counter() - start) * 1000)
            size = target.stat().st_size / 1024
            pad = " " * (16 - sum(2 if ord(ch) > 0x2E80 else 1 for ch in label))  # CJK is two columns wide
            print(
                f"{label}{pad}{statistics.median(samples):>10.1f}{min(samples):>8.1f}{max(samples):>8.1f}{size:>8.1f}"
            )
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
