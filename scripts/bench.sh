#!/usr/bin/env bash
# `pnpm bench` (or `npm run bench`): builds the server, then runs every benchmark suite in
# packages/bench and prints one table. Not part of `npm test`. Arguments go to the bench
# (`pnpm bench --only http`, `pnpm bench --quick`, `pnpm bench --duration 20`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/ensure-pnpm.sh
# PostgreSQL, Redis and etcd (the baseline of the write and notify suites): no suite drives a browser.
bash scripts/ensure-services.sh --no-browser --etcd

printf '[setup] building the server and the Node SDK (turbo run build)\n' >&2
pnpm turbo run build --filter '@config-service/server...' --filter '@config-service/node...' --output-logs=errors-only >&2

exec pnpm --filter @config-service/bench run bench "$@"
