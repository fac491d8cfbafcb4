#!/usr/bin/env bash
# Installs the machine-level services the tests need, from Debian's packages.
#   bash scripts/services.sh chromium      headless Chromium for the HTML report's browser test
#   bash scripts/services.sh redis         Redis (`redis-server`) for @switchyard/redis's tests and fleet drills
#   bash scripts/services.sh chromium ...  several names at once
# Idempotent: a service already installed is left alone (a second run installs nothing).
# Quiet: one line per service (its version); apt's output is shown only when it fails.
# Nothing is left running: the tests start their own servers (each on 127.0.0.1, on a free port,
# in a temporary directory) and stop them.
#
# To add a service: write `service_<name>` below (check, install with `apt_install`, print the
# version) and add its name to `known_services`.
set -euo pipefail

known_services=(chromium redis)

usage() {
  echo "usage: bash scripts/services.sh <service>...  (services: ${known_services[*]})" >&2
  exit 64
}

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "switchyard services: installing needs root: run as root, or install sudo (tried: $*)" >&2
    exit 1
  fi
}

apt_updated=0

# Installs Debian packages without recommends, quietly; refreshes the package
# lists once when a package has no install candidate yet (fresh machine).
apt_install() { # <package>...
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "switchyard services: apt-get not found: this script installs Debian packages; install $* yourself" >&2
    exit 1
  fi
  local log package
  log="$(mktemp)"
  for package in "$@"; do
    if [ "$apt_updated" -eq 0 ] && ! apt-cache policy "$package" 2>/dev/null | grep -q 'Candidate: [^(]'; then
      if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "switchyard services: apt-get update failed (see above)" >&2
        exit 1
      fi
      apt_updated=1
    fi
  done
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
    >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "switchyard services: apt-get install $* failed (see above)" >&2
    exit 1
  fi
  rm -f "$log"
}

# Debian's `chromium`, at /usr/bin/chromium, for playwright-core's executablePath.
service_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "chromium: installing Debian's chromium (apt-get, about 100 MB)..." >&2
    apt_install chromium
  fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "switchyard services: chromium installed but /usr/bin/chromium is missing" >&2
    exit 1
  fi
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
}

# Debian's `redis-server`, at /usr/bin/redis-server. Debian's package starts a system service
# on port 6379 when installed; it is stopped and disabled here: the tests start their own.
service_redis() {
  if [ ! -x /usr/bin/redis-server ]; then
    echo "redis: installing Debian's redis-server (apt-get, about 2 MB)..." >&2
    apt_install redis-server
    stop_system_redis
  fi
  if [ ! -x /usr/bin/redis-server ]; then
    echo "switchyard services: redis-server installed but /usr/bin/redis-server is missing" >&2
    exit 1
  fi
  echo "redis: $(/usr/bin/redis-server --version 2>/dev/null | head -n 1)"
}

# Stops the system-wide redis that Debian's package starts (where an init system runs at all):
# nothing of ours uses it, and it should not hold port 6379 on a developer's machine.
stop_system_redis() {
  if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
    as_root systemctl disable --now redis-server >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    as_root service redis-server stop >/dev/null 2>&1 || true
  fi
}

[ "$#" -gt 0 ] || usage
for service in "$@"; do
  case " ${known_services[*]} " in
    *" $service "*) "service_$service" ;;
    *)
      echo "switchyard services: unknown service \"$service\" (known: ${known_services[*]})" >&2
      exit 64
      ;;
  esac
done
