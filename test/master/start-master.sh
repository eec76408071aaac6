#!/usr/bin/env bash
# Start a real Buildbot 3.7 master and its worker 'worker1' on 127.0.0.1 for tests and demos.
#   start-master.sh [DIR]   DIR gets master/ and worker/ (default: a new temporary folder)
# BB_MASTER_CONFIG=b starts the second test master instead (its own builders, worker
# 'worker-b'); a restart in DIR keeps DIR's choice. Installs Debian's buildbot and
# buildbot-worker first when missing (needs root). Ports: the environment's BB_WEB_PORT /
# BB_WORKER_PORT (0: any free one), else the ones this DIR used last time, else 8010 / 9989
# (master b: 8011 / 9990) when free, else free ones. Other settings: see master.cfg.
# Waits until the REST API answers and the worker is connected, leaves both running and prints
# the base URL (http://127.0.0.1:PORT/) as the last line of stdout. Stop: stop-master.sh DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/ports.sh"
. "$here/../lib/debian-packages.sh"
me=start-master.sh

need_debian_packages buildbot buildbot-worker

dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/buildbot-master-XXXXXX")}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
for pidfile in "$dir/master/twistd.pid" "$dir/worker/twistd.pid"; do
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$me: already running in $dir; stop it first: stop-master.sh $dir" >&2
    exit 1
  fi
done

# A restart in the same DIR starts the same master: its database holds that master's builders.
config_file="$dir/master-config"
saved_config=$(cat "$config_file" 2>/dev/null || true)
BB_MASTER_CONFIG=${BB_MASTER_CONFIG:-${saved_config:-a}}
if [ -n "$saved_config" ] && [ "$saved_config" != "$BB_MASTER_CONFIG" ]; then
  echo "$me: $dir holds test master $saved_config, not $BB_MASTER_CONFIG; use another DIR" >&2
  exit 1
fi
case $BB_MASTER_CONFIG in
  a) worker=worker1 default_web=8010 default_worker=9989 ;;
  b) worker=worker-b default_web=8011 default_worker=9990 ;;
  *) echo "$me: BB_MASTER_CONFIG must be a or b, not '$BB_MASTER_CONFIG'" >&2; exit 1 ;;
esac
export BB_MASTER_CONFIG
echo "$BB_MASTER_CONFIG" >"$config_file"

# A restart in the same DIR keeps its ports, so clients pointed at the master find it again.
ports_file="$dir/ports.env"
if [ -f "$ports_file" ]; then
  saved_web=$(sed -n 's/^BB_WEB_PORT=//p' "$ports_file")
  saved_worker=$(sed -n 's/^BB_WORKER_PORT=//p' "$ports_file")
  BB_WEB_PORT=${BB_WEB_PORT:-$saved_web}
  BB_WORKER_PORT=${BB_WORKER_PORT:-$saved_worker}
fi
BB_WEB_PORT=$(pick_port BB_WEB_PORT "$default_web")
BB_WORKER_PORT=$(pick_port BB_WORKER_PORT "$default_worker")
if [ "$BB_WEB_PORT" = "$BB_WORKER_PORT" ]; then
  echo "$me: BB_WEB_PORT and BB_WORKER_PORT are both $BB_WEB_PORT" >&2; exit 1
fi
export BB_WEB_PORT BB_WORKER_PORT
printf 'BB_WEB_PORT=%s\nBB_WORKER_PORT=%s\n' "$BB_WEB_PORT" "$BB_WORKER_PORT" >"$ports_file"

# From here on a failed start stops whatever it started.
started=no
cleanup() { [ "$started" = yes ] || bash "$here/stop-master.sh" "$dir" >&2 || true; }
trap cleanup EXIT

[ -f "$dir/master/buildbot.tac" ] || buildbot create-master -q -r "$dir/master" >&2
cp "$here/master.cfg" "$dir/master/master.cfg"
buildbot-worker create-worker -q -f -r "$dir/worker" "127.0.0.1:$BB_WORKER_PORT" "$worker" pass >&2
echo "buildbot-chat test harness <nobody@example.invalid>" >"$dir/worker/info/admin"
echo "$worker of buildbot-chat test master $BB_MASTER_CONFIG, on 127.0.0.1" >"$dir/worker/info/host"

# The www shim (see www-shim/) must be importable by the master each time it starts. No
# bytecode, so the repository's folder stays clean.
export PYTHONPATH="$here/www-shim${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1
# `buildbot start` gives up after 10 s without "BuildMaster is running" in the log unless told
# otherwise: too short on a busy machine, with many builders.
if ! buildbot start --start_timeout "${BB_START_TIMEOUT:-90}" "$dir/master" >"$dir/master-start.log" 2>&1; then
  echo "$me: the master did not start:" >&2
  cat "$dir/master-start.log" >&2
  tail -n 40 "$dir/master/twistd.log" >&2 || true
  exit 1
fi
if ! buildbot-worker start "$dir/worker" >"$dir/worker-start.log" 2>&1; then
  echo "$me: the worker did not start:" >&2
  cat "$dir/worker-start.log" >&2
  exit 1
fi

url="http://127.0.0.1:$BB_WEB_PORT/"
# Ready = the REST API answers and lists the worker as connected. With BB_AUTH=all reading needs
# a login first (GET /auth/login with Basic credentials sets the session cookie).
python3 - "$url" "${BB_AUTH:-}" "${BB_START_TIMEOUT:-90}" "$dir/master/twistd.pid" "$worker" <<'PY'
import base64, http.cookiejar, json, os, sys, time, urllib.request

url, auth, timeout, master_pidfile, worker = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], sys.argv[5]
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
viewer = "Basic " + base64.b64encode(b"viewer:viewer-pass").decode()
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        with open(master_pidfile) as f:
            os.kill(int(f.read()), 0)
    except (OSError, ValueError):
        sys.exit("start-master.sh: the master exited (see DIR/master/twistd.log)")
    try:
        if auth == "all":
            web.open(urllib.request.Request(url + "auth/login",
                                            headers={"Authorization": viewer}), timeout=5).read()
        with web.open(url + "api/v2/workers/" + worker, timeout=5) as answer:
            if json.load(answer)["workers"][0]["connected_to"]:
                sys.exit(0)
    except (OSError, ValueError, LookupError):
        pass
    time.sleep(0.2)
sys.exit(f"start-master.sh: {worker} not connected after {timeout:.0f} s "
         "(see DIR/master/twistd.log, DIR/worker/twistd.log)")
PY
started=yes
echo "$me: test master $BB_MASTER_CONFIG and $worker running in $dir (logs: $dir/*/twistd.log); stop: stop-master.sh $dir" >&2
echo "$url"
