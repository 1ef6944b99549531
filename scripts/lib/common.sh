# Shared by scripts/test, scripts/demo and bench/run. Source it; do not run it.

GODWIT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Debian 12 packages the build, the tests and the demo need.
GODWIT_PACKAGES=(
  cmake g++ make ninja-build pkg-config ccache git
  libboost-dev libboost-filesystem-dev libboost-log-dev
  libpqxx-dev libsqlite3-dev sqlite3 libyaml-cpp-dev libssl-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql postgresql-client
)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs whatever of GODWIT_PACKAGES is missing. As a normal user it prints the command to run instead.
ensure_packages() {
  local missing=() pkg
  for pkg in "${GODWIT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}
run as root:  apt-get update && apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
}

# configure_and_build BUILD_DIR [extra cmake args...]
configure_and_build() {
  local build=$1; shift
  local generator=()
  command -v ninja >/dev/null && [ ! -f "$build/Makefile" ] && generator=(-G Ninja)
  log "configuring in $build"
  cmake -S "$GODWIT_ROOT" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  log "building ($(nproc) jobs)"
  cmake --build "$build" -j"$(nproc)"
}
