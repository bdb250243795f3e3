#!/usr/bin/env bash
# What `make test` needs beyond Python 3.10, on Debian 12: Chromium and the Noto CJK fonts (the
# widget test), nginx (the scale-out test), PostgreSQL with a database `test` that 127.0.0.1 may
# use without a password, and Redis on 127.0.0.1:6379. As root it installs and starts what is
# missing; otherwise it says the one command to run and stops.
set -euo pipefail

PACKAGES=()
command -v chromium >/dev/null || PACKAGES+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || PACKAGES+=(fonts-noto-cjk)
[ -x /usr/sbin/nginx ] || PACKAGES+=(nginx-light)
command -v pg_ctlcluster >/dev/null || PACKAGES+=(postgresql)
command -v redis-server >/dev/null || PACKAGES+=(redis-server)

postgres_ready() { psql -h 127.0.0.1 -U postgres -d test -Atqc 'select 1' >/dev/null 2>&1; }
redis_ready() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }

if [ ${#PACKAGES[@]} -eq 0 ] && postgres_ready && redis_ready; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "make test needs system packages and services; run once: sudo $0" >&2
  exit 1
fi

if [ ${#PACKAGES[@]} -gt 0 ]; then
  echo "installing ${PACKAGES[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${PACKAGES[@]}" >/dev/null
fi

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  cluster=$(ls /etc/postgresql | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
fi
if ! postgres_ready; then
  # Tests connect as postgres@127.0.0.1 without a password: trust loopback only, then make `test`.
  hba=$(su postgres -c "psql -Atqc 'show hba_file'")
  if ! grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    su postgres -c "psql -qc 'select pg_reload_conf()'" >/dev/null
  fi
  su postgres -c "psql -Atqc \"select 1 from pg_database where datname = 'test'\"" | grep -q 1 \
    || su postgres -c "createdb test"
fi
if ! redis_ready; then
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save ''
fi
postgres_ready && redis_ready
