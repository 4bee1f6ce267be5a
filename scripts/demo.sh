#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The README's demo command: installs what is missing, builds a release, creates a fresh SQLite database
# seeded with the demo dataset (assets/demo/bundle.json), creates the demo accounts, starts jejak-server on
# 127.0.0.1, fills it with a short story of activities through headless field devices
# (scripts/demo_activities.sh), prints the accounts, and starts the mobile client (jejak-mobile) against
# the server. With a display the app opens in a phone-sized window (log in with any account printed); on a
# machine without one it renders the field employee's pages under Xvfb to $data/screenshots. The server
# runs until Ctrl-C.
#
# The demo data is the Perjanjian Kinerja 2023 of the seed, so the server's and the devices' clocks start
# on 2023-03-15 08:00 WITA and run from there (--clock-start); activities are validated against that date.
# Environment: JEJAK_DEMO_PORT (default 8080), JEJAK_DEMO_DIR (default build/demo-data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release

bin=build/release/server
data=${JEJAK_DEMO_DIR:-build/demo-data}
port=${JEJAK_DEMO_PORT:-8080}
clock_start=2023-03-15T08:00:00+08:00

rm -rf "$data"
"$bin/jejak-admin" init-db --data-dir "$data"
"$bin/jejak-admin" import --data-dir "$data" assets/demo/bundle.json

source scripts/demo_accounts.sh
for account in "${accounts[@]}"; do
    IFS='|' read -r _ nip password <<<"$account"
    printf '%s\n' "$password" | "$bin/jejak-admin" user add --data-dir "$data" --nip "$nip" >/dev/null
done

server_url=http://127.0.0.1:$port
"$bin/jejak-server" --listen 127.0.0.1 --port "$port" --data-dir "$data" --clock-start "$clock_start" \
    >"$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    curl -sf "$server_url/v1/health" >/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log"; exit 1; }
    sleep 0.2
done
echo "Filling the demo with activities from headless field devices (jejak-field) ..."
scripts/demo_activities.sh build/release/sync/client/jejak-field "$server_url" "$data/field" >/dev/null

echo
echo "Jejak Kinerja demo server: $server_url   (data: $data, log: $data/server.log, clock starts $clock_start)"
echo
printf '  %-42s %-20s %s\n' "Peran / role" "NIP" "Kata sandi / password"
for account in "${accounts[@]}"; do
    IFS='|' read -r role nip password <<<"$account"
    printf '  %-42s %-20s %s\n' "$role" "$nip" "$password"
done
echo
mobile=(build/release/mobile/jejak-mobile --data-dir "$data/mobile" --clock-start "$clock_start")
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "Starting the mobile client (server address $server_url) ..."
    "${mobile[@]}" || true
else
    echo "No display: rendering the field employee's pages of the mobile client under Xvfb (in WITA) ..."
    IFS='|' read -r _ nip password <<<"${accounts[0]}"
    printf '%s\n' "$password" | TZ=Asia/Makassar xvfb-run -a -s "-screen 0 1280x800x24" "${mobile[@]}" \
        --screenshot-dir "$data/screenshots" --login-server "$server_url" --login-nip "$nip"
    echo "Pages of the mobile client: $data/screenshots/*.png"
fi
echo
echo "Try: curl -s $server_url/v1/health   or the field client: build/release/sync/client/jejak-field --help"
echo "The server keeps running; stop it with Ctrl-C."
wait "$server_pid"
