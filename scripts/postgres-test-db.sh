#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 (installing it if missing) and makes sure a
# role and database for the tests exist. Prints the URL for HUMAS_TEST_DATABASE_URL.
# Idempotent: safe to run again.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi
version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1)
[ -n "$version" ] || { echo "no PostgreSQL cluster found" >&2; exit 1; }
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 || { echo "PostgreSQL did not become ready" >&2; exit 1; }

psql_admin() { runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'humas_test'")" != "1" ]; then
  # CREATEDB: every test gets a database of its own.
  psql_admin -c "CREATE ROLE humas_test LOGIN CREATEDB PASSWORD 'humas_test'" >&2
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'humas_test'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE humas_test OWNER humas_test" >&2
fi
# Databases left by earlier runs.
for db in $(psql_admin -c "SELECT datname FROM pg_database WHERE datname LIKE 'humas\_t\_%'"); do
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\"" >&2 || true
done
echo "postgres://humas_test:humas_test@127.0.0.1:5432/humas_test"
