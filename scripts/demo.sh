#!/usr/bin/env bash
# npm run demo: installs the project's dependencies on a fresh clone when missing
# (scripts/ensure-dependencies.sh), then runs scripts/demo.ts.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/ensure-dependencies.sh"
cd "$root"
exec node --import tsx scripts/demo.ts "$@"
