#!/bin/sh
# Installs buildbot-chat as a systemd service, after `npm install -g` (see the README's
# Packaging section). Run as root from anywhere:
#   sh "$(npm root -g)/buildbot-chat/packaging/install-systemd.sh"
# then edit /etc/buildbot-chat/buildbot-chat.yaml, put secrets in /etc/buildbot-chat/environment
# (TELEGRAM_TOKEN=..., BUILDBOT_PASSWORD=..., one per line) and
#   systemctl daemon-reload && systemctl enable --now buildbot-chat
#
# The service runs as the system user buildbot-chat, so the configuration folder and file
# belong to root and to its group (0750, 0640): root edits them, the bot can read them and
# nobody else can. The environment file is read by systemd itself (as root): 0600, root's.
# ROOT=/some/folder installs the files under that folder instead of / (a trial run; the user is
# still created on this system). An existing configuration is kept.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=${ROOT:-}
user=buildbot-chat
etc="$root/etc/buildbot-chat"

getent passwd "$user" >/dev/null ||
  useradd --system --user-group --home-dir /var/lib/buildbot-chat --shell /usr/sbin/nologin "$user"
install -d -m 0755 "$root/etc/systemd/system"
# Documentation= names the README installed next to this script (npm's global folder varies).
readme=$(cd "$here/.." && pwd)/README.md
sed "s|^Documentation=.*|Documentation=file://$readme|" "$here/buildbot-chat.service" >"$root/etc/systemd/system/buildbot-chat.service"
chmod 0644 "$root/etc/systemd/system/buildbot-chat.service"
install -d -m 0750 -o root -g "$user" "$etc"
if [ ! -e "$etc/buildbot-chat.yaml" ]; then
  # A relative database path would be resolved against /etc/buildbot-chat, which the unit keeps
  # read-only: the database lives in the unit's StateDirectory.
  sed 's|^database: .*|database: /var/lib/buildbot-chat/buildbot-chat.sqlite|' "$here/../config.example.yaml" >"$etc/buildbot-chat.yaml.new"
  chown "root:$user" "$etc/buildbot-chat.yaml.new"
  chmod 0640 "$etc/buildbot-chat.yaml.new"
  mv "$etc/buildbot-chat.yaml.new" "$etc/buildbot-chat.yaml"
fi
[ -e "$etc/environment" ] || install -m 0600 -o root -g root /dev/null "$etc/environment"
echo "installed: $root/etc/systemd/system/buildbot-chat.service, $etc/buildbot-chat.yaml (edit it), $etc/environment (secrets)"
