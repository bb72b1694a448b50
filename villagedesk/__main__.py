from villagedesk.cli import main

raise SystemExit(main())
