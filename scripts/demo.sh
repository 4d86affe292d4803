#!/usr/bin/env bash
# Installs what the demo needs and runs it: the emulator with the demo seed, a simulation and the console.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
pnpm install --frozen-lockfile
pnpm turbo run build --filter=@taskroute/demo... --output-logs=errors-only
exec node apps/demo/dist/bin.js "$@"
