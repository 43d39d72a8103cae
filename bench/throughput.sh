#!/usr/bin/env bash
# Throughput and latency: Slipway's router against host nginx, HAProxy and direct requests, all in front
# of one container deployed through Slipway (static nginx, one worker). Two settings: as a user deploys
# them, and one core each (BENCH_SETTINGS=3 adds a third: one core each with the backend held to wrk's
# core). wrk -t2 -c64 and -t1 -c1; a warm-up, then repetitions interleaved across the targets, in an
# order that rotates each repetition, so that a burst of outside load hits them all alike.
# Usage: bench/throughput.sh [--quick]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/proxies.sh"

require_tools
build_jar
deploy_nginx_backend
log "backend at $UPSTREAM, deployed in ${DEPLOY_SECS}s"

RESULTS="$BENCH_TMP/results.jsonl"
: >"$RESULTS"
CORES=$(nproc)

# measure SETTING WRK_CPUS TARGET=URL...: warm-up, then interleaved repetitions, for -c64 and -c1.
measure() {
  local setting=$1 cpus=$2; shift 2
  local shape threads conns target url rep
  for shape in "2 64" "1 1"; do
    read -r threads conns <<<"$shape"
    for pair in "$@"; do
      target=${pair%%=*}; url=${pair#*=}
      if [ "$target" = slipway ]; then
        log "$setting: warm-up $target -c$conns ${BENCH_JVM_WARMUP}s in 5 s runs"
        warm_jvm "$url" "$threads" "$conns" "$BENCH_JVM_WARMUP" "$cpus"
      else
        log "$setting: warm-up $target -c$conns ${BENCH_WARMUP}s"
        run_wrk "warm" "$url" "$BENCH_HOST" "$threads" "$conns" "$BENCH_WARMUP" "$cpus" >/dev/null
      fi
    done
    for rep in $(seq 1 "$BENCH_REPS"); do
      mapfile -t order < <(rotated "$rep" "$@")
      for pair in "${order[@]}"; do
        target=${pair%%=*}; url=${pair#*=}
        log "$setting: $target -t$threads -c$conns ${BENCH_DURATION}s (rep $rep)"
        run_wrk "$setting/$target" "$url" "$BENCH_HOST" "$threads" "$conns" "$BENCH_DURATION" "$cpus" | tee -a "$RESULTS" >&2
      done
    done
  done
}

wait_for_quiet
MACHINE=$(machine_info)

# 1. As a user deploys them: nginx worker_processes auto, HAProxy a thread per core, the embedded router.
start_nginx auto "$UPSTREAM"
start_haproxy "$CORES" "$UPSTREAM"
measure "as a user deploys them" "" \
  "direct=http://$UPSTREAM/" \
  "nginx=http://127.0.0.1:$NGINX_PORT/" \
  "haproxy=http://127.0.0.1:$HAPROXY_PORT/" \
  "slipway=http://127.0.0.1:$ROUTER_PORT/"
stop_bg nginx
stop_bg haproxy

# 2. One core each: every proxy on core 1 (the router as its own process, told it has one processor),
#    wrk on core 0; the backend container is not pinned.
start_nginx 1 "$UPSTREAM" 1
start_haproxy 1 "$UPSTREAM" 1
start_router 1
ONE_CORE=("direct=http://$UPSTREAM/" "nginx=http://127.0.0.1:$NGINX_PORT/" "haproxy=http://127.0.0.1:$HAPROXY_PORT/"
  "slipway=http://127.0.0.1:$STANDALONE_PORT/")
measure "one core each" 0 "${ONE_CORE[@]}"

# 3. The same, with the backend container held to wrk's core. Left free, Linux sometimes moves the
#    backend onto the proxy's core and keeps it there for part of a run (more often behind the router:
#    see bench/RESULTS.md), so the proxy no longer has its core to itself. Here it does.
#    With the backend a container, wrk and it then fill core 0 and every proxy lands near direct
#    requests' figure (run I in bench/RESULTS.md), so this setting is only run with BENCH_SETTINGS=3.
if [ "${BENCH_SETTINGS:-2}" -ge 3 ]; then
  backend=$(docker ps -q --filter "label=slipway.instance=$BENCH_INSTANCE" --filter "label=slipway.project=$BENCH_PROJECT" \
    --filter "label=slipway.environment=test")
  [ "$(echo "$backend" | wc -w)" = 1 ] || die "expected one backend container, found: $backend"
  docker update --cpuset-cpus 0 "$backend" >/dev/null
  measure "one core each, the backend on wrk's core" 0 "${ONE_CORE[@]}"
fi

mkdir -p "$BENCH_DIR/out"
report="$BENCH_DIR/out/throughput-$(date +%Y%m%d-%H%M%S).md"
cp "$RESULTS" "${report%.md}.jsonl"   # every repetition, for pooling runs: python3 bench/table.py <runs.jsonl
{
  echo "### Throughput and latency ($BENCH_REPS × ${BENCH_DURATION}s per cell, wrk -t2 -c64 and -t1 -c1)"
  echo
  echo "$MACHINE"
  echo "- load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- backend: static nginx 1.22 (nginx-light) in a debian:bookworm-slim container deployed by Slipway, worker_processes 1, at $UPSTREAM, where the router reaches it (every target goes there)"
  echo "- warm-up before measuring: ${BENCH_WARMUP}s per target, ${BENCH_JVM_WARMUP}s in 5 s runs for Slipway's router (JIT)"
  python3 "$BENCH_DIR/table.py" <"$RESULTS"
} | tee "$report"
log "table written to $report"
