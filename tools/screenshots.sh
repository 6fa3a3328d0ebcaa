#!/usr/bin/env bash
# Opens lightbulb's pages in headless Chromium (Debian's `chromium`) from local files, with no network, and takes
# screenshots: a results browser's index and a game page, a transcript, and (given one) a comparison and a pair page.
# It also checks that the pages' own script runs under their Content-Security-Policy: a filter given in the address
# (#experiment=...) must hide the other experiments' rows in the DOM Chromium dumps.
#
#   tools/screenshots.sh RESULTS_DIR [COMPARISON_DIR] [OUT_DIR]      (OUT_DIR default: out/screenshots)
#
# RESULTS_DIR is a folder `lightbulb transcribe` (or run/score/replay) wrote; COMPARISON_DIR one `lightbulb compare`
# wrote. Install Chromium with `apt-get install -y chromium` where it is missing.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
RESULTS="$(cd "$1" && pwd)"
COMPARISON="${2:+$(cd "$2" && pwd)}"
OUT="${3:-out/screenshots}"
mkdir -p "$OUT"; OUT="$(cd "$OUT" && pwd)"
command -v chromium >/dev/null || { echo "screenshots: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }
[ -f "$RESULTS/index.html" ] || { echo "screenshots: $RESULTS/index.html missing: run lightbulb transcribe $1 first" >&2; exit 1; }

PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
chrome() {   # a fresh profile, nothing from the network, nothing in the background
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --disable-default-apps --user-data-dir="$PROFILE" --hide-scrollbars \
    --virtual-time-budget=3000 "$@" 2>/dev/null
}
shot() {     # shot NAME URL WIDTH HEIGHT
  chrome --screenshot="$OUT/$1.png" --window-size="$3,$4" "$2" >/dev/null
  echo "$OUT/$1.png  <-  $2"
}

TRANSCRIPT="$(find "$RESULTS" -name transcript.html | sort | head -1)"
GAME_PAGE="$(find "$RESULTS/browse" -name '*.html' ! -name all-episodes.html | sort | head -1)"
shot index "file://$RESULTS/index.html" 1300 900
shot game-page "file://$GAME_PAGE" 1300 900
shot transcript "file://$TRANSCRIPT" 1200 1800

# the filter script must run: all-episodes.html#experiment=X hides every row of another experiment
ALL="$RESULTS/browse/all-episodes.html"
EXPERIMENT="$(grep -o 'data-experiment="[A-Za-z0-9_-]*"' "$ALL" | head -1 | cut -d'"' -f2)"
ROWS="$(grep -c '<tr data-game=' "$ALL")"
OTHERS="$(grep '<tr data-game=' "$ALL" | { grep -vc "data-experiment=\"$EXPERIMENT\"" || true; })"
DOM="$(chrome --dump-dom "file://$ALL#experiment=$EXPERIMENT")"
HIDDEN="$({ grep -o '<tr [^>]*hidden' <<<"$DOM" || true; } | wc -l)"
echo "filter check: #experiment=$EXPERIMENT hides $HIDDEN of $ROWS rows (rows of other experiments: $OTHERS)"
[ "$HIDDEN" = "$OTHERS" ] && [ "$OTHERS" -gt 0 ] || { echo "screenshots: the filter script did not run as expected" >&2; exit 1; }
shot all-episodes-filtered "file://$ALL#experiment=$EXPERIMENT" 1300 900

if [ -n "$COMPARISON" ]; then
  shot comparison "file://$COMPARISON/index.html" 1300 1100
  PAIR="$(grep -o 'href="pairs/[^"]*"' "$COMPARISON/index.html" | head -1 | cut -d'"' -f2)"
  DIFFERING="$(grep -o '<tr [^>]*data-change="differs"[^$]*' "$COMPARISON/index.html" | grep -o 'href="pairs/[^"]*"' | head -1 | cut -d'"' -f2 || true)"
  shot pair "file://$COMPARISON/${DIFFERING:-$PAIR}" 1600 1400
fi
