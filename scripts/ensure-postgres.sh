#!/usr/bin/env bash
# Make sure the PostgreSQL server binaries (initdb, pg_ctl, postgres) are installed, so the
# storage tests can run against a real server (tests/pg_server.py starts a throwaway cluster).
# Installs Debian's `postgresql` package with apt-get only when they are missing.
set -euo pipefail

have_server() {
  local d
  for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" \
           /usr/lib/postgresql/*/bin; do
    if [[ -x "$d/initdb" && -x "$d/pg_ctl" && -x "$d/postgres" ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

if found=$(have_server); then
  echo "PostgreSQL server binaries: $found" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL server binaries not found and apt-get is unavailable:" \
       "install the PostgreSQL server (initdb, pg_ctl, postgres) with your package manager" >&2
  exit 1
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "PostgreSQL server binaries not found: run 'apt-get install postgresql' as root" >&2
    exit 1
  fi
fi

echo "installing Debian package: postgresql" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The package's post-install starts a system cluster; the tests never use it.
$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
found=$(have_server) || { echo "postgresql installed but initdb/pg_ctl/postgres not found" >&2; exit 1; }
echo "PostgreSQL server binaries: $found" >&2
