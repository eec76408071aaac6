#!/usr/bin/env bash
# Start Synapse, the reference Matrix homeserver, on 127.0.0.1 with SQLite, for tests and demos.
#   start-synapse.sh [DIR]
# Installs it first when missing (install-synapse.sh: a cached Debian sid chroot, needs root).
# The homeserver's folder lives inside the chroot, which is all Synapse sees: a new one under
# its /srv each time, or DIR, a folder an earlier start made, to start the same homeserver
# again (its database, users and port are kept). Port: SYNAPSE_PORT if set, else a free one.
# Server name "localhost": users are @NAME:localhost. Registration is closed; users are made
# with the shared secret in DIR/registration-secret (Synapse's /_synapse/admin/v1/register).
# Rate limits are raised far above what tests send, except messages when
# SYNAPSE_MESSAGES_PER_SECOND is set (to see M_LIMIT_EXCEEDED). Prints
# "http://127.0.0.1:PORT DIR" as the last line of stdout. Stop it with: stop-synapse.sh DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/ports.sh"
me=start-synapse.sh

root=$(bash "$here/install-synapse.sh" | tail -1 | sed -n 's/^chroot //p')
[ -n "$root" ] && [ -d "$root" ] || { echo "$me: Synapse is not installed" >&2; exit 1; }

if [ -n "${1:-}" ]; then
  dir=$(cd "$1" && pwd)
  [ -f "$dir/homeserver.yaml" ] || { echo "$me: $dir holds no homeserver.yaml from an earlier start" >&2; exit 1; }
else
  mkdir -p "$root/srv"
  dir=$(mktemp -d "$root/srv/synapse-XXXXXX")
fi
case "$dir" in "$root"/*) ;; *) echo "$me: $dir is not inside the chroot $root" >&2; exit 1 ;; esac
inside=${dir#"$root"}   # the same folder as Synapse sees it
if [ -f "$dir/synapse.pid" ] && kill -0 "$(cat "$dir/synapse.pid")" 2>/dev/null; then
  echo "$me: already running in $dir; stop it first: stop-synapse.sh $dir" >&2
  exit 1
fi

if [ ! -f "$dir/homeserver.yaml" ]; then
  SYNAPSE_PORT=${SYNAPSE_PORT:-0}
  port=$(pick_port SYNAPSE_PORT 8008)
  secret() { node -e 'console.log(require("node:crypto").randomBytes(24).toString("hex"))'; }
  shared=$(secret)
  fast='{per_second: 1000, burst_count: 1000}'
  messages=$fast
  if [ -n "${SYNAPSE_MESSAGES_PER_SECOND:-}" ]; then
    messages="{per_second: $SYNAPSE_MESSAGES_PER_SECOND, burst_count: ${SYNAPSE_MESSAGES_BURST:-1}}"
  fi
  umask 077   # the folder holds the shared secret and the signing key
  cat >"$dir/homeserver.yaml" <<CONF
server_name: localhost
pid_file: $inside/homeserver.pid
listeners:
  - port: $port
    bind_addresses: ['127.0.0.1']
    type: http
    tls: false
    x_forwarded: false
    resources: [{names: [client], compress: false}]
database:
  name: sqlite3
  args: {database: $inside/homeserver.db}
media_store_path: $inside/media
signing_key_path: $inside/signing.key
log_config: $inside/log.yaml
report_stats: false
enable_registration: false
registration_shared_secret: $shared
macaroon_secret_key: $(secret)
form_secret: $(secret)
trusted_key_servers: []
suppress_key_server_warning: true
presence: {enabled: false}
url_preview_enabled: false
# Tests send fast; Synapse's defaults are for people.
rc_message: $messages
rc_login:
  address: $fast
  account: $fast
  failed_attempts: $fast
rc_registration: $fast
rc_joins:
  local: $fast
  remote: $fast
rc_joins_per_room: $fast
rc_invites:
  per_room: $fast
  per_user: $fast
  per_issuer: $fast
rc_room_creation: $fast
rc_admin_redaction: $fast
rc_3pid_validation: $fast
rc_presence:
  per_user: $fast
CONF
  cat >"$dir/log.yaml" <<CONF
version: 1
formatters:
  precise: {format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'}
handlers:
  console: {class: logging.StreamHandler, formatter: precise}
loggers:
  synapse.storage.SQL: {level: WARNING}
root: {level: INFO, handlers: [console]}
disable_existing_loggers: false
CONF
  printf '%s\n' "$shared" >"$dir/registration-secret"
  echo "$port" >"$dir/port"
  # The server's signing key, in the format Synapse's --generate-keys writes ("ed25519 ID
  # SEED", the 32-byte seed in unpadded base64), made here: a second Python start costs seconds.
  node -e 'const c = require("node:crypto");
    console.log(`ed25519 a_${c.randomBytes(3).toString("hex")} ${c.randomBytes(32).toString("base64").replace(/=+$/, "")}`)' >"$dir/signing.key"
fi
port=$(cat "$dir/port")
if ! port_is_free "$port"; then echo "$me: port $port of $dir is in use" >&2; exit 1; fi

# setsid: Synapse leaves this script's process group, so it outlives the caller's shell.
# chroot and env exec, so the pid is Synapse's own.
setsid chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
  python3 -m synapse.app.homeserver --config-path "$inside/homeserver.yaml" >>"$dir/synapse.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$dir/synapse.pid"
url=http://127.0.0.1:$port
# Ready when the client API answers (a few seconds: Synapse prepares its database first).
for _ in $(seq 600); do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$url/_matrix/client/versions" 2>/dev/null; then
    echo "$url $dir"
    exit 0
  fi
  sleep 0.2
done
echo "$me: Synapse does not answer on $url; see $dir/synapse.log:" >&2
tail -n 30 "$dir/synapse.log" >&2
bash "$here/stop-synapse.sh" "$dir"
exit 1
