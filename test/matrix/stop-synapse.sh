#!/usr/bin/env bash
# Stop the Synapse that start-synapse.sh started in DIR, by its pid file.
#   stop-synapse.sh DIR [--remove]    --remove: delete DIR too (its database and users)
# Signals the pid only while it is still Synapse with DIR's config: a stale pid file may name an
# unrelated process by now.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/terminate.sh"
dir=${1:?usage: stop-synapse.sh DIR [--remove]}
dir=$(cd "$dir" 2>/dev/null && pwd) || exit 0
pidfile=$dir/synapse.pid
if [ -f "$pidfile" ]; then
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    # Synapse runs in the chroot, so its config path is DIR's path as seen from inside it.
    config=$(tr '\0' '\n' <"/proc/$pid/cmdline" | grep -A1 -x -e --config-path | tail -1)
    if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q synapse.app.homeserver && [ -n "$config" ] &&
      [[ "$dir/homeserver.yaml" == *"$config" ]]; then
      terminate "$pid" 100   # Synapse may take a few seconds to close its database
    else
      echo "stop-synapse.sh: pid $pid in $pidfile is not Synapse from $dir; left alone" >&2
    fi
  fi
  rm -f "$pidfile"
fi
if [ "${2:-}" = --remove ]; then rm -rf --one-file-system "$dir"; fi
exit 0
