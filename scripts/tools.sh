#!/usr/bin/env bash
# Obtains the pinned Node.js and pnpm into ./.tools (git-ignored) from the npm
# registry, and puts them first on PATH. Source it: `source scripts/tools.sh`.
#
# Why not the machine's node or corepack: machines may have Node 20, and
# corepack's download fails its signature check on machines without internet.
# The `node` npm package only runs a preinstall script that installs the
# platform package `node-<platform>-<arch>`; we install that package directly,
# so no install script of a dependency ever runs here.
# A second run finds both tools in place and installs nothing.

SWITCHYARD_NODE_VERSION=24.21.0
SWITCHYARD_PNPM_VERSION=10.34.8

_sy_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_sy_tools="$_sy_root/.tools"

_sy_platform() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "switchyard: unsupported OS $(uname -s); install Node $SWITCHYARD_NODE_VERSION yourself" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "switchyard: unsupported CPU $(uname -m)" >&2; return 1 ;;
  esac
  echo "$os-$arch"
}

_sy_npm_install() { # <prefix> <package@version>
  mkdir -p "$1"
  npm install --prefix "$1" --no-save --no-package-lock --ignore-scripts \
    --no-audit --no-fund --loglevel=error "$2" 2>&1 | grep -v 'Unknown user config' >&2 || true
}

sy_tools() {
  local platform node_dir pnpm_dir
  platform="$(_sy_platform)" || return 1
  node_dir="$_sy_tools/node-$SWITCHYARD_NODE_VERSION"
  pnpm_dir="$_sy_tools/pnpm-$SWITCHYARD_PNPM_VERSION"
  local node_bin="$node_dir/node_modules/node-$platform/bin"
  if [ ! -x "$node_bin/node" ]; then
    echo "switchyard: installing Node $SWITCHYARD_NODE_VERSION into .tools (once)" >&2
    command -v npm >/dev/null || { echo "switchyard: npm is needed to fetch Node" >&2; return 1; }
    _sy_npm_install "$node_dir" "node-$platform@$SWITCHYARD_NODE_VERSION"
    [ -x "$node_bin/node" ] || { echo "switchyard: could not install node-$platform@$SWITCHYARD_NODE_VERSION from the npm registry" >&2; return 1; }
  fi
  export PATH="$node_bin:$PATH"
  local pnpm_bin="$pnpm_dir/node_modules/.bin"
  if [ ! -x "$pnpm_bin/pnpm" ]; then
    echo "switchyard: installing pnpm $SWITCHYARD_PNPM_VERSION into .tools (once)" >&2
    _sy_npm_install "$pnpm_dir" "pnpm@$SWITCHYARD_PNPM_VERSION"
    [ -x "$pnpm_bin/pnpm" ] || { echo "switchyard: could not install pnpm@$SWITCHYARD_PNPM_VERSION" >&2; return 1; }
  fi
  export PATH="$pnpm_bin:$PATH"
  # Keep pnpm's store inside the project so nothing outside it is touched.
  export npm_config_store_dir="$_sy_tools/pnpm-store"
  export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
}
