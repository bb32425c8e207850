#!/usr/bin/env bash
# Starts the local PostgreSQL server that integration tests use, when it is installed here but
# not running. Tests read SQLFLOW_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
set -u
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
fi
exit 0
