#!/usr/bin/env bash
# Back up the coach database into FOLDER: one new file per run, never overwriting one.
#   COACH_DATABASE_URL=postgresql+psycopg://coach@db.clinic.lan/coach coach-backup.sh /srv/backups
# PostgreSQL: pg_dump's custom format (a consistent snapshot while the app runs).
# SQLite: `coach db backup` (integrity-checked online copy).
# Prints the file written. Restore with coach-restore.sh. Recipe: docs/operations.md, "Backups".
set -euo pipefail
folder=${1:?usage: coach-backup.sh FOLDER}
url=${COACH_DATABASE_URL:?set COACH_DATABASE_URL to the database to back up}
coach=${COACH_BIN:-coach}
stamp=$(date -u +%Y-%m-%dT%H%M%SZ)
umask 077  # the database holds health data: backups are readable by their owner only
mkdir -p "$folder"
for existing in "$folder/coach-$stamp".*; do
  [[ -e "$existing" ]] && { echo "coach-backup.sh: $existing exists; not overwritten" >&2; exit 1; }
done
case "$url" in
  postgresql*)
    target="$folder/coach-$stamp.dump"
    # pg_dump takes a libpq URL: SQLAlchemy's driver name (+psycopg) is dropped.
    pg_dump --format=custom --no-owner --file="$target" --dbname="${url/+psycopg/}"
    ;;
  sqlite*)
    target="$folder/coach-$stamp.db"
    "$coach" db backup "$target" --db "$url" >&2
    ;;
  *)
    echo "coach-backup.sh: COACH_DATABASE_URL must start with postgresql or sqlite" >&2
    exit 2
    ;;
esac
echo "$target"
