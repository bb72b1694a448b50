"""What a sync run reports while it moves data (the GUI's progress bar, the CLI's line).

Why a module of its own: the engine reports event rounds and sync/attachments.py the attachment phase, and
the engine runs that phase; with the type inside engine.py the two imported each other. ``engine.Progress``
is still the name callers use.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    phase: str  # "push" | "pull" | "done"
    events: int  # events moved so far this run (pushed + pulled)
    bytes: int  # bytes on the wire so far this run (both directions)
    # the attachment phase (after the events): which file, how far, of how much; phase "push" = upload
    attachment: str | None = None  # its SHA-256
    attachment_name: str = ""
    attachment_bytes: int = 0
    attachment_total: int = 0
