#!/usr/bin/env bash
# The two commands of the README:
#   bash scripts/dev.sh demo   runs the main job
#   bash scripts/dev.sh test   runs every test (what CI runs)
# Both install the pinned Node and pnpm and the dependencies first, once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/tools.sh
sy_tools

install_dependencies() {
  # --frozen-lockfile: CI and newcomers get exactly the locked versions.
  # A second run finds node_modules current and returns at once.
  # A failed install stops here: nothing below can run without it.
  pnpm install --frozen-lockfile --prefer-offline --reporter=append-only \
    | { grep -vE '^(Progress|Already up to date)' || true; }
  local status="${PIPESTATUS[0]}"
  if [ "$status" -ne 0 ]; then
    echo "switchyard: dependency install failed (pnpm exit $status); see above" >&2
    exit "$status"
  fi
}

command="${1:-}"
shift || true
case "$command" in
  demo)
    install_dependencies
    pnpm exec turbo run build --output-logs=errors-only
    exec pnpm --silent demo "$@"
    ;;
  test)
    install_dependencies
    # The HTML report's browser test needs Debian's chromium, @switchyard/redis's tests and the
    # fleet drills Debian's redis-server (each installed once; the tests start their own servers).
    bash scripts/services.sh chromium redis
    exec pnpm --silent run ci "$@"
    ;;
  *)
    echo "usage: bash scripts/dev.sh demo|test" >&2
    exit 64
    ;;
esac
