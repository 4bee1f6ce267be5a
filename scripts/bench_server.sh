#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The push benchmark in one command: builds the release tools (preset `bench`), prepares a data directory
# with the demo data and an account per employee, starts jejak-server, drives it with jejak_loadgen
# (simulated devices pushing submissions), then inserts the same number of submissions' rows straight into
# the schema with jejak_insert_baseline in commits of the size the server achieved, and prints the table.
# A full run writes BENCHMARKS.md; --quick is a short smoke run that writes nothing.
#
#   scripts/bench_server.sh [--quick] [--devices N] [--duration S] [--warmup S] [--batch N] [--photos N]
#                           [--worker-threads N] [--keep]
#
# Exit status: 0 measured; 1 a step failed (its log is printed); 2 usage; 3 the server has no push route.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

devices=200
duration=20
warmup=2
batch=1
photos=1024
workers=""
quick=0
keep=0
usage() { sed -n '9,10p' "$0" | sed 's/^# *//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) quick=1; devices=8; duration=2; warmup=0; photos=16 ;;
    --devices) devices=${2:?}; shift ;;
    --duration) duration=${2:?}; shift ;;
    --warmup) warmup=${2:?}; shift ;;
    --batch) batch=${2:?}; shift ;;
    --photos) photos=${2:?}; shift ;;
    --worker-threads) workers=${2:?}; shift ;;
    --keep) keep=1 ;;
    -h|--help) usage ;;
    *) echo "bench_server: unknown argument $1" >&2; usage ;;
    esac
    shift
done

clock_start="2023-03-15T08:00:00+08:00"
bundle="$root/assets/demo/bundle.json"
build="$root/build/bench"
work="$build/bench-run"
data="$work/data"
password="bench-password-$$"

step() { printf '== %s\n' "$*"; }
fail() { echo "bench_server: $*" >&2; exit 1; }

step "build (preset bench: RelWithDebInfo with the benchmark tools)"
cmake --preset bench >"$build.configure.log" 2>&1 || { cat "$build.configure.log"; fail "configure failed"; }
cmake --build --preset bench --target jejak_server jejak_admin jejak_loadgen jejak_insert_baseline \
    >"$build.build.log" 2>&1 || { tail -50 "$build.build.log"; fail "build failed"; }
server_exe="$build/server/jejak-server"
admin_exe="$build/server/jejak-admin"
loadgen_exe="$build/tests/bench/jejak_loadgen"
baseline_exe="$build/tests/bench/jejak_insert_baseline"

step "prepare $data"
rm -rf "$work"
mkdir -p "$work"
printf '%s\n' "$password" >"$work/password"
"$admin_exe" init-db --data-dir "$data" >/dev/null
"$admin_exe" import --data-dir "$data" "$bundle" >/dev/null
mapfile -t nips < <("$loadgen_exe" --bundle "$bundle" --clock-start "$clock_start" --devices "$devices" \
    --list-authors)
[ ${#nips[@]} -gt 0 ] || fail "no employee of $bundle can submit an activity"
for nip in "${nips[@]}"; do
    "$admin_exe" user add --data-dir "$data" --nip "$nip" --password-ops-limit 1 --password-mem-limit-kib 8 \
        <"$work/password" >/dev/null
done
echo "${#nips[@]} accounts for $devices devices"

step "start jejak-server"
server_log="$work/server.log"
server_args=(--listen 127.0.0.1 --port 0 --data-dir "$data" --clock-start "$clock_start"
    --password-ops-limit 1 --password-mem-limit-kib 8)
[ -z "$workers" ] || server_args+=(--worker-threads "$workers")
"$server_exe" "${server_args[@]}" 2>"$server_log" &
server_pid=$!
cleanup() {
    if kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    [ "$keep" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
port=""
for _ in $(seq 1 200); do
    port=$(grep -o '"msg":"listening".*"port":[0-9]*' "$server_log" 2>/dev/null | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; fail "the server exited"; }
    sleep 0.1
done
[ -n "$port" ] || { cat "$server_log"; fail "the server did not report its port"; }
echo "pid $server_pid, port $port, $(grep -o '"workerThreads":[0-9]*' "$server_log" | cut -d: -f2) handler threads"

step "load: $devices devices, ${warmup}s warm-up + ${duration}s, $batch op(s) per push"
report="$work/loadgen.report"
loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
set +e
"$loadgen_exe" --port "$port" --bundle "$bundle" --password-file "$work/password" --clock-start "$clock_start" \
    --devices "$devices" --duration-s "$duration" --warmup-s "$warmup" --batch "$batch" --photos "$photos" \
    --server-pid "$server_pid" --report "$report"
loadgen_status=$?
set -e
if [ "$loadgen_status" = 3 ]; then
    echo "bench_server: POST /v1/sync/push answered 404: this server has no push endpoint yet." >&2
    echo "bench_server: no push figures were measured; BENCHMARKS.md is left unchanged." >&2
    exit 3
fi
[ -f "$report" ] || fail "the load generator failed before measuring (status $loadgen_status)"
value() { grep "^$1=" "$2" | head -1 | cut -d= -f2-; }

step "stop jejak-server"
kill -TERM "$server_pid"
wait "$server_pid" || fail "the server exited with status $?"
closed=$(grep '"msg":"database closed"' "$server_log" || true)
json_field() { printf '%s' "$closed" | grep -o "\"$1\":[0-9]*" | cut -d: -f2; }
batches=$(json_field writeBatches)
jobs=$(json_field writeJobsCommitted)
largest=$(json_field largestWriteBatch)
[ -n "$batches" ] && [ "$batches" -gt 0 ] || fail "the server's log has no write totals"
group=$(( (jobs + batches / 2) / batches ))
[ "$group" -ge 1 ] || group=1
echo "server committed $jobs write jobs in $batches commits: $group per commit on average (largest $largest)"

acked=$(value acked_total "$report")
[ "$acked" -gt 0 ] || fail "no submission was acknowledged"
# Three runs, each on a fresh file; the median counts (the disk's sync time varies from run to run).
step "baseline: $acked submissions' rows in commits of $group, 3 runs"
for i in 1 2 3; do
    "$baseline_exe" --db "$work/baseline-$i.db" --bundle "$bundle" --clock-start "$clock_start" --count "$acked" \
        --batch-size "$group" --devices "$devices" --photos "$photos" --report "$work/baseline-$i.report" \
        | grep 'baseline submissions/s'
    rm -f "$work/baseline-$i.db" "$work/baseline-$i.db-wal" "$work/baseline-$i.db-shm"
done
baseline_report=$(for i in 1 2 3; do
    echo "$(value baseline_submissions_per_s "$work/baseline-$i.report") $work/baseline-$i.report"
done | sort -n | sed -n 2p | cut -d' ' -f2)

rate=$(value submissions_per_s "$report")
base_rate=$(value baseline_submissions_per_s "$baseline_report")
ratio=$(awk -v a="$rate" -v b="$base_rate" 'BEGIN { if (b > 0) printf "%.0f", 100 * a / b; else print "n/a" }')
errors=$(value errors "$report")
rss_max=$(( $(value rss_max_kib "$report") / 1024 ))
rss_end=$(( $(value rss_end_kib "$report") / 1024 ))
table=$(cat <<EOF
| devices | ops/push | submissions/s | p50 ms | p90 ms | p99 ms | errors | server RSS max (end) | baseline submissions/s (rows/s) | ratio |
|---|---|---|---|---|---|---|---|---|---|
| $devices | $batch | $(printf '%.0f' "$rate") | $(value p50_ms "$report") | $(value p90_ms "$report") | $(value p99_ms "$report") | $errors | $rss_max MiB ($rss_end MiB) | $(printf '%.0f' "$base_rate") ($(printf '%.0f' "$(value baseline_rows_per_s "$baseline_report")")) | $ratio % |
EOF
)
echo
echo "$table"
echo

if [ "$quick" = 1 ]; then
    echo "quick run: BENCHMARKS.md left unchanged"
    exit 0
fi
command="scripts/bench_server.sh"
[ "$devices" = 200 ] || command+=" --devices $devices"
[ "$duration" = 20 ] || command+=" --duration $duration"
[ "$warmup" = 2 ] || command+=" --warmup $warmup"
[ "$batch" = 1 ] || command+=" --batch $batch"
[ "$photos" = 1024 ] || command+=" --photos $photos"
[ -z "$workers" ] || command+=" --worker-threads $workers"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
# The hand-written part (from "## Analysis" on) survives a new run.
analysis=""
[ ! -f "$root/BENCHMARKS.md" ] || analysis=$(sed -n '/^## Analysis/,$p' "$root/BENCHMARKS.md")
cat >"$root/BENCHMARKS.md" <<EOF
# Benchmarks

## Push: submissions per second

\`\`\`sh
$command
\`\`\`

Measured $(date -u +%Y-%m-%dT%H:%MZ) on commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- server shared sync tests/bench || echo ' (with local changes)'):
$(nproc) cores ($cpu), Linux $(uname -r), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM;
the load generator ran on the same machine as the server. Load average just before the load: $loadavg
(other processes shared the cores). CPU used during the load, in % of one core: server
$(value server_cpu_pct "$report"), load generator $(value loadgen_cpu_pct "$report").

$table

- **Load**: $devices devices, each with its own keep-alive connection and session, logged in as
  ${#nips[@]} demo employees; each sends \`POST /v1/sync/push\` with $batch \`submitActivity\` op(s) and
  waits for the answer before the next (closed loop) for ${duration} s after a ${warmup} s warm-up.
  Every activity is valid (team, SKP item, time inside the late window, one photo that was uploaded
  before the run), so each op is validated, routed, stored, fanned out and audited.
  $(value photos "$report") distinct JPEG photos of $(( $(value photo_bytes_avg "$report") / 1024 )) KiB are cited in turn.
- **submissions/s**: ops acknowledged \`ok\` by requests that completed inside the measured window,
  divided by its length. **Latency**: one push request, sent to answer received, over the window.
  **Errors**: ops not acknowledged, and failed requests.
- **Server RSS**: VmRSS of jejak-server from \`/proc/<pid>/status\` every 100 ms during the load.
- **Baseline**: jejak_insert_baseline inserts the rows of the same number of submissions ($acked) into a
  fresh database with the same schema, WAL and \`synchronous=FULL\`, in commits of $group submissions
  (the server's average: $jobs write jobs in $batches commits, largest $largest): activity, revision,
  evidence, applied op, change rows for every audience, a hash-chained audit entry. Rows are built before
  each commit; only the transaction is timed; the median of three runs counts. **Ratio** = server
  submissions/s / baseline submissions/s.

Targets (issue): >= 5,000 submissions/s with 200 devices, p99 < 50 ms, ratio >= 50 %. No test asserts a
timing; \`bench_tests\` runs the load generator briefly and checks only correctness.
EOF
[ -z "$analysis" ] || printf '\n%s\n' "$analysis" >>"$root/BENCHMARKS.md"
echo "wrote BENCHMARKS.md"
