#!/usr/bin/env bash
# Lint, layer contracts, then the whole test suite. What README's test command runs after setup.
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
ruff check villagedesk tests benchmarks tools
lint-imports
python3 -m pytest -q -p no:cacheprovider --durations=30 "$@"
