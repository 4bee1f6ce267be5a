#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages Jejak Kinerja needs to build, test and run. Idempotent: when every
# package is already present it only checks and returns. Uses sudo when not run as root.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git ca-certificates
    # shared/: SQLite, Boost.JSON; server/: Boost.Asio and Beast (headers of Boost 1.81; README says why not
    # cpprestsdk); Catch2 v2 for tests
    libsqlite3-dev sqlite3 libboost1.81-dev libboost-json1.81-dev catch2
    # sync/client/: Boost.URL parses the field client's server URLs
    libboost-url1.81-dev
    # server/: TLS through OpenSSL 3 (the openssl tool makes the TLS test's certificate)
    libssl-dev openssl
    # server/auth: Argon2id password hashes, token randomness and hashing
    libsodium-dev
    # server/ evidence: libjpeg-turbo (JPEG checks, thumbnails), libpng + zlib (PNG checks, thumbnails)
    libjpeg62-turbo-dev libpng-dev zlib1g-dev
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: all ${#packages[@]} packages present"
    exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
