#!/usr/bin/env bash
# Installs the project's dependencies when node_modules does not hold what package-lock.json
# asks for (scripts/dependencies-current.mjs),
# so that `npm test`, `npm run demo` and `npm run test:e2e` work as the first command on a
# fresh clone, in any order. better-sqlite3 compiles against this node's headers when no
# prebuilt binary can be downloaded (about two minutes, once).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if ! node scripts/dependencies-current.mjs; then
  echo "installing dependencies first (npm ci; better-sqlite3 may compile from source, about 2 minutes)" >&2
  npm_config_nodedir=$(dirname "$(dirname "$(command -v node)")")
  export npm_config_nodedir
  npm ci --no-audit --no-fund --loglevel=error
fi
