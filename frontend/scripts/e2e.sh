#!/usr/bin/env bash
# Browser tests against the real backend on demo data (npm run test:e2e).
#
#   1. the backend binary: $LVYUE_BIN, else `cargo build -p lvyue` (a no-op when up to date)
#      and ${CARGO_TARGET_DIR:-<repo>/target}/debug/lvyue;
#   2. the SPA: dist/ is built (npm run build) when missing or older than the sources;
#   3. a temporary data directory with a fresh SQLite database and `lvyue seed --demo`;
#   4. `lvyue serve` on a free 127.0.0.1 port, serving dist/ (LVYUE_STATIC_DIR); wait for /readyz;
#   5. Playwright (Debian's /usr/bin/chromium, never a downloaded browser) with
#      LVYUE_E2E_URL pointing at it; arguments are passed on (e.g. a test file or --grep);
#   6. the server is stopped and the data directory removed whatever happened.
# Screenshots go to screenshots/ (git-ignored). LVYUE_E2E_DIST=<dir> builds and serves the SPA from
# another directory than dist/ (two checkouts' worth of work can then run side by side).
set -euo pipefail

FRONTEND="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$FRONTEND/.." && pwd)"
cd "$FRONTEND"

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
CHROMIUM="${LVYUE_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: $CHROMIUM not found: install Debian's Chromium and CJK fonts (apt-get install chromium fonts-noto-cjk)" >&2
  exit 1
fi

if [ -n "${LVYUE_BIN:-}" ]; then
  if [ ! -x "$LVYUE_BIN" ]; then
    echo "e2e: LVYUE_BIN=$LVYUE_BIN is not an executable file" >&2
    exit 1
  fi
else
  echo "== e2e: cargo build -p lvyue"
  (cd "$ROOT" && cargo build -q -p lvyue)
  LVYUE_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/debug/lvyue"
  case "$LVYUE_BIN" in /*) ;; *) LVYUE_BIN="$ROOT/$LVYUE_BIN" ;; esac
fi
LVYUE_BIN="$(cd "$(dirname "$LVYUE_BIN")" && pwd)/$(basename "$LVYUE_BIN")"

DIST="${LVYUE_E2E_DIST:-dist}"
case "$DIST" in /*) ;; *) DIST="$FRONTEND/$DIST" ;; esac
# (src/types/ holds declarations that unplugin rewrites on every vite run: not a source change.)
if [ ! -f "$DIST/index.html" ] || [ -n "$(find src index.html package.json vite.config.ts -newer "$DIST/index.html" -not -path 'src/types/*' -print -quit)" ]; then
  echo "== e2e: building the SPA into $DIST"
  if [ "$DIST" = "$FRONTEND/dist" ]; then
    npm run build
  else
    npm run typecheck && npx vite build --outDir "$DIST" --emptyOutDir
  fi
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/lvyue-e2e.XXXXXX")"
SERVER_PID=""
cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -f "$TMP/server.log" ]; then
    echo "== e2e: last lines of the server log" >&2
    tail -n 40 "$TMP/server.log" >&2 || true
  fi
  rm -rf "$TMP"
  exit "$status"
}
trap cleanup EXIT INT TERM

PORT="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
export DATABASE_URL="sqlite://$TMP/lvyue.db"
export LVYUE_DATA_DIR="$TMP"
export LVYUE_BIND="127.0.0.1:$PORT"
export LVYUE_STATIC_DIR="$DIST"
export RUST_LOG="${RUST_LOG:-warn}"

echo "== e2e: seeding demo data into $TMP"
(cd "$TMP" && "$LVYUE_BIN" seed --demo >"$TMP/seed.log" 2>&1) || { cat "$TMP/seed.log" >&2; exit 1; }
# Every browser signs in from 127.0.0.1: the per-address request rate is raised for the suite; the
# failure limits keep their defaults (the sign-in tests exercise them).
"$LVYUE_BIN" settings set auth.login_requests_per_minute 100000 >>"$TMP/seed.log" 2>&1 || { cat "$TMP/seed.log" >&2; exit 1; }

echo "== e2e: starting $LVYUE_BIN serve on $LVYUE_BIND"
(cd "$TMP" && exec "$LVYUE_BIN" serve >"$TMP/server.log" 2>&1) &
SERVER_PID=$!

BASE_URL="http://127.0.0.1:$PORT"
ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: the server exited" >&2
    exit 1
  fi
  if node -e "fetch('$BASE_URL/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then
    ready=1
    break
  fi
  sleep 0.5
done
[ -n "$ready" ] || { echo "e2e: $BASE_URL/readyz did not answer in 60 s" >&2; exit 1; }

mkdir -p screenshots
echo "== e2e: running Playwright against $BASE_URL"
LVYUE_E2E_URL="$BASE_URL" LVYUE_CHROMIUM="$CHROMIUM" npx playwright test "$@"
