#!/usr/bin/env bash
# Starts a Docker engine in the background when none answers, and waits for its socket.
set -euo pipefail
if ! command -v dockerd >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
if docker version >/dev/null 2>&1; then exit 0; fi
log=${DOCKERD_LOG:-/var/log/dockerd.log}
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  docker version >/dev/null 2>&1 && exit 0
  sleep 1
done
echo "dockerd did not answer within 60 s; see $log" >&2
exit 1
