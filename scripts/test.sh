#!/usr/bin/env bash
# `npm test`: everything a fresh clone needs, then every suite. Arguments go to vitest
# (`npm test -- packages/core`, `npm test -- -t rollback`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Sourced, so a pnpm installed outside the global npm prefix stays on PATH.
source scripts/ensure-pnpm.sh
bash scripts/ensure-services.sh

# The integration tests spawn the built server (apps/server/dist/main.js).
printf '[setup] building the workspace (turbo run build)\n' >&2
pnpm turbo run build --output-logs=errors-only
# One program for the packages on the base options (each file checked once, not once per
# package that imports it), then React and the examples on theirs: see tsconfig.typecheck.json.
# The two checks read the build and write nothing the other reads: side by side they take the
# longer one's time (~45 s here) instead of the sum (~75 s).
printf '[setup] type-checking every package (pnpm typecheck) and checking the published packages (publint --strict, attw --pack, size-limit), side by side\n' >&2
pnpm run --silent typecheck &
typecheck=$!
bash scripts/check-packages.sh &
packages=$!
wait "$typecheck" || { printf '[setup] the typecheck failed\n' >&2; kill "$packages" 2>/dev/null; exit 1; }
wait "$packages" || { printf '[setup] a published package failed its checks\n' >&2; exit 1; }

# exec: vitest's exit code is the script's exit code.
exec pnpm exec vitest run "$@"
