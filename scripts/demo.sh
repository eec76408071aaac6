#!/usr/bin/env bash
# npm run demo: installs the project's dependencies on a fresh clone (better-sqlite3 compiles
# against this node's headers, which takes about two minutes once), then runs scripts/demo.ts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
if [ ! -e node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "demo: installing dependencies (npm ci; better-sqlite3 compiles from source, about 2 minutes)"
  npm_config_nodedir=$(dirname "$(dirname "$(command -v node)")")
  export npm_config_nodedir
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node --import tsx scripts/demo.ts "$@"
