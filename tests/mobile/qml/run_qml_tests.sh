#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the Qt Quick tests against a real demo server: prepares a data dir with jejak-admin (demo bundle and
# accounts), starts jejak-server on a free port, fills it with scripts/demo_activities.sh (jejak-field
# devices), then runs mobile_qml_tests once per person, each on a fresh device:
#   tst_activity_form.qml as the field employee, tst_inbox.qml as the Ketua Tim PAK, tst_appraisal.qml as
#   the appraiser.
#
#   run_qml_tests.sh JEJAK_ADMIN JEJAK_SERVER JEJAK_FIELD MOBILE_QML_TESTS SOURCE_DIR WORK_DIR
set -euo pipefail
admin=$1 server=$2 field=$3 tests=$4 source=$5 work=$6
rm -rf "$work"
mkdir -p "$work"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

"$admin" init-db --data-dir "$work/server" >/dev/null
"$admin" import --data-dir "$work/server" "$source/assets/demo/bundle.json" >/dev/null
source "$source/scripts/demo_accounts.sh"
for account in "${accounts[@]}"; do
    IFS='|' read -r _ nip password <<<"$account"
    printf '%s\n' "$password" | "$admin" user add --data-dir "$work/server" --nip "$nip" \
        --password-ops-limit 1 --password-mem-limit-kib 8 >/dev/null
done
"$server" --listen 127.0.0.1 --port 0 --threads 2 --data-dir "$work/server" --password-ops-limit 1 \
    --password-mem-limit-kib 8 --clock-start 2023-03-15T08:00:00+08:00 >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
    port=$(grep -o '"msg":"listening"[^}]*"port":[0-9]*' "$work/server.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "jejak-server did not start:"; cat "$work/server.log"; exit 1; }
url=http://127.0.0.1:$port

"$source/scripts/demo_activities.sh" "$field" "$url" "$work/field"

mkdir -p -m 700 "${XDG_RUNTIME_DIR:-$work/xdg}"
status=0
run() { # test file, NIP, password
    echo "== $1 as $2"
    JEJAK_QML_SERVER=$url JEJAK_QML_NIP=$2 JEJAK_QML_PASSWORD=$3 \
        "$tests" -input "$source/tests/mobile/qml/$1" || status=1
}
run tst_activity_form.qml 199312012017031018 demo-pegawai
run tst_inbox.qml 198605122010031004 demo-ketua-pak
run tst_appraisal.qml 197608212001031005 demo-penilai
exit $status
