#!/usr/bin/env bash
# Swarm against one Docker engine: a real three-node swarm on this machine (the host's engine as manager,
# two Docker-in-Docker workers built from the local debian:bookworm-slim, Debian's docker-registry), the
# bundled example deployed on each engine with its steps timed, then wrk through the swarm server's router
# during deployments, good and failing, with a worker powered off midway: requests, non-2xx, socket errors.
# The host's engine must be in no swarm when it starts; it is left in none.
# Usage: bench/swarm.sh [--quick]   (BENCH_ROUNDS=N deployments of the example per engine, BENCH_DEPLOYS=N under load, BENCH_CONNS=N)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
ROUNDS=${BENCH_ROUNDS:-3}
DEPLOYS=${BENCH_DEPLOYS:-6}
CONNS=${BENCH_CONNS:-16}
for arg in "$@"; do
  [ "$arg" = "--quick" ] && { ROUNDS=${BENCH_ROUNDS:-1}; DEPLOYS=${BENCH_DEPLOYS:-3}; }
done
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -x /usr/bin/docker-registry ] || { echo "docker-registry is missing: apt-get install -y docker-registry" >&2; exit 1; }
mvn -B -q -o test-compile 2>/dev/null || mvn -B -q test-compile
exec mvn -B -q org.codehaus.mojo:exec-maven-plugin:3.6.2:java -Dexec.mainClass=dev.slipway.bench.SwarmBench -Dexec.classpathScope=test \
  -Dbench.rounds="$ROUNDS" -Dbench.deploys="$DEPLOYS" -Dbench.conns="$CONNS"
