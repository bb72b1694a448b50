#!/usr/bin/env bash
# Build the wheel from a clean copy of this checkout, install it into a fresh venv in a temporary folder
# (pinned by constraints.txt, without the server extra) and run it from outside the checkout as a user
# would: --version, demo, check, print --pdf, --smoke, --smoke-pages, and villagedesk-server's message
# about the missing extra. only editable installs worked (resources/ was not in the wheel).
# Removes everything it made. Usage: bash scripts/wheel_check.sh   (needs python3-venv and network or a pip cache)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vd-wheel.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
fail() { echo "wheel check FAILED: $*" >&2; exit 1; }
start=$(date +%s)

# A clean copy: setuptools would reuse a stale build/ folder of the checkout.
python3 - "$ROOT" "$WORK/src" <<'PY'
import shutil, sys
shutil.copytree(sys.argv[1], sys.argv[2], ignore=shutil.ignore_patterns(
    ".git", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".venv", "demo-profile", "*.db*"))
PY
python3 -m pip wheel -q --disable-pip-version-check --no-deps -w "$WORK/dist" "$WORK/src" >/dev/null
wheel=$(ls "$WORK"/dist/villagedesk-*.whl)
python3 -m venv "$WORK/venv"
install_wheel() {
  "$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check -c "$ROOT/constraints.txt" "$@" "$wheel"
}
# The installed package must import from outside any checkout before anything runs it; once a run
# stopped at the first import with no word of why, so say what pip installed and what the import said,
# and reinstall once before calling it a failure.
imports_ok() {
  (cd "$WORK" && env -u PYTHONPATH "$WORK/venv/bin/python" -c 'import villagedesk.paths' 2>"$WORK/import.err")
}
install_wheel
if ! imports_ok; then
  echo "wheel check: the installed wheel does not import; pip says:" >&2
  "$WORK/venv/bin/python" -m pip show -f villagedesk 2>&1 | head -20 >&2 || true
  tail -5 "$WORK/import.err" >&2
  echo "wheel check: reinstalling once" >&2
  install_wheel --force-reinstall --no-deps
  imports_ok || fail "the installed wheel does not import: $(tail -1 "$WORK/import.err")"
fi
installed_s=$(($(date +%s) - start))

cd "$WORK"  # nothing of the checkout on the path from here on
unset PYTHONPATH VILLAGEDESK_PROFILE
export QT_QPA_PLATFORM=offscreen
VD="$WORK/venv/bin/villagedesk"
P="$WORK/profile"
where=$("$WORK/venv/bin/python" -c 'import villagedesk.paths as p; print(p.resources_dir())')
[[ "$where" == "$WORK/venv/"*"/site-packages/villagedesk/resources" ]] || fail "resources found at $where"
[[ -s "$where/wire/zstd-dict-1.bin" ]] || fail "the wheel lacks the wire dictionary (protocol 2 cannot sync without it)"
"$VD" --version
"$VD" --profile "$P" demo --cases 50
"$VD" --profile "$P" check
case_no=$("$VD" --profile "$P" cases --limit 1 --json | "$WORK/venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["case_no"])')
"$VD" --profile "$P" print "$case_no" --pdf "$WORK/receipt.pdf"
[[ "$(head -c 5 "$WORK/receipt.pdf")" == "%PDF-" ]] || fail "print --pdf wrote no PDF"
"$VD" --profile "$P" --smoke || fail "--smoke exited $?"
pages=$("$VD" --profile "$P" --demo --smoke-pages 2>/dev/null) || fail "--smoke-pages exited non-zero"
[[ "$pages" == *同步* ]] || fail "--smoke-pages: $pages"
if out=$("$WORK/venv/bin/villagedesk-server" --data "$WORK/town" serve 2>&1); then
  fail "villagedesk-server served without the server extra"
fi
[[ "$out" == *"villagedesk[server]"* && "$out" != *Traceback* ]] || fail "villagedesk-server without the extra: $out"

size_kb=$(($(stat -c %s "$wheel") / 1024))
echo "wheel ok: $(basename "$wheel") ${size_kb} KB, built and installed in ${installed_s} s; demo, check, print --pdf, --smoke, --smoke-pages ok; villagedesk-server names the missing extra"
