# Shared by the benchmark scripts: the jar, a private Slipway server, the test project, wrk, cleanup.
# Sourced, not run. Everything a script starts is recorded under $BENCH_TMP/pids and stopped by PID in
# the EXIT trap; containers and images are removed by this server's instance id and project name only.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SLIPWAY_HOME=$(cd "$BENCH_DIR/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"

# --quick: short runs (3 s) while developing; the default is the full measurement.
BENCH_QUICK=${BENCH_QUICK:-0}
for arg in "$@"; do
  [ "$arg" = "--quick" ] && BENCH_QUICK=1
done
if [ "$BENCH_QUICK" = 1 ]; then
  BENCH_DURATION=${BENCH_DURATION:-3}
  BENCH_REPS=${BENCH_REPS:-1}
  BENCH_WARMUP=${BENCH_WARMUP:-2}
  BENCH_JVM_WARMUP=${BENCH_JVM_WARMUP:-3}
else
  BENCH_DURATION=${BENCH_DURATION:-10}
  # Five, not three: on this shared 2-core machine one 10 s cell swings by ±15% from run to run, for every proxy alike.
  BENCH_REPS=${BENCH_REPS:-5}
  BENCH_WARMUP=${BENCH_WARMUP:-3}
  # The JIT compiles the hot path in the first seconds under load, but keeps recompiling for about a
  # minute (a JIT log showed deoptimizations of the answer path up to 64 s in, when the metrics' time
  # windows first rotate), which shows in the p99; native proxies need no such time.
  BENCH_JVM_WARMUP=${BENCH_JVM_WARMUP:-60}
fi

BENCH_TMP=$(mktemp -d /tmp/slipway-bench.XXXXXX)
mkdir -p "$BENCH_TMP/pids"
BENCH_PROJECT=${BENCH_PROJECT:-bench$(printf '%04x%04x' $RANDOM $RANDOM)}
BENCH_INSTANCE=""

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# Starts "$@" in the background, records its PID under NAME; stdout/stderr go to $BENCH_TMP/NAME.log.
start_bg() {
  local name=$1; shift
  "$@" >"$BENCH_TMP/$name.log" 2>&1 &
  echo $! >"$BENCH_TMP/pids/$name.pid"
}

pid_of() { cat "$BENCH_TMP/pids/$1.pid"; }

# rotated N ITEM...: the items one per line, starting from the (N mod count)-th, so that from one
# repetition to the next every target takes every place in the order and none always follows the same one.
rotated() {
  local n=$1 i k; shift
  for ((i = 0; i < $#; i++)); do
    k=$(( (n + i) % $# + 1 ))
    echo "${!k}"
  done
}

# Stops one process this script started: TERM, up to 15 s, then KILL.
stop_bg() {
  local file="$BENCH_TMP/pids/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null || true
  rm -f "$file"
}

cleanup() {
  local file
  for file in "$BENCH_TMP"/pids/*.pid; do
    [ -f "$file" ] && stop_bg "$(basename "$file" .pid)"
  done
  if [ -n "$BENCH_INSTANCE" ]; then
    docker ps -aq --filter "label=slipway.instance=$BENCH_INSTANCE" | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker images -q "slipway/$BENCH_PROJECT" | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
  fi
  if [ "${BENCH_KEEP_TMP:-0}" != 1 ]; then
    rm -rf "$BENCH_TMP"
  else
    log "kept $BENCH_TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v haproxy >/dev/null || missing+=(haproxy)
  command -v jq >/dev/null || missing+=(jq)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get install -y "${missing[@]}" >"$BENCH_TMP/apt.log" 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y "${missing[@]}" >"$BENCH_TMP/apt.log" 2>&1; } \
      || die "apt-get install ${missing[*]} (see $BENCH_TMP/apt.log)"
  fi
  command -v python3 >/dev/null || die "python3 is needed for the tables"
  docker info >/dev/null 2>&1 || die "no Docker engine answers (scripts/start-docker.sh starts one)"
}

build_jar() {
  local jar="$SLIPWAY_HOME/target/slipway.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$SLIPWAY_HOME/src/main" "$SLIPWAY_HOME/pom.xml" -newer "$jar" -print -quit)" ]; then
    log "building $jar"
    (cd "$SLIPWAY_HOME" && mvn -q -B -DskipTests package) >&2 || die "mvn package"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Polls every 30 s, up to 30 min, until the 1-minute load is below 1.5 (other work shares this machine).
wait_for_quiet() {
  [ "$BENCH_QUICK" = 1 ] && return 0
  [ "${BENCH_NO_WAIT:-0}" = 1 ] && return 0
  local deadline=$((SECONDS + 1800)) load
  while :; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    if python3 -c "import sys; sys.exit(0 if $load < 1.5 else 1)"; then
      log "load $load: starting"
      return 0
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "load still $load after 30 min: running anyway (recorded next to the tables)"
      return 0
    fi
    log "load $load: waiting for it to fall below 1.5"
    sleep 30
  done
}

machine_info() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), nproc $(nproc)"
  echo "- memory: $(free -h | awk '/^Mem:/ {print $2 " total, " $7 " available"}')"
  echo "- kernel: $(uname -r)"
  echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), $(nginx -v 2>&1 | sed 's/.*: //'), haproxy $(haproxy -v | head -1 | awk '{print $3}'), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
}

# --- Slipway server --------------------------------------------------------------------------------

# start_server NAME [extra server options...]: API on $API_PORT, router on $ROUTER_PORT.
start_server() {
  local name=$1; shift
  API_PORT=$(free_port)
  ROUTER_PORT=$(free_port)
  SLIPWAY_DATA="$BENCH_TMP/data"
  start_bg "$name" env SLIPWAY_JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$SLIPWAY_HOME/bin/slipway" server \
    --data "$SLIPWAY_DATA" --port "$API_PORT" --router-port "$ROUTER_PORT" "$@"
  local deadline=$((SECONDS + 120))
  until curl -fsS "http://127.0.0.1:$API_PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$(pid_of "$name")" 2>/dev/null || { cat "$BENCH_TMP/$name.log" >&2; die "server exited"; }
    [ $SECONDS -lt $deadline ] || die "server did not answer /healthz in 120 s"
    sleep 0.5
  done
  BENCH_INSTANCE=$(cat "$SLIPWAY_DATA/instance-id")
  TOKEN=$(cat "$SLIPWAY_DATA/admin-token")
  API="http://127.0.0.1:$API_PORT/api/v1"
  log "server up: API $API_PORT, router $ROUTER_PORT, instance $BENCH_INSTANCE"
}

api() { # api METHOD PATH [JSON]
  local method=$1 path=$2 body=${3:-}
  curl -sS -X "$method" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    ${body:+--data "$body"} "$API$path"
}

# --- the test project ------------------------------------------------------------------------------

# A Git repository on disk; commit_files FILE... commits the named files from $BENCH_REPO.
init_repo() {
  BENCH_REPO="$BENCH_TMP/repo"
  mkdir -p "$BENCH_REPO"
  git -C "$BENCH_REPO" init -q -b main
  git -C "$BENCH_REPO" config user.email bench@slipway.invalid
  git -C "$BENCH_REPO" config user.name bench
}

commit_all() {
  git -C "$BENCH_REPO" add -A
  git -C "$BENCH_REPO" commit -q -m "$1"
}

# The static nginx backend the issue's figures used: one worker, keep-alive on, a small file.
write_nginx_app() {
  mkdir -p "$BENCH_REPO/www"
  cat >"$BENCH_REPO/Dockerfile" <<'EOF'
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y nginx-light && rm -rf /var/lib/apt/lists/*
COPY nginx.conf /etc/nginx/nginx.template
COPY www /www
CMD ["sh", "-c", "sed \"s/@PORT@/$PORT/\" /etc/nginx/nginx.template > /etc/nginx/nginx.conf && exec nginx -g 'daemon off;'"]
EOF
  cat >"$BENCH_REPO/nginx.conf" <<'EOF'
worker_processes 1;
pid /tmp/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  error_log /dev/stderr warn;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  server {
    listen @PORT@;
    root /www;
    location / { }
  }
}
EOF
  echo "hello from the slipway benchmark backend" >"$BENCH_REPO/www/index.html"
  cat >"$BENCH_REPO/slipway.yaml" <<'EOF'
web:
  port: 8080
  health:
    path: /
    timeout: 120s
    interval: 500ms
    successes: 2
  drain_timeout: 10s
EOF
}

create_project() {
  local answer
  answer=$(api POST /projects "{\"name\":\"$BENCH_PROJECT\",\"repo\":\"file://$BENCH_REPO\"}")
  echo "$answer" | jq -e '.name' >/dev/null || die "create project: $answer"
}

# deploy ENV [TIMEOUT_S]: prints "ID STATUS FAILED_STEP SECONDS".
deploy() {
  local env=$1 timeout=${2:-600} answer id status started=$SECONDS
  answer=$(api POST "/projects/$BENCH_PROJECT/environments/$env/deployments" '{}')
  id=$(echo "$answer" | jq -r '.id // empty')
  [ -n "$id" ] || die "deploy: $answer"
  local deadline=$((SECONDS + timeout))
  while :; do
    answer=$(api GET "/deployments/$id")
    status=$(echo "$answer" | jq -r '.deployment.status' | tr 'A-Z' 'a-z')
    case $status in queued|running) ;; *) break ;; esac
    [ $SECONDS -lt $deadline ] || { status="timeout"; break; }
    sleep 0.5
  done
  local failed
  failed=$(echo "$answer" | jq -r '[.steps[]? | select((.outcome // "" | ascii_downcase) == "failed") | .name][0] // "-"')
  echo "$id $status $failed $((SECONDS - started))"
}

# Where the router reaches the backend (its address on its Docker network, or 127.0.0.1 and its
# published port), read from the route table the panel serves.
upstream_of() {
  local env=$1
  api GET /routes | jq -r --arg p "$BENCH_PROJECT" --arg e "$env" \
    '.routes.environments[]? | select(.project == $p and .environment == $e) | .upstreams[0] | "\(.host):\(.port)"'
}

# --- wrk -------------------------------------------------------------------------------------------

# run_wrk LABEL URL HOST THREADS CONNS SECONDS [taskset cpu list]: one JSON line on stdout.
run_wrk() {
  local label=$1 url=$2 host=$3 threads=$4 conns=$5 secs=$6 cpus=${7:-} out="$BENCH_TMP/wrk.out"
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  timeout $((secs + 30)) "${pin[@]}" wrk --latency -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s \
    -H "Host: $host" "$url" >"$out" 2>&1 || true
  python3 "$BENCH_DIR/wrkparse.py" "$label" "$conns" <"$out"
}

# warm_jvm URL THREADS CONNS SECONDS [taskset cpu list]: the router's JIT warm-up, as 5 s runs. Each run
# ends with wrk closing its connections mid-stream, as clients do all day in front of a real router.
# One long run leaves those paths unseen: the JIT then throws away and recompiles the hot path during the
# first measured runs, on the same core when the router has one (in a pinned harness, 111 compilations
# in the first 10 s run after one 60 s warm-up, 11 after twelve 5 s runs).
warm_jvm() {
  local url=$1 threads=$2 conns=$3 secs=$4 cpus=${5:-} run
  while [ "$secs" -gt 0 ]; do
    run=$(( secs < 5 ? secs : 5 )); secs=$((secs - run))
    run_wrk warm "$url" "$BENCH_HOST" "$threads" "$conns" "$run" "$cpus" >/dev/null
  done
}

# deploy_nginx_backend: the static nginx project both throughput benchmarks measure, deployed to
# test through a fresh server; sets UPSTREAM (the router's address for it), BENCH_HOST and DEPLOY_SECS.
deploy_nginx_backend() {
  init_repo
  write_nginx_app
  commit_all "static nginx backend"
  start_server server
  create_project
  log "deploying $BENCH_PROJECT/test (builds the nginx image)"
  local id status failed
  read -r id status failed DEPLOY_SECS < <(deploy test)
  [ "$status" = succeeded ] || die "deployment $id $status at $failed (see $BENCH_TMP/server.log)"
  UPSTREAM=$(upstream_of test)
  [[ "$UPSTREAM" =~ ^[0-9.]+:[0-9]+$ ]] || die "no upstream for test in the route table: '$UPSTREAM'"
  BENCH_HOST="test.$BENCH_PROJECT.localhost"
}
