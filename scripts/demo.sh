#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The README's demo command: installs what is missing, builds a release, creates a fresh SQLite database
# seeded with the demo dataset (assets/demo/bundle.json), creates the demo accounts, prints them, and runs
# jejak-server on 127.0.0.1 until Ctrl-C.
#
# The demo data is the Perjanjian Kinerja 2023 of the seed, so the server's clock starts on
# 2023-03-15 08:00 WITA and runs from there (--clock-start); activities are validated against that date.
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

echo
echo "Jejak Kinerja demo server: http://127.0.0.1:$port   (data: $data, clock starts $clock_start)"
echo
printf '  %-42s %-20s %s\n' "Peran / role" "NIP" "Kata sandi / password"
for account in "${accounts[@]}"; do
    IFS='|' read -r role nip password <<<"$account"
    printf '  %-42s %-20s %s\n' "$role" "$nip" "$password"
done
echo
echo "Try: curl -s http://127.0.0.1:$port/v1/health"
echo "Stop with Ctrl-C."
echo
exec "$bin/jejak-server" --listen 127.0.0.1 --port "$port" --data-dir "$data" --clock-start "$clock_start"
