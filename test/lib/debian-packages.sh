# need_debian_packages PKG...: installs the Debian packages that are missing, with apt-get
# (needs root). CI starts on a fresh machine where nothing but node is installed.
need_debian_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "$(basename "$0"): missing Debian packages: ${missing[*]}; install them as root" >&2
    return 1
  fi
  echo "$(basename "$0"): installing Debian packages: ${missing[*]}" >&2
  # Wait for the dpkg lock rather than fail: two start scripts may install at the same time.
  local lock=(-o DPkg::Lock::Timeout=300)
  DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
}
