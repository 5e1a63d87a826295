#!/usr/bin/env bash
# Makes sure the PostgreSQL server binaries, redis-server and chromium exist: the test targets
# start a throwaway PostgreSQL / Redis of their own (free port, temp dir), and the real-browser
# tests drive Debian's chromium. Nothing is left running: a system cluster or redis-server that
# the Debian packages start is stopped again.
#
# Missing and installable (root + apt-get): installs the Debian packages `postgresql`,
# `redis-server` and `chromium`, only the missing ones. Missing and not installable: under
# CI=true that is an error (exit 1); locally a warning (exit 0) and the tests that need them
# are skipped.
#
# Options: --no-browser leaves chromium out (the benchmarks need only PostgreSQL and Redis);
# --etcd adds Debian's `etcd-server` and `etcd-client` (the benchmarks measure etcd beside the
# server in the same run; outside CI a missing etcd only leaves its columns out).
#
# Execute it (`bash scripts/ensure-services.sh [--no-browser]`); do not source it, it exits.
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

# etcd, the baseline of the write and notify benchmarks (the bench starts a throwaway one).
have_etcd_server() {
  command -v etcd >/dev/null 2>&1 || [[ -x /usr/bin/etcd ]]
}

have_etcd_client() {
  command -v etcdctl >/dev/null 2>&1 || [[ -x /usr/bin/etcdctl ]]
}

# The headless browser of the real-browser tests (playwright-core drives it; it downloads none).
have_chromium() {
  [[ -x /usr/bin/chromium ]]
}

# kustomize as built into kubectl renders deploy/kubernetes for its test (offline). Debian's
# own `kubernetes-client` (1.20) is too old for Kustomize components; the `kubectl` package of
# the Kubernetes/Cloud SDK apt repository, where configured, is recent.
have_kubectl() {
  command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1
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
      etcd-server)
        if command -v service >/dev/null 2>&1; then service etcd stop >/dev/null 2>&1 || true; fi
        ;;
    esac
  done
}

check_browser=1
check_etcd=0
for arg in "$@"; do
  case "$arg" in
    --no-browser) check_browser=0 ;;
    --etcd) check_etcd=1 ;;
    *)
      log "unknown option: ${arg} (known: --no-browser, --etcd)"
      exit 2
      ;;
  esac
done

# What is checked, as Debian package names; every message below is built from this list.
wanted=(postgresql redis-server)
# --no-browser (the benchmarks) also leaves out the other test-only tool, kubectl.
((check_browser)) && wanted+=(chromium kubectl)
((check_etcd)) && wanted+=(etcd-server etcd-client)

have() {
  case "$1" in
    postgresql) have_postgres ;;
    redis-server) have_redis ;;
    chromium) have_chromium ;;
    kubectl) have_kubectl ;;
    etcd-server) have_etcd_server ;;
    etcd-client) have_etcd_client ;;
  esac
}

# How a message names it.
label() {
  case "$1" in
    postgresql) printf 'PostgreSQL' ;;
    *) printf '%s' "$1" ;;
  esac
}

# Where it is looked for.
where() {
  case "$1" in
    postgresql) printf 'PostgreSQL server binaries under /usr/lib/postgresql/*/bin' ;;
    redis-server) printf 'redis-server on PATH' ;;
    chromium) printf '/usr/bin/chromium' ;;
    kubectl) printf 'kubectl (with kustomize) on PATH' ;;
    etcd-server) printf 'etcd on PATH' ;;
    etcd-client) printf 'etcdctl on PATH' ;;
  esac
}

# What is skipped without it (outside CI).
skipped_without() {
  case "$1" in
    postgresql) printf 'the PostgreSQL test targets' ;;
    redis-server) printf 'the Redis tests' ;;
    chromium) printf 'the real-browser tests' ;;
    kubectl) printf 'the Kubernetes manifest test' ;;
    etcd-server) printf "the bench's etcd baselines" ;;
    etcd-client) printf "the bench's etcd version line" ;;
  esac
}

# "a", "a and b", "a, b and c".
join_and() {
  local out="" i
  for ((i = 1; i <= $#; i++)); do
    if ((i == 1)); then
      out="${!i}"
    elif ((i == $#)); then
      out+=" and ${!i}"
    else
      out+=", ${!i}"
    fi
  done
  printf '%s' "$out"
}

# Maps each package name given through one of the functions above.
each() {
  local fn="$1" package
  shift
  for package in "$@"; do
    "$fn" "$package"
    printf '\n'
  done
}

# The packages of `wanted` that are missing, one a line.
find_missing() {
  local package
  for package in "${wanted[@]}"; do
    have "$package" || printf '%s\n' "$package"
  done
}

mapfile -t missing < <(find_missing)

if ((${#missing[@]} == 0)); then
  present=()
  for package in "${wanted[@]}"; do
    if [[ "$package" == postgresql ]]; then
      present+=("PostgreSQL ($(compgen -G '/usr/lib/postgresql/*/bin/initdb' | head -n 1 | cut -d/ -f5))")
    else
      present+=("$(label "$package")")
    fi
  done
  log "$(join_and "${present[@]}") present"
  exit 0
fi

if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  log "installing missing Debian packages: ${missing[*]}"
  apt_get update -qq >&2
  # Recommends would pull ~120 more packages for chromium alone (and upgrade systemd); none of
  # them is needed to run the servers or a headless browser.
  apt_get install -y -qq --no-install-recommends "${missing[@]}" >&2
  stop_started_services "${missing[@]}"
  mapfile -t still_missing < <(find_missing)
  if ((${#still_missing[@]} > 0)); then
    log "installed ${missing[*]}, but still cannot find: ${still_missing[*]}"
    exit 1
  fi
  log "installed ${missing[*]}"
  exit 0
fi

why="not running as root"
[[ "$(id -u)" == 0 ]] && why="apt-get is not available"
they="they" them="them"
((${#missing[@]} == 1)) && they="it" them="it"
mapfile -t places < <(each where "${missing[@]}")
log "missing: ${missing[*]} ($(join_and "${places[@]}")); ${why}, so ${they} cannot be installed here."
log "install ${them} yourself, e.g.: sudo apt-get install -y ${missing[*]}"
if [[ "${CI:-}" == "true" ]]; then
  log "CI=true: anything missing fails the run"
  exit 1
fi
mapfile -t skipped < <(each skipped_without "${missing[@]}")
log "WARNING: $(join_and "${skipped[@]}") will be skipped on this machine (under CI=true they would fail the run)"
exit 0
