#!/usr/bin/env bash
# Scale: the router's throughput (wrk -t2 -c64) with the handful of routes of a plain run, then with
# 10,000 environments in the route table (5,000 projects × test and live, created through the REST API),
# and a standalone router's resident memory at 10,000 routes and with 1,000 open client connections.
# Then the comparison without order effects: two standalone routers side by side, one holding the
# 10,000 routes and one the few routes it kept from before the fill (its control panel unreachable, it
# serves its last known routes), measured in interleaved runs.
# Usage: bench/scale.sh [--quick]   (BENCH_PROJECTS=N to change the number of projects)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/proxies.sh"

PROJECTS=${BENCH_PROJECTS:-5000}
[ "$BENCH_QUICK" = 1 ] && PROJECTS=${BENCH_PROJECTS:-500}

require_tools
build_jar
deploy_nginx_backend
URL="http://127.0.0.1:$ROUTER_PORT/"
RESULTS="$BENCH_TMP/results.jsonl"
: >"$RESULTS"

routes() { api GET /routes | jq '.routes.environments | length'; }

measure() { # measure LABEL WARMUP
  log "$1: warm-up ${2}s in 5 s runs"
  warm_jvm "$URL" 2 64 "$2"
  for rep in $(seq 1 "$BENCH_REPS"); do
    log "$1: -t2 -c64 ${BENCH_DURATION}s (rep $rep)"
    run_wrk "scale/$1" "$URL" "$BENCH_HOST" 2 64 "$BENCH_DURATION" | tee -a "$RESULTS" >&2
  done
}

wait_for_quiet
MACHINE=$(machine_info)
SERVER_PID=$(pid_of server)
few=$(routes)
measure "$few routes" "$BENCH_JVM_WARMUP"
rss_server_few=$(rss_kib "$SERVER_PID")
start_router
sleep 3
rss_router_few=$(rss_kib "$(pid_of router)")
cp "$BENCH_TMP/router-state.json" "$BENCH_TMP/router-few-state.json"

log "creating $((PROJECTS - 1)) projects (two environments each) through the API"
read -r created fill_secs < <(python3 "$BENCH_DIR/fill.py" "$API" "$TOKEN" "file://$BENCH_REPO" "${BENCH_PROJECT}-" \
  "$((PROJECTS - 1))" 4 1800) || die "filling the route table stopped early (created ${created:-?})"
many=$(routes)
log "$created projects in ${fill_secs}s; the route table has $many environments"
# The standalone router catches up through its long poll; wait until it has the whole table on disk,
# so that its fetches of the table do not load the server while the embedded router is measured.
ROUTER_PID=$(pid_of router)
deadline=$((SECONDS + 120))
until [ "$(jq '.routes.environments | length' "$BENCH_TMP/router-state.json" 2>/dev/null || echo 0)" -ge "$many" ]; do
  [ $SECONDS -lt $deadline ] || die "the standalone router did not take the $many routes in 120 s"
  sleep 1
done
sleep 3
measure "$many routes" "$BENCH_WARMUP"
rss_server_many=$(rss_kib "$SERVER_PID")

rss_router_many=$(rss_kib "$ROUTER_PID")
log "standalone router: $rss_router_many KiB at $many routes; opening 1,000 connections"
# The first burst of 1,000 connections takes paths 64 never did (upstream connections all busy,
# requests queued for one): the JIT compiles them while serving (236 compilations in the first 10 s in a
# harness, 17 by the third run). Measured once cold, then after 15 s more of it, as a router in service.
c1000_first=$(run_wrk c1000-first "http://127.0.0.1:$STANDALONE_PORT/" "$BENCH_HOST" 2 1000 5)
warm_jvm "http://127.0.0.1:$STANDALONE_PORT/" 2 1000 15
hold=$((BENCH_DURATION + 10))
timeout $((hold + 30)) wrk --latency -t2 -c1000 -d"${hold}s" --timeout 10s -H "Host: $BENCH_HOST" \
  "http://127.0.0.1:$STANDALONE_PORT/" >"$BENCH_TMP/wrk-1000.out" 2>&1 &
wrk1000=$!
sleep $((hold / 2))
open=$(ss -Htn state established "( sport = :$STANDALONE_PORT )" | wc -l)
rss_router_1000=$(rss_kib "$ROUTER_PID")
wait "$wrk1000" || true
c1000=$(python3 "$BENCH_DIR/wrkparse.py" c1000 1000 <"$BENCH_TMP/wrk-1000.out")
sleep 2
rss_router_after=$(rss_kib "$ROUTER_PID")

# The few routes' router: the same command, fed by a control panel that is not there.
FEW_PORT=$(free_port)
start_bg router-few "$SLIPWAY_HOME/bin/slipway" router --control "http://127.0.0.1:$(free_port)" --token "$TOKEN" \
  --port "$FEW_PORT" --state "$BENCH_TMP/router-few-state.json"
deadline=$((SECONDS + 120))
until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $BENCH_HOST" "http://127.0.0.1:$FEW_PORT/")" = 200 ]; do
  [ $SECONDS -lt $deadline ] || die "the router with the few routes did not route $BENCH_HOST in 120 s"
  sleep 0.5
done
wait_for_quiet
SIDE="$BENCH_TMP/side-by-side.jsonl"
: >"$SIDE"
for pair in "$few routes=$FEW_PORT" "$many routes=$STANDALONE_PORT"; do
  log "standalone, ${pair%%=*}: warm-up ${BENCH_JVM_WARMUP}s in 5 s runs"
  warm_jvm "http://127.0.0.1:${pair#*=}/" 2 64 "$BENCH_JVM_WARMUP"
done
for rep in $(seq 1 "$BENCH_REPS"); do
  mapfile -t order < <(rotated "$rep" "$few routes=$FEW_PORT" "$many routes=$STANDALONE_PORT")
  for pair in "${order[@]}"; do
    log "standalone, ${pair%%=*}: -t2 -c64 ${BENCH_DURATION}s (rep $rep)"
    run_wrk "standalone, side by side/${pair%%=*}" "http://127.0.0.1:${pair#*=}/" "$BENCH_HOST" 2 64 "$BENCH_DURATION" \
      | tee -a "$SIDE" >&2
  done
done
stop_bg router-few

mkdir -p "$BENCH_DIR/out"
report="$BENCH_DIR/out/scale-$(date +%Y%m%d-%H%M%S).md"
cat "$RESULTS" "$SIDE" >"${report%.md}.jsonl"   # every repetition
# described WRK_JSON: one run_wrk result in words.
described() {
  echo "$1" | jq -r '"\(.requests) requests, \(.rps // 0 | floor) req/s, p50 \(.p50_us/1000) ms, p99 \(if .p99_us then "\(.p99_us/1000) ms" else "-" end), non-2xx \(.non2xx), socket errors \(.connect)/\(.read)/\(.write)/\(.timeout)\(if .error then " (wrk: \(.error))" else "" end)"'
}
mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k / 1024}'; }
{
  echo "### Scale: the embedded router with $few and with $many environments in the route table (wrk -t2 -c64, $BENCH_REPS × ${BENCH_DURATION}s)"
  echo
  echo "$MACHINE"
  echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- fill: $created projects (× test and live) created through the REST API, 4 clients in parallel, in ${fill_secs}s"
  echo "- backend: the static nginx container at $UPSTREAM; only its environment has a release, the others are routed to a 503"
  echo "- side by side: two standalone routers (\`slipway router\`), one fed the $many routes, one keeping the $few it had before the fill; ${BENCH_JVM_WARMUP}s warm-up each in 5 s runs, then runs alternating between them, the order swapped each repetition"
  for file in "$RESULTS" "$SIDE"; do
    python3 "$BENCH_DIR/table.py" <"$file"
    python3 - "$file" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r["rps"])
(few, a), (many, b) = sorted(by.items(), key=lambda item: int(item[0].split("/")[1].split()[0]))[:2]
measured = lambda values: [v for v in values if v]  # a failed wrk run has no req/s
change = statistics.median(measured(b)) / statistics.median(measured(a)) - 1
setting = few.split('/')[0]
print(f"\n{setting}: throughput with {many.split('/')[1]} against {few.split('/')[1]}: {change:+.1%} (median req/s).")
if setting.startswith("standalone"):
    # The two routers ran next to each other in every repetition: compare them there too.
    pairs = [y / x - 1 for x, y in zip(a, b) if x and y]
    print(f"Within each repetition: median {statistics.median(pairs):+.1%}, mean {statistics.mean(pairs):+.1%}, "
          f"from {min(pairs):+.1%} to {max(pairs):+.1%}; under 5% lost in {sum(p > -0.05 for p in pairs)} of {len(pairs)}.")
PY
  done
  echo
  echo "| resident memory (VmRSS) | at $few routes | at $many routes | $many routes + $open open client connections (wrk -c1000, under load) | after they closed |"
  echo "|---|---|---|---|---|"
  echo "| standalone \`slipway router --control\` | $(mib "$rss_router_few") | $(mib "$rss_router_many") | $(mib "$rss_router_1000") | $(mib "$rss_router_after") |"
  echo "| \`slipway server\` (panel + embedded router, one JVM) | $(mib "$rss_server_few") | $(mib "$rss_server_many") | - | - |"
  echo
  echo "wrk -c1000 through the standalone router, the first 5 s burst: $(described "$c1000_first")"
  echo
  echo "wrk -c1000 through the standalone router, after 15 s more at 1,000 connections: $(described "$c1000")"
} | tee "$report"
log "table written to $report"
