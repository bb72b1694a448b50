"""``python3 -m villagedesk.server``: the same program as the ``villagedesk-server`` command (its entry point,
with its one clear line when the ``server`` extra is missing)."""

from villagedesk.server_main import main

raise SystemExit(main())
