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
printf '[setup] type-checking every package (turbo run typecheck)\n' >&2
pnpm turbo run typecheck --output-logs=errors-only
printf '[setup] checking the published packages (publint --strict, attw --pack)\n' >&2
bash scripts/check-packages.sh

# exec: vitest's exit code is the script's exit code.
exec pnpm exec vitest run "$@"
