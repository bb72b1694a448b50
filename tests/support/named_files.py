"""An ``attachment_added`` event in a server's feed naming a file, as a synced case leaves it: the server
takes a new upload only of a file that an event of its partition names with that size (docs/sync-protocol.md,
"Attachments"). For tests of the upload mechanics themselves (ranges, locks), which push no case."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from villagedesk.domain.hlc import HybridClock
from villagedesk.server import models as sm
from villagedesk.server.db import Database


def name_file(db: Database, partition: str, sha: str, size: int) -> None:
    with db.write() as s:
        state = s.get(sm.FeedState, 1)
        if state is None:
            state = sm.FeedState(id=1, seq=0)
            s.add(state)
            s.flush()
        state.seq += 1
        s.add(
            sm.ServerEvent(
                seq=state.seq,
                id=str(uuid.uuid4()),
                case_id=str(uuid.uuid4()),
                type="attachment_added",
                partition=partition,
                device="named-by-test",
                role="agent",
                author="u",
                hlc=HybridClock("named").now(),
                prev="[]",
                schema_version=1,
                payload=json.dumps({"filename": "scan.jpg", "sha256": sha, "size": size}, separators=(",", ":")),
                digest="x" * 64,
                pushed_by="named-by-test",
                received_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
