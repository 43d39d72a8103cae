# The proxies the router is compared with, all in front of the same upstream. Sourced after lib.sh.

# start_nginx WORKERS UPSTREAM [cpus]: host nginx on $NGINX_PORT, keep-alive to the upstream.
start_nginx() {
  local workers=$1 upstream=$2 cpus=${3:-} dir="$BENCH_TMP/nginx"
  NGINX_PORT=$(free_port)
  mkdir -p "$dir/tmp"
  cat >"$dir/nginx.conf" <<EOF
worker_processes $workers;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_timeout 65s;
  keepalive_requests 1000000;
  upstream backend {
    server $upstream;
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      # The router sets these too; a fair comparison makes nginx do the same work.
      proxy_set_header X-Forwarded-For \$remote_addr;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_set_header X-Forwarded-Host \$host;
    }
  }
}
EOF
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  start_bg nginx "${pin[@]}" nginx -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g 'daemon off;'
  await_port "$NGINX_PORT" nginx
}

# start_haproxy THREADS UPSTREAM [cpus]: HAProxy on $HAPROXY_PORT, http mode, connections re-used.
start_haproxy() {
  local threads=$1 upstream=$2 cpus=${3:-} dir="$BENCH_TMP/haproxy"
  HAPROXY_PORT=$(free_port)
  mkdir -p "$dir"
  cat >"$dir/haproxy.cfg" <<EOF
global
  nbthread $threads
  maxconn 9000
defaults
  mode http
  option http-keep-alive
  option forwardfor
  http-reuse always
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
frontend bench
  bind 127.0.0.1:$HAPROXY_PORT
  http-request set-header X-Forwarded-Proto http
  http-request set-header X-Forwarded-Host %[req.hdr(host)]
  default_backend app
backend app
  server app1 $upstream
EOF
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  start_bg haproxy "${pin[@]}" haproxy -db -f "$dir/haproxy.cfg"
  await_port "$HAPROXY_PORT" haproxy
}

# start_router CPUS: `slipway router --control` fed by the panel, optionally pinned with one JVM processor.
start_router() {
  local cpus=${1:-}
  STANDALONE_PORT=$(free_port)
  local pin=() opts=${ROUTER_JAVA_OPTS:-}
  if [ -n "$cpus" ]; then
    pin=(taskset -c "$cpus")
    opts="-XX:ActiveProcessorCount=1 $opts"
  fi
  start_bg router "${pin[@]}" env SLIPWAY_JAVA_OPTS="$opts" "$SLIPWAY_HOME/bin/slipway" router \
    --control "http://127.0.0.1:$API_PORT" --token "$TOKEN" --port "$STANDALONE_PORT" \
    --state "$BENCH_TMP/router-state.json"
  local deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Host: $BENCH_HOST" "http://127.0.0.1:$STANDALONE_PORT/")" = 200 ]; do
    kill -0 "$(pid_of router)" 2>/dev/null || { cat "$BENCH_TMP/router.log" >&2; die "router exited"; }
    [ $SECONDS -lt $deadline ] || die "standalone router did not route $BENCH_HOST in 120 s"
    sleep 0.5
  done
}

await_port() {
  local port=$1 name=$2 deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 "$(pid_of "$name")" 2>/dev/null || { cat "$BENCH_TMP/$name.log" >&2; die "$name exited"; }
    [ $SECONDS -lt $deadline ] || die "$name did not listen on $port in 30 s"
    sleep 0.2
  done
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
