#!/usr/bin/env bash
# Starts Debian's PostgreSQL on 127.0.0.1:5432 with the password "postgres" for the postgres role,
# the server the PostgreSQL tests use (SLIPWAY_TEST_PG_URL).
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qc \"alter role postgres password 'postgres'\"" >/dev/null
