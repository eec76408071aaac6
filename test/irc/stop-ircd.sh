#!/usr/bin/env bash
# Stop the IRC server that start-ircd.sh started in DIR, by its pid file.
#   stop-ircd.sh DIR
# Signals the pid only while it is still ngircd with DIR's config: a stale pid file may name an
# unrelated process by now.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib/terminate.sh"
dir=${1:?usage: stop-ircd.sh DIR}
dir=$(cd "$dir" 2>/dev/null && pwd) || exit 0
pidfile=$dir/ngircd.pid
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill -0 "$pid" 2>/dev/null; then
  if tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "ngircd.*$dir/ngircd.conf"; then
    terminate "$pid"
  else
    echo "stop-ircd.sh: pid $pid in $pidfile is not ngircd from $dir; left alone" >&2
  fi
fi
rm -f "$pidfile"
exit 0
