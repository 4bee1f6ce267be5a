#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Renders the mobile app's main pages with the demo data to docs/screenshots/{phone,tablet}/*.png:
# builds a release, starts a demo server (as scripts/demo.sh does, on JEJAK_SHOT_PORT, default 8091) on a
# temporary data dir, fills it with scripts/demo_activities.sh, then logs each demo person into a fresh
# jejak-mobile and lets it render its pages (--screenshot-dir) at 360x640 and 1280x800 under xvfb-run
# (Material needs real OpenGL; the offscreen platform leaves its backgrounds blank), in the demo's time zone
# (WITA).
# JEJAK_SHOT_PRESET picks another CMake preset (default release).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
preset=${JEJAK_SHOT_PRESET:-release}
cmake --preset "$preset" >/dev/null
cmake --build "build/$preset" --target jejak_server jejak_admin jejak_field jejak_mobile

bin=build/$preset
port=${JEJAK_SHOT_PORT:-8091}
server_url=http://127.0.0.1:$port
clock_start=2023-03-15T08:00:00+08:00
out=docs/screenshots
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/server/jejak-admin" init-db --data-dir "$work/server" >/dev/null
"$bin/server/jejak-admin" import --data-dir "$work/server" assets/demo/bundle.json >/dev/null
source scripts/demo_accounts.sh
for account in "${accounts[@]}"; do
    IFS='|' read -r _ nip password <<<"$account"
    printf '%s\n' "$password" | "$bin/server/jejak-admin" user add --data-dir "$work/server" --nip "$nip" >/dev/null
done
"$bin/server/jejak-server" --listen 127.0.0.1 --port "$port" --data-dir "$work/server" \
    --clock-start "$clock_start" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
    curl -sf "$server_url/v1/health" >/dev/null && break
    sleep 0.2
done
scripts/demo_activities.sh "$bin/sync/client/jejak-field" "$server_url" "$work/field"

# shoot LABEL WxH NIP PASSWORD PAGE...: renders one person's pages, keeps the PAGEs listed.
shoot() {
    local label=$1 size=$2 nip=$3 password=$4
    shift 4
    local shots="$work/shots-$label-$nip"
    local login=()
    [ "$nip" = "-" ] || login=(--login-server "$server_url" --login-nip "$nip")
    printf '%s\n' "$password" | TZ=Asia/Makassar xvfb-run -a -s "-screen 0 1280x800x24" "$bin/mobile/jejak-mobile" \
        --data-dir "$work/app-$label-$nip" --clock-start "$clock_start" \
        --screenshot-dir "$shots" --size "$size" "${login[@]}"
    mkdir -p "$out/$label"
    for page in "$@"; do
        cp "$shots/$page.png" "$out/$label/$page.png"
    done
}

for target in phone:360x640 tablet:1280x800; do
    label=${target%%:*}
    size=${target#*:}
    shoot "$label" "$size" - - login
    shoot "$label" "$size" 199312012017031018 demo-pegawai activities activity-form activity-detail progress settings
    shoot "$label" "$size" 198605122010031004 demo-ketua-pak inbox photo
    shoot "$label" "$size" 197608212001031005 demo-penilai appraisals rating evaluation feedback
done
echo "screenshots in $out/phone and $out/tablet"
