#!/usr/bin/env bash
# Restore an archive of deploy/backup.sh into the EMPTY database named by
# DATABASE_URL and the empty MEDIA_ROOT, bring the schema up to this code's
# migrations, and check the result.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/media deploy/restore.sh [--force] ARCHIVE
#
# Create the database first (createdb, owned by the app's database user) and
# run this as the user the app runs as, with the app's settings in the
# environment (it runs manage.py). Nothing is changed until the archive's
# checksums, its migrations and the emptiness of the database and of
# MEDIA_ROOT are checked. --force restores into a database that holds tables
# (its schema "public" is DROPPED with everything in it) and over files
# already in MEDIA_ROOT, and restores a backup made by newer code.
set -euo pipefail

die() { echo "restore: $*" >&2; exit 1; }
usage() { die "usage: deploy/restore.sh [--force] ARCHIVE"; }

force=0
archive=""
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -*) usage ;;
    *) [ -z "$archive" ] || usage; archive="$arg" ;;
  esac
done
[ -n "$archive" ] || usage
[ -f "$archive" ] || die "no archive at $archive."
archive="$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")"
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL must name a PostgreSQL database (postgres://...)." ;;
esac
MEDIA_ROOT="${MEDIA_ROOT:-$PWD/media}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$archive" manifest.json SHA256SUMS database.dump media.tar.gz ||
  die "$archive is not an archive of deploy/backup.sh."
(cd "$work" && sha256sum --check --quiet SHA256SUMS) || die "$archive is damaged (checksums differ)."

# The backup's migrations must be known to this code: restoring a backup of
# newer code into older code would leave tables the code does not expect.
"$PYTHON" - "$work/manifest.json" "$force" <<'PY'
import json, os, sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transformation.settings")
django.setup()
from django.db.migrations.loader import MigrationLoader

manifest = json.load(open(sys.argv[1], encoding="utf-8"))
print(f"restore: backup of {manifest['database']} taken {manifest['created_at']}", file=sys.stderr)
known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
unknown = sorted(f"{app}.{name}" for app, name in manifest["migrations"].items() if (app, name) not in known)
if unknown:
    print("restore: the backup was made by newer code; unknown migrations: " + ", ".join(unknown), file=sys.stderr)
    if sys.argv[2] != "1":
        sys.exit("restore: deploy the code the backup was made with (or add --force).")
PY

relations="$(psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -c "
  SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
    AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')")" ||
  die "cannot connect to the database; create it first (createdb)."
if [ "$relations" != "0" ] && [ "$force" != 1 ]; then
  die "the database holds $relations tables and other relations; restore into an empty one (or add --force to drop its schema public)."
fi
if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ] && [ "$force" != 1 ]; then
  die "$MEDIA_ROOT is not empty; restore into an empty folder (or add --force to add to it)."
fi

if [ "$relations" != "0" ]; then
  psql "$DATABASE_URL" -Xq -v ON_ERROR_STOP=1 -c "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
fi
# One transaction: a failed restore leaves the database empty.
pg_restore --single-transaction --exit-on-error --no-owner --no-acl \
  --dbname="$DATABASE_URL" "$work/database.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$work/media.tar.gz" --no-same-owner
echo "restore: database and files restored; migrating and checking." >&2

"$PYTHON" manage.py migrate --no-input
"$PYTHON" manage.py check --database default
"$PYTHON" manage.py check_media || die "restored, but some files are missing (listed above)."
echo "restore: done." >&2
