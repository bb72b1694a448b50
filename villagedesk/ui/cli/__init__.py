"""Command-line subcommands that need Qt (``print``, ``handover``); ``villagedesk.cli`` finds them by name."""
