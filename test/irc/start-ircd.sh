#!/usr/bin/env bash
# Start a real IRC server (Debian's ngircd) on 127.0.0.1 for tests and demos.
#   start-ircd.sh [DIR]   DIR gets ngircd.conf, motd, ngircd.log, ngircd.pid
#                         (default: a new temporary folder)
# Installs ngircd first when missing (needs root). Port: IRC_PORT if set, else a free one.
# IRC operator: OPER admin $IRC_OPER_PASSWORD (default oper-pass), who may then give channel
# operator status (MODE #chan +o NICK). Prints "127.0.0.1 PORT DIR" as the last line of
# stdout. Stop it with: stop-ircd.sh DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib/ports.sh"
. "$here/../lib/debian-packages.sh"
me=start-ircd.sh

need_debian_packages ngircd
# /usr/sbin is not on every user's PATH
ngircd=$(PATH="$PATH:/usr/sbin" command -v ngircd)

dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/ircd-XXXXXX")}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
if [ -f "$dir/ngircd.pid" ] && kill -0 "$(cat "$dir/ngircd.pid")" 2>/dev/null; then
  echo "$me: already running in $dir; stop it first: stop-ircd.sh $dir" >&2
  exit 1
fi
IRC_PORT=${IRC_PORT:-0}
port=$(pick_port IRC_PORT 6667)

: >"$dir/motd"
# PAM = no: Debian builds ngircd with PAM, which would check every client's password.
# MaxNickLength 30: the default 9 is too short for bot nicks. MaxConnectionsIP 0: all test
# clients come from 127.0.0.1. Flood control (penalty times) stays ngircd's default on purpose:
# a client sending faster than about a line a second is slowed, then cut off with
# "Excess Flood", as on public networks, and the bot must cope with that.
cat >"$dir/ngircd.conf" <<CONF
[Global]
	Name = irc.test.invalid
	Info = buildbot-chat test IRC server
	Listen = 127.0.0.1
	Ports = $port
	MotdFile = $dir/motd
	AdminInfo1 = buildbot-chat test harness
	AdminInfo2 = loopback only
	AdminEMail = nobody@example.invalid
[Limits]
	MaxConnectionsIP = 0
	MaxJoins = 50
	MaxNickLength = 30
	PingTimeout = 120
[Options]
	PAM = no
	DNS = no
	Ident = no
	OperCanUseMode = yes
[Operator]
	Name = admin
	Password = ${IRC_OPER_PASSWORD:-oper-pass}
CONF
chmod 600 "$dir/ngircd.conf"  # it holds the operator password
if ! "$ngircd" --configtest --config "$dir/ngircd.conf" >"$dir/configtest.log" 2>&1; then
  echo "$me: ngircd rejects its config:" >&2; cat "$dir/configtest.log" >&2; exit 1
fi
# setsid: the server leaves this script's process group, so it outlives the caller's shell
setsid "$ngircd" --nodaemon --config "$dir/ngircd.conf" >"$dir/ngircd.log" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$dir/ngircd.pid"
for _ in $(seq 100); do
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "127.0.0.1 $port $dir"
    exit 0
  fi
  sleep 0.05
done
echo "$me: ngircd is not listening on 127.0.0.1:$port; see $dir/ngircd.log:" >&2
tail -n 20 "$dir/ngircd.log" >&2
bash "$here/stop-ircd.sh" "$dir"
exit 1
