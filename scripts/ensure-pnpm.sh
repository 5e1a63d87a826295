#!/usr/bin/env bash
# Puts pnpm 12.4.2 (the root package.json's packageManager) on PATH and installs the
# workspace dependencies from the lockfile.
#
# Meant to be sourced (`source scripts/ensure-pnpm.sh`) by scripts/test.sh and scripts/start.sh,
# so that a pnpm installed outside the global npm prefix stays on the caller's PATH; it also
# works when executed. Everything lives in functions so a sourcing script gets no stray variables.
set -euo pipefail

CONFIG_SERVICE_PNPM_VERSION=12.4.2

_cs_setup_log() {
  printf '[setup] %s\n' "$*" >&2
}

_cs_pnpm_version() {
  # Asked from the repo root: that is the pnpm every later command runs with.
  (cd "$1" && pnpm --version 2>/dev/null | tail -n 1 | tr -d '[:space:]') || true
}

_cs_ensure_pnpm_binary() {
  local root=$1 want=$CONFIG_SERVICE_PNPM_VERSION have
  if command -v pnpm >/dev/null 2>&1; then
    have=$(_cs_pnpm_version "$root")
    if [[ "$have" == "$want" ]]; then
      return 0
    fi
    _cs_setup_log "pnpm ${have:-(unusable)} found, ${want} required: installing pnpm@${want} with npm"
  else
    _cs_setup_log "pnpm not found: installing pnpm@${want} with npm"
  fi

  if npm install -g --silent --no-fund --no-audit "pnpm@${want}" >&2; then
    # The global prefix's bin may not be on PATH (nvm, custom prefixes).
    PATH="$(npm prefix -g)/bin:$PATH"
  else
    # No write access to the global prefix (not root, system Node): use a per-user prefix.
    local prefix="${XDG_CACHE_HOME:-$HOME/.cache}/config-service/pnpm-${want}"
    _cs_setup_log "global npm install failed; installing pnpm@${want} into ${prefix}"
    npm install -g --silent --no-fund --no-audit --prefix "$prefix" "pnpm@${want}" >&2
    PATH="$prefix/bin:$PATH"
  fi
  export PATH
  hash -r

  have=$(_cs_pnpm_version "$root")
  if [[ "$have" != "$want" ]]; then
    _cs_setup_log "pnpm ${want} was installed, but \`pnpm --version\` says '${have}': check PATH ($(command -v pnpm || echo 'no pnpm'))"
    return 1
  fi
  _cs_setup_log "pnpm ${want} ready ($(command -v pnpm))"
}

# True when node_modules was installed after every input of the install last changed.
_cs_install_is_current() {
  local root=$1 marker="$1/node_modules/.modules.yaml" input
  [[ -f "$marker" ]] || return 1
  for input in "$root/pnpm-lock.yaml" "$root/pnpm-workspace.yaml" "$root/package.json" \
    "$root"/packages/*/package.json "$root"/apps/*/package.json "$root"/examples/*/package.json; do
    [[ -e "$input" ]] || continue
    [[ "$marker" -nt "$input" ]] || return 1
  done
  return 0
}

_cs_ensure_pnpm_main() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

  _cs_ensure_pnpm_binary "$root"

  if _cs_install_is_current "$root"; then
    _cs_setup_log "dependencies up to date (node_modules newer than pnpm-lock.yaml)"
    return 0
  fi
  _cs_setup_log "installing workspace dependencies (pnpm install --frozen-lockfile)"
  (cd "$root" && pnpm install --frozen-lockfile >&2)
  # A no-op install leaves .modules.yaml as it was; mark it so the next run can skip. pnpm
  # reads the file's content, never its modification time.
  touch "$root/node_modules/.modules.yaml"
}

_cs_ensure_pnpm_main
unset -f _cs_setup_log _cs_pnpm_version _cs_ensure_pnpm_binary _cs_install_is_current _cs_ensure_pnpm_main
