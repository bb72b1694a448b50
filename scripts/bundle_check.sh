#!/usr/bin/env bash
# Build the PyInstaller one-folder bundle (build.spec) and run it as a user would: version, demo data,
# database check (migrations and seed inside the bundle), a printed receipt (Qt, fonts, PDF inside the
# bundle) and, once the main window exists, the GUI's --smoke start. Exits non-zero on any failure.
# Usage: bash scripts/bundle_check.sh   (after `pip install -e ".[test]"`; needs poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vd-bundle.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen

start=$(date +%s)
pyinstaller --noconfirm --log-level WARN --distpath "$WORK/dist" --workpath "$WORK/build" build.spec
build_s=$(($(date +%s) - start))

APP="$WORK/dist/VillageDesk"
CLI="$APP/villagedesk-cli"
GUI="$APP/VillageDesk"
PROFILE="$WORK/profile"
fail() { echo "bundle check FAILED: $*" >&2; exit 1; }

want=$(python3 -c 'import ast,sys; t=ast.parse(open("villagedesk/__init__.py",encoding="utf-8").read()); print(next(ast.literal_eval(n.value) for n in t.body if isinstance(n,ast.Assign) and getattr(n.targets[0],"id","")=="__version__"))')
got=$("$CLI" --version)
[[ "$got" == "VillageDesk $want" ]] || fail "--version said '$got', expected 'VillageDesk $want'"

for f in resources/translations/villagedesk_en.qm villagedesk/db/migrations/env.py; do
  [[ -f "$APP/_internal/$f" ]] || fail "$f missing from the bundle"
done
[[ -n "$(find "$APP/_internal/PySide6" -name qtbase_zh_CN.qm)" ]] || fail "Qt's qtbase_zh_CN.qm missing from the bundle"
# Every shared library in the bundle must find its dependencies (the spec drops unused Linux plugins).
missing=$(cd "$APP/_internal" && LD_LIBRARY_PATH="$PWD:$PWD/PySide6/Qt/lib" find . -name '*.so*' -type f \
  -exec ldd {} + 2>/dev/null | grep 'not found' | grep -v -E 'libGL|libEGL|libOpenGL|libGLX' | sort -u || true)
[[ -z "$missing" ]] || fail "libraries without their dependencies: $missing"
[[ ! -e "$APP/_internal/fastapi" ]] || fail "the server stack (fastapi) leaked into the desktop bundle"

"$CLI" --profile "$PROFILE" demo --cases 50
"$CLI" --profile "$PROFILE" check

case_no=$("$CLI" --profile "$PROFILE" cases --limit 1 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["cases"][0]["case_no"])')
"$CLI" --profile "$PROFILE" print "$case_no" --paper roll80 --pdf "$WORK/receipt.pdf"
fonts=$(pdffonts "$WORK/receipt.pdf")
text=$(pdftotext "$WORK/receipt.pdf" -)
[[ "$fonts" == *" yes "* ]] || fail "no embedded font in the bundle's PDF"
[[ "$text" == *受理回执* && "$text" == *"$case_no"* ]] || fail "the bundle's PDF lacks 受理回执 or $case_no"

if [[ -f villagedesk/ui/main_window.py ]]; then
  timeout 300 "$GUI" --profile "$PROFILE" --smoke || fail "--smoke exited $?"
  smoke="--smoke ok"
else
  smoke="--smoke skipped (no main window yet)"
fi

size_mb=$(du -sm "$APP" | cut -f1)
files=$(find "$APP" -type f | wc -l)
echo "bundle ok: ${size_mb} MB in ${files} files, built in ${build_s} s; --version, demo, check, print ok; ${smoke}"
