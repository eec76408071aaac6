#!/usr/bin/env bash
# Stop the worker and the master that start-master.sh started in DIR, by their pid files.
#   stop-master.sh DIR
# Signals a pid only while it is still buildbot's own process running in that folder: a stale
# pid file may name an unrelated process by now. TERM first, KILL after 15 s.
set -uo pipefail
dir=${1:?usage: stop-master.sh DIR}
dir=$(cd "$dir" 2>/dev/null && pwd) || exit 0

stop_twistd() {  # stop_twistd FOLDER
  local folder=$1 pidfile=$1/twistd.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; return 0; fi
  if ! grep -qa -e twistd -e buildbot "/proc/$pid/cmdline" ||
     [ "$(readlink "/proc/$pid/cwd")" != "$folder" ]; then
    echo "stop-master.sh: pid $pid in $pidfile is not buildbot in $folder; left alone" >&2
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 150); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "stop-master.sh: pid $pid still running after 15 s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null
  rm -f "$pidfile"
}

# the worker first, so the master does not log it as lost while shutting down
stop_twistd "$dir/worker"
stop_twistd "$dir/master"
exit 0
