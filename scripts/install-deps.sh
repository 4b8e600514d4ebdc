#!/usr/bin/env bash
# Installs everything tierdesk builds and tests with, from Debian 12's archive only.
set -euo pipefail
packages=(
  ca-certificates cmake ninja-build g++ pkg-config tzdata
  libexpected-dev libhowardhinnant-date-dev libtomlplusplus-dev libical-dev
  libsqlite3-dev libsqlitecpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  librestinio-dev libasio-dev libhttp-parser-dev libspdlog-dev libsodium-dev
  libcurl4-openssl-dev libgmime-3.0-dev libcmark-dev python3-aiosmtpd dovecot-imapd openssl
  googletest libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev libvalijson-dev
  postgresql-15 pgbouncer libpqxx-dev libpq-dev
)
# The web pages build with Node and npm and are tested in Chromium; TIERDESK_WEB=OFF leaves them
# out (a C++-only build). Debian's nodejs and npm only where npm is missing: a NodeSource nodejs
# already carries npm and conflicts with Debian's npm package.
if [ "${TIERDESK_WEB:-ON}" != OFF ]; then
  packages+=(chromium fonts-dejavu-core)
  command -v npm >/dev/null || packages+=(nodejs npm)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  # Packages with daemons (dovecot) must not start them: the tests start their own, on free
  # loopback ports. policy-rc.d is Debian's switch for that, as in containers.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
