"""Child process for the crash test: registers (and submits) cases forever, printing each committed one.

Usage: python -m tests.integration.crash_writer PROFILE_DIR SEED
A line is printed only after the transaction that wrote it has committed, then flushed, so the parent
knows exactly which cases must survive a SIGKILL.
"""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

from villagedesk.domain.lifecycle import EventType
from villagedesk.services import actions, catalog, intake
from villagedesk.services.desk import Desk

NAMES = ["张三", "李四", "王五", "买买提·艾力", "欧阳𠇔", "赵敏", "周杰"]


def main() -> None:
    root, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    desk = Desk.open(root, today=date(2026, 11, 25))
    materials = {m.name: intake.MaterialState("have") for m in catalog.plan(desk, "JY012").materials}
    print("READY", flush=True)
    while True:
        form = intake.IntakeForm(
            item_code="JY012", name=rng.choice(NAMES), id_number="419001198001010014", phone="13812345678",
            mandate_signed=True, materials=materials,
        )  # fmt: skip
        if rng.random() < 0.2:
            batch = intake.register_many(desk, [form, form, form])
            print("REG " + " ".join(r.case_no for r in batch), flush=True)
            continue
        result = intake.register(desk, form)
        print(f"REG {result.case_no}", flush=True)
        if rng.random() < 0.5:
            actions.perform(desk, result.case_id, EventType.SUBMITTED, {})
            print(f"SUB {result.case_no}", flush=True)


if __name__ == "__main__":
    main()
