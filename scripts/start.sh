#!/usr/bin/env bash
# `npm start`: builds the server and what it depends on, then runs it from the repo root, so the
# default data directory is ./data (embedded SQLite at ./data/config.db). Needs no PostgreSQL or
# Redis. The environment is passed through untouched (PORT, DATABASE_URL, ...; see README).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

source scripts/ensure-pnpm.sh

# Build output goes to stderr: the server's own first line (where it listens, how to get the
# admin key) is then the first line it writes to stdout.
printf '[setup] building @config-service/server and its dependencies\n' >&2
pnpm turbo run build --filter '@config-service/server...' --output-logs=errors-only >&2

exec node apps/server/dist/main.js
