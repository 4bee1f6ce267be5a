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
    # mobile/: Qt 6.4 (Quick, Controls Material, Network, WebSockets, Multimedia, Positioning), QtTest,
    # Qt Linguist (lrelease), the QML modules the pages import, plugins (offscreen/xcb, JPEG, SVG)
    qt6-base-dev qt6-base-dev-tools qt6-declarative-dev qt6-declarative-dev-tools qt6-websockets-dev
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-dialogs qml6-module-qtqml
    qml6-module-qtqml-models qml6-module-qtqml-workerscript qml6-module-qttest qml6-module-qtcore
    qml6-module-qt-labs-settings qml6-module-qt-labs-platform qml6-module-qtwebsockets
    qt6-multimedia-dev qml6-module-qtmultimedia qt6-positioning-dev qml6-module-qtpositioning
    libqt6positioning6-plugins qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins
    qt6-image-formats-plugins qt6-svg-dev libgl-dev
    # screenshots of the mobile pages: Xvfb (full OpenGL for Material), ImageMagick and the font the demo
    # photos are captioned with
    xvfb xauth x11-utils imagemagick fonts-dejavu-core
    # demo.sh and screenshots.sh wait for the server's health endpoint
    curl
    # scripts/bench_sync.sh: network namespaces, tc tbf, iptables loss and NFQUEUE, ss -K, and the NFQUEUE
    # delay tool (tests/bench/link_delay.cpp)
    iproute2 iptables libnetfilter-queue-dev
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
