#!/usr/bin/env bash
# Restore a backup made by coach-backup.sh into COACH_DATABASE_URL. Stop every `coach app` that
# uses the database first; start them again afterwards (`coach db upgrade` runs on start).
#   COACH_DATABASE_URL=postgresql+psycopg://coach@db.clinic.lan/coach coach-restore.sh FILE
# PostgreSQL (.dump): pg_restore replaces coach's tables in the database (an empty database
# made with createdb works too). SQLite (.db): the backup replaces the database file, and the
# old file is kept beside it as FILE.before-restore-<time>.
set -euo pipefail
backup=${1:?usage: coach-restore.sh BACKUP_FILE}
url=${COACH_DATABASE_URL:?set COACH_DATABASE_URL to the database to restore into}
[[ -f "$backup" ]] || { echo "coach-restore.sh: $backup does not exist" >&2; exit 2; }
case "$url" in
  postgresql*)
    pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction \
      --dbname="${url/+psycopg/}" "$backup"
    ;;
  sqlite*)
    database=${url#sqlite:///}
    if [[ -e "$database" ]]; then
      mv "$database" "$database.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    fi
    rm -f "$database-wal" "$database-shm"
    cp "$backup" "$database"
    ;;
  *)
    echo "coach-restore.sh: COACH_DATABASE_URL must start with postgresql or sqlite" >&2
    exit 2
    ;;
esac
echo "restored $backup into the database"
