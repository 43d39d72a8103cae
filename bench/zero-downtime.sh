#!/usr/bin/env bash
# Zero downtime: wrk through the router during 20 deployments of one environment, every 4th of them
# failing (a failing migration, or a health check that never passes, in turn). Reports wrk's requests,
# non-2xx answers and socket errors, and each deployment's outcome.
# Usage: bench/zero-downtime.sh [--quick]   (BENCH_DEPLOYS=N, BENCH_CONNS=N to change the load)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

DEPLOYS=${BENCH_DEPLOYS:-20}
CONNS=${BENCH_CONNS:-64}
[ "$BENCH_QUICK" = 1 ] && DEPLOYS=${BENCH_DEPLOYS:-4}

require_tools
build_jar
init_repo

# busybox httpd: builds in a second, so 20 deployments fit in minutes (the nginx image needs apt-get).
write_version() { # write_version N [migrate-fails|health-fails]
  mkdir -p "$BENCH_REPO/www"
  printf 'FROM busybox:1.36\nCOPY www /www\nCMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /www"]\n' >"$BENCH_REPO/Dockerfile"
  echo "version $1" >"$BENCH_REPO/www/index.html"
  local path=/ migrate='[]'
  case ${2:-} in
    health-fails) path=/missing ;;
    migrate-fails) migrate='["echo failing on purpose; exit 3"]' ;;
  esac
  cat >"$BENCH_REPO/slipway.yaml" <<EOF
web:
  port: 8080
  health:
    path: $path
    timeout: 8s
    interval: 250ms
    successes: 2
  drain_timeout: 10s
migrate: $migrate
EOF
}

write_version 0
commit_all "version 0"
start_server server
create_project
read -r id status failed secs < <(deploy test)
[ "$status" = succeeded ] || die "first deployment $id $status at $failed"
BENCH_HOST="test.$BENCH_PROJECT.localhost"

wait_for_quiet
MACHINE=$(machine_info)
WRK_OUT="$BENCH_TMP/wrk.log"
# Longer than the deployments can take; stopped with SIGINT (wrk then prints its summary) when they end.
start_bg wrk wrk --latency -t2 -c"$CONNS" -d3600s --timeout 10s -H "Host: $BENCH_HOST" "http://127.0.0.1:$ROUTER_PORT/"
sleep 3

OUTCOMES="$BENCH_TMP/outcomes.txt"
: >"$OUTCOMES"
started=$SECONDS
for i in $(seq 1 "$DEPLOYS"); do
  kind=ok
  if [ $((i % 4)) = 0 ]; then
    if [ $((i % 8)) = 4 ]; then kind=migrate-fails; else kind=health-fails; fi
  fi
  write_version "$i" "$( [ $kind = ok ] || echo $kind )"
  commit_all "version $i ($kind)"
  read -r id status failed secs < <(deploy test 300)
  log "deployment $i ($kind): #$id $status ${failed} ${secs}s"
  echo "$i $kind $id $status $failed $secs" >>"$OUTCOMES"
  # A failed deployment's undo is part of the test: the old release must keep serving throughout.
done
elapsed=$((SECONDS - started))
sleep 3
served=$(curl -s -H "Host: $BENCH_HOST" "http://127.0.0.1:$ROUTER_PORT/")
wrk_pid=$(pid_of wrk)
kill -INT "$wrk_pid"
for _ in $(seq 1 100); do kill -0 "$wrk_pid" 2>/dev/null || break; sleep 0.1; done
stop_bg wrk
result=$(python3 "$BENCH_DIR/wrkparse.py" zero "$CONNS" <"$WRK_OUT")

mkdir -p "$BENCH_DIR/out"
report="$BENCH_DIR/out/zero-downtime-$(date +%Y%m%d-%H%M%S).md"
{
  echo "### Zero downtime: wrk -t2 -c$CONNS through the router during $DEPLOYS deployments of one environment"
  echo
  echo "$MACHINE"
  echo "- backend: busybox httpd (busybox:1.36; no keep-alive, so the router opens an upstream connection per request); deployments took ${elapsed}s in all"
  echo "- last version served after the run: $served"
  echo
  echo "| requests | req/s | non-2xx | socket errors connect / read / write / timeout | p50 | p99 |"
  echo "|---|---|---|---|---|---|"
  echo "$result" | jq -r '"| \(.requests) | \(.rps|floor) | \(.non2xx) | \(.connect) / \(.read) / \(.write) / \(.timeout) | \(.p50_us/1000) ms | \(.p99_us/1000) ms |"'
  echo
  echo "| # | kind | deployment | outcome | failed step | seconds |"
  echo "|---|---|---|---|---|---|"
  awk '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$OUTCOMES"
  echo
  ok=$(awk '$2 == "ok" && $4 == "succeeded"' "$OUTCOMES" | wc -l)
  bad=$(awk '$2 != "ok" && $4 == "failed"' "$OUTCOMES" | wc -l)
  echo "Expected outcomes: $ok of $(awk '$2 == "ok"' "$OUTCOMES" | wc -l) good deployments succeeded, $bad of $(awk '$2 != "ok"' "$OUTCOMES" | wc -l) broken ones failed."
} | tee "$report"
log "table written to $report"
