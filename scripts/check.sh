#!/usr/bin/env bash
# The one command that installs everything needed and runs every build, typecheck, lint and test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

# Browser tests drive Debian's chromium through playwright-core; install it when missing and we are root.
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      echo "taskroute: installing Debian's chromium for the browser tests" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    fi
  fi
  if command -v chromium >/dev/null 2>&1; then export CHROMIUM_PATH="$(command -v chromium)"; fi
fi

pnpm install --frozen-lockfile
rm -rf packages/*/test-results apps/*/test-results
status=0
pnpm turbo run build typecheck lint test --concurrency=2 --output-logs=errors-only || status=$?
node scripts/test-summary.mjs || true
exit $status
