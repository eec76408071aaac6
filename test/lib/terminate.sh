# terminate PID [TENTHS]: ask a server started by a test script to stop (SIGTERM), give it
# TENTHS tenths of a second (default 50) to end, then kill it (SIGKILL). Source this file.
terminate() {
  local pid=$1 tenths=${2:-50}
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq "$tenths"); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  return 0
}
