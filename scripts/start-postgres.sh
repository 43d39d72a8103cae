#!/usr/bin/env bash
# Starts Debian's PostgreSQL on 127.0.0.1:5432 with the password "postgres" for the postgres role,
# the server the PostgreSQL tests use (SLIPWAY_TEST_PG_URL). It also listens on the Docker bridge, and
# accepts password logins from Docker's subnets (172.16.0.0/12, 192.168.0.0/16), so that containers reach it as
# host.docker.internal (the postgres service tests). Idempotent: a second run changes nothing.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
conf=/etc/postgresql/$version/main
restart=no
if [ ! -f "$conf/conf.d/slipway.conf" ]; then
  mkdir -p "$conf/conf.d"
  # pg_hba below still limits who may log in: loopback and Docker's subnets only.
  echo "listen_addresses = '*'" > "$conf/conf.d/slipway.conf"
  restart=yes
fi
# Docker gives per-environment networks 172.17-31.x.x first, then 192.168.x.x subnets.
reload=no
for subnet in 172.16.0.0/12 192.168.0.0/16; do
  hba_line="host all all $subnet scram-sha-256"
  if ! grep -qxF "$hba_line" "$conf/pg_hba.conf"; then
    echo "$hba_line" >> "$conf/pg_hba.conf"
    reload=yes
  fi
done
if pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  # A reload reads pg_hba.conf without dropping anyone's connections; listen_addresses needs a restart.
  if [ "$restart" = yes ]; then pg_ctlcluster "$version" main restart
  elif [ "$reload" = yes ]; then pg_ctlcluster "$version" main reload
  fi
else
  pg_ctlcluster "$version" main start
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -qc \"alter role postgres password 'postgres'\"" >/dev/null
