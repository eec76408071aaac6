#!/usr/bin/env bash
# npm run test:e2e [-- VITEST ARGS...] (and npm run test:faults): the end-to-end tests, against a real Buildbot master and
# a real IRC server that the e2e global setup starts (test/e2e/setup/start-servers.ts), and a
# real Synapse that the Matrix tests start (test/matrix/).
# Installs Debian's buildbot, buildbot-worker and ngircd first when missing (needs root), all
# in one apt-get run, before vitest starts anything.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/test/lib/debian-packages.sh"
need_debian_packages buildbot buildbot-worker ngircd
bash "$root/scripts/ensure-dependencies.sh"
# The Matrix tests need Synapse, which Debian carries only in unstable: the first run builds a
# small Debian sid chroot with it (minutes), kept in a cache folder that later runs reuse
# (SYNAPSE_CACHE, default ~/.cache/buildbot-chat/synapse). Only when the Matrix tests run.
if [ "${VITEST_PROJECT:-e2e}" = e2e ] && { [ $# -eq 0 ] || [[ " $* " == *matrix* ]]; }; then
  bash "$root/test/matrix/install-synapse.sh" >/dev/null
fi
cd "$root"
# VITEST_PROJECT=faults runs the fault suite (npm run test:faults) the same way.
exec npx vitest run --project "${VITEST_PROJECT:-e2e}" "$@"
