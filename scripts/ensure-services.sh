#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries and redis-server exist, for the test targets that
# start a throwaway PostgreSQL / Redis of their own (free port, temp dir). Nothing is left
# running: a system cluster or redis-server that the Debian packages start is stopped again.
#
# Missing and installable (root + apt-get): installs the Debian packages `postgresql` and
# `redis-server`, only the missing ones. Missing and not installable: under CI=true that is
# an error (exit 1); locally a warning (exit 0) and the test harness skips those targets.
#
# Execute it (`bash scripts/ensure-services.sh`); do not source it, it exits.
set -euo pipefail

log() {
  printf '[setup] %s\n' "$*" >&2
}

have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

have_redis() {
  command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]]
}

# The headless browser of the real-browser tests (playwright-core drives it; it downloads none).
have_chromium() {
  [[ -x /usr/bin/chromium ]]
}

# Another apt/dpkg (unattended upgrades, a parallel setup) may hold the lock: wait for it,
# and retry a few times for the locks that DPkg::Lock::Timeout does not cover.
apt_get() {
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 "$@"; then
      return 0
    fi
    if ((attempt == 6)); then
      return 1
    fi
    log "apt-get $1 failed (attempt ${attempt}; apt may be busy): retrying in 20 s"
    sleep 20
  done
}

# Only for packages installed just now: a cluster or redis-server someone runs on purpose is
# left alone. policy-rc.d often keeps them from starting at all; failures here are harmless.
stop_started_services() {
  local package ver name _port status _rest
  for package in "$@"; do
    case "$package" in
      postgresql)
        if command -v pg_lsclusters >/dev/null 2>&1 && command -v pg_ctlcluster >/dev/null 2>&1; then
          # Columns: Ver Cluster Port Status Owner Data-directory Log-file
          while read -r ver name _port status _rest; do
            if [[ "$status" == online* ]]; then
              log "stopping the PostgreSQL cluster ${ver}/${name} that the package started"
              pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true
            fi
          done < <(pg_lsclusters --no-header 2>/dev/null || true)
        fi
        if command -v service >/dev/null 2>&1; then service postgresql stop >/dev/null 2>&1 || true; fi
        ;;
      redis-server)
        if command -v service >/dev/null 2>&1; then service redis-server stop >/dev/null 2>&1 || true; fi
        ;;
    esac
  done
}

missing=()
have_postgres || missing+=(postgresql)
have_redis || missing+=(redis-server)
have_chromium || missing+=(chromium)

if ((${#missing[@]} == 0)); then
  log "PostgreSQL ($(compgen -G '/usr/lib/postgresql/*/bin/initdb' | head -n 1 | cut -d/ -f5)) and redis-server present"
  exit 0
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  log "installing missing Debian packages: ${missing[*]}"
  apt_get update -qq >&2
  apt_get install -y -qq "${missing[@]}" >&2
  stop_started_services "${missing[@]}"
  still_missing=()
  have_postgres || still_missing+=(postgresql)
  have_redis || still_missing+=(redis-server)
  have_chromium || still_missing+=(chromium)
  if ((${#still_missing[@]} > 0)); then
    log "installed ${missing[*]}, but still cannot find: ${still_missing[*]}"
    exit 1
  fi
  log "installed ${missing[*]}"
  exit 0
fi

why="not running as root"
[[ "$(id -u)" == 0 ]] && why="apt-get is not available"
log "missing: ${missing[*]} (PostgreSQL server binaries under /usr/lib/postgresql/*/bin, redis-server on PATH); ${why}, so they cannot be installed here."
log "install them yourself, e.g.: sudo apt-get install -y postgresql redis-server"
if [[ "${CI:-}" == "true" ]]; then
  log "CI=true: a missing service fails the run"
  exit 1
fi
log "WARNING: the PostgreSQL/Redis test targets will be skipped on this machine (under CI=true they would fail the run)"
exit 0
