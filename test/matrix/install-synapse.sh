#!/usr/bin/env bash
# Install Synapse, the reference Matrix homeserver, for the tests: once, into a cache folder
# that later runs reuse (they return at once).
#   install-synapse.sh [DIR]   DIR: SYNAPSE_CACHE if set, else ~/.cache/buildbot-chat/synapse
# Prints "chroot DIR/root" as the last line of stdout.
# Why a chroot: Debian carries matrix-synapse only in its unstable distribution (sid; not in
# bookworm, its backports or trixie), and CI machines reach Debian's mirrors but not the Python
# package index. So Synapse goes into a minimal sid system made with debootstrap, and runs there
# (start-synapse.sh). Needs root; about 4 minutes and 550 MB the first time. Concurrent callers
# wait for one another (flock); a failed install leaves nothing marked ready. DEBIAN_MIRROR
# overrides the mirror, which is otherwise the one this machine's apt uses.
set -uo pipefail
me=install-synapse.sh
dir=${1:-${SYNAPSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/buildbot-chat/synapse}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
exec 9>"$dir/.lock"
flock 9
root=$dir/root
if [ -f "$root/.ready" ]; then echo "chroot $root"; exit 0; fi

log=$dir/install.log
: >"$log"
say() { echo "$me: $*" | tee -a "$log" >&2; }
fail() { say "$*"; unmount_under "$tmp"; exit 1; }
tmp=$dir/root.tmp
# debootstrap mounts proc and sys in the new system; a killed run may leave them mounted, and
# rm -rf would then walk into the host's /proc and /sys.
unmount_under() {
  local m
  for m in $(awk -v p="$1" 'index($2, p) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null
  done
}
if [ "$(id -u)" != 0 ]; then say "Synapse is not installed in $dir and building it needs root"; exit 1; fi
started=$(date +%s)
unmount_under "$tmp"
# A system that debootstrap finished is kept for the next try (a failed package install).
[ -f "$tmp/.debootstrapped" ] || rm -rf --one-file-system "$tmp"

if ! command -v debootstrap >/dev/null; then
  say "installing Debian's debootstrap"
  { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      --no-install-recommends debootstrap; } >>"$log" 2>&1 || fail "could not install debootstrap (see $log)"
fi
# The first Debian mirror apt already uses (deb822 sources first, then sources.list).
mirror=${DEBIAN_MIRROR:-$(grep -hoE '^URIs:[[:space:]]*\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')}
[ -n "$mirror" ] || mirror=$(grep -hoE '^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?\S+/debian/?[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -1 | awk '{print $NF}')
[ -n "$mirror" ] || fail "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"

if [ ! -f "$tmp/.debootstrapped" ]; then
  say "making a Debian sid system in $tmp from $mirror (log: $log)"
  debootstrap --variant=minbase sid "$tmp" "$mirror" >>"$log" 2>&1 || fail "debootstrap failed: $(tail -1 "$log")"
  unmount_under "$tmp"
  touch "$tmp/.debootstrapped"
fi
cp /etc/resolv.conf "$tmp/etc/resolv.conf"
# No package may start a service inside the chroot (Debian's policy-rc.d convention).
printf '#!/bin/sh\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
chmod +x "$tmp/usr/sbin/policy-rc.d"
in_root() { chroot "$tmp" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
printf '%s\n' 'matrix-synapse matrix-synapse/server-name string localhost' \
  'matrix-synapse matrix-synapse/report-stats boolean false' | in_root debconf-set-selections >>"$log" 2>&1
say "installing Debian's matrix-synapse in it"
# sid's Release file is valid for a week only: a machine whose clock runs ahead of the mirror's
# would refuse it, and nothing here depends on its freshness.
{ in_root apt-get -o Acquire::Check-Valid-Until=false update -qq && in_root apt-get install -y -qq --no-install-recommends matrix-synapse; } >>"$log" 2>&1 ||
  fail "apt-get install matrix-synapse failed: $(tail -1 "$log")"
in_root apt-get clean >>"$log" 2>&1
in_root python3 -c 'import synapse.app.homeserver' >>"$log" 2>&1 || fail "synapse does not import: $(tail -1 "$log")"
unmount_under "$tmp"
rm -rf --one-file-system "$root"
mv "$tmp" "$root"
touch "$root/.ready"
say "installed in $(( $(date +%s) - started )) s, $(du -sh "$root" | cut -f1)"
echo "chroot $root"
