#!/usr/bin/env bash
# The GUI's window-and-keyboard tests a second time on a real X server (Xvfb, Qt's xcb platform) at the
# two office screen sizes: the offscreen platform makes every shown window active and never clips, so
# focus, shortcuts and fitting are only proven on a real display. Needs xvfb (and Qt's xcb libraries).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v Xvfb >/dev/null || { echo "xvfb_gui: Xvfb is not installed (apt install xvfb)" >&2; exit 2; }

WINDOW_TESTS=(
  tests/gui/test_fits_screen.py tests/gui/test_narrow_screen.py tests/gui/test_cadre_day.py
  tests/gui/test_keyboard_and_close.py tests/gui/test_case_page_keyboard.py tests/gui/test_current_case.py
  tests/gui/test_window_walk.py tests/gui/test_saved_dialog_focus.py tests/gui/test_login_lock_wizard.py
  tests/gui/test_intake.py tests/gui/test_unlock_dialog.py
  tests/gui/test_tab_stays_on_page.py tests/gui/test_enter_and_settings.py
)

run_on() {  # run_on DISPLAY_NUMBER WIDTHxHEIGHT TEST...
  local num=$1 size=$2
  shift 2
  Xvfb ":$num" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  local xvfb=$!
  for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$num ]] && break; sleep 0.1; done
  echo "== Xvfb $size: $*"
  local rc=0
  DISPLAY=":$num" QT_QPA_PLATFORM=xcb python3 -m pytest -q -p no:cacheprovider "$@" || rc=$?
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  return "$rc"
}

run_on 91 1366x768 "${WINDOW_TESTS[@]}"
run_on 92 1024x768 tests/gui/test_fits_screen.py tests/gui/test_narrow_screen.py tests/gui/test_cadre_day.py \
  tests/gui/test_text_not_cut.py tests/gui/test_headers_whole.py
