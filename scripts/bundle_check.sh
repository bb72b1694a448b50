#!/usr/bin/env bash
# Build the PyInstaller one-folder bundle (build.spec) and run it as a user would: version, demo data,
# database check (migrations and seed inside the bundle), a printed receipt (Qt, fonts, PDF inside the
# bundle), a USB bundle round trip (enroll against a loopback town server, export with the bundled CLI,
# import at the town, carry the acknowledgement back: the AES-GCM code and `cryptography` inside the
# bundle) and the GUI opening every page, 同步 included (--smoke-pages). Exits non-zero on any failure.
# The town server is not in the bundle: it runs from this checkout's environment.
# Usage: bash scripts/bundle_check.sh   (after `pip install -e ".[server,build]"`; needs poppler-utils)
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vd-bundle.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
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
# The Windows version resource (embedded only on Windows) is generated on every platform: check it here.
for exe in VillageDesk villagedesk-cli; do
  vf=$(find "$WORK/build" -name "$exe.version.txt" | head -1)
  [[ -n "$vf" ]] || fail "build.spec wrote no version file for $exe"
  grep -qF "StringStruct('FileVersion', '$want')" "$vf" || fail "$vf does not carry version $want"
done

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

# USB bundles with the bundled CLI: enroll once over loopback, then export → town import → ack back.
TOWN="$WORK/town"
server() { PYTHONPATH="$PWD" python3 -m villagedesk.server_main --data "$TOWN" "$@"; }  # this checkout's server
region=$(PYTHONPATH="$PWD" python3 -c 'import sys; from villagedesk.services.desk import Desk
with Desk.open(sys.argv[1]) as d: print(d.identity.region_code)' "$PROFILE")
code=$(server enroll --region "$region" --role agent --name 李娜 | sed -n 's/^注册码: //p')
[[ -n "$code" ]] || fail "villagedesk-server enroll gave no code"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(PYTHONPATH="$PWD" exec python3 -m villagedesk.server_main --data "$TOWN" serve --host 127.0.0.1 --port "$port") \
  >"$WORK/server.log" 2>&1 &  # exec: $! is the server itself, so the kill below reaches it
SERVER_PID=$!
for _ in $(seq 100); do
  python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2)' "$port" 2>/dev/null && break
  sleep 0.2
done
"$CLI" --profile "$PROFILE" enroll --server "http://127.0.0.1:$port" --code "$code" | grep -q 注册成功 \
  || fail "the bundled CLI could not enroll"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
exported=$("$CLI" --profile "$PROFILE" sync --export-bundle "$WORK/village.vdb") || fail "--export-bundle failed"
[[ -s "$WORK/village.vdb" ]] || fail "--export-bundle wrote no file: $exported"
server import-bundle "$WORK/village.vdb" --ack-out "$WORK/ack.vdb" >/dev/null \
  || fail "the town could not import the bundled CLI's USB bundle"
acked=$("$CLI" --profile "$PROFILE" sync --import-bundle "$WORK/ack.vdb") || fail "--import-bundle failed"
again=$("$CLI" --profile "$PROFILE" sync --export-bundle "$WORK/again.vdb") || fail "second --export-bundle failed"
usb="USB round trip ok (${exported%%$'\n'*} / ${acked%%$'\n'*} / then: ${again%%$'\n'*})"

# Every page of the bundled GUI, 同步 (which imports the bundle code) included.
pages=$(timeout 300 "$GUI" --profile "$PROFILE" --demo --smoke-pages 2>"$WORK/gui.err") \
  || fail "--smoke-pages exited non-zero: $(cat "$WORK/gui.err")"
[[ "$pages" == *同步* && "$pages" == *设置* ]] || fail "--smoke-pages did not open every page: $pages"

size_mb=$(du -sm "$APP" | cut -f1)
files=$(find "$APP" -type f | wc -l)
echo "bundle ok: ${size_mb} MB in ${files} files, built in ${build_s} s; --version, demo, check, print ok; ${usb}; ${pages}"
