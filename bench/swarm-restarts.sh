#!/usr/bin/env bash
# What Docker Swarm itself does with a crashed task and with the tasks of a node that goes down, under the
# restart conditions none (the swarm engine's choice) and on-failure, on a real three-node swarm on this
# machine (SwarmRestartMeasurementTest: its assertions are the facts the choice rests on; it prints the figures).
# About 80 s. The host's engine must be in no swarm when it starts; it is left in none.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
exec mvn -B -q test -Dtest=SwarmRestartMeasurementTest -Dtest.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false
