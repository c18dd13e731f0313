#!/usr/bin/env bash
# CI's proof that a backup restores: seed the demo into a scratch database, add
# a report logo, back up with deploy/backup.sh, restore with deploy/restore.sh
# into another fresh database and an empty media folder, compare every table
# (row count and a checksum of its rows) between the two databases and the
# logo's bytes, then start gunicorn on the restored database and open every
# main page (deploy/smoke.py). Runs after deploy/smoke.sh, whose build it uses.
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib.sh
SOURCE="${BACKUP_CHECK_DB:-transformation_backup}"
RESTORED="${SOURCE}_restored"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT

# Per table of the schema public: name, rows, checksum of the sorted rows;
# per sequence: its last value (so new rows get new ids after a restore).
table_contents() {
  psql -h 127.0.0.1 -U postgres -d "$1" -XAtq -v ON_ERROR_STOP=1 <<'SQL'
SELECT table_name, (xpath('/row/r/text()', query_to_xml(format(
  'SELECT count(*) || '' '' || coalesce(md5(string_agg(t::text, E''\n'' ORDER BY t::text)), ''-'') AS r FROM %I t',
  table_name), false, true, '')))[1]::text
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name;
SELECT 'sequence ' || sequencename, coalesce(last_value::text, '-')
FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename;
SQL
}

production_env
test -s staticfiles/staticfiles.json || deploy/build.sh

# The source: the demo, with a file in MEDIA_ROOT.
fresh_database "$SOURCE"
DATABASE_URL="$(database_url "$SOURCE")" MEDIA_ROOT="$WORK/media" SEED_DEMO=1 \
  deploy/start.sh migrate >/dev/null
logo="$(DATABASE_URL="$(database_url "$SOURCE")" MEDIA_ROOT="$WORK/media" \
  "$PYTHON" manage.py shell --no-imports -c '
import base64
from django.core.files.base import ContentFile
from django_scopes import scope
from transformation.models import Organisation, User
from transformation.services.reports import save_report_settings
png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAIAAAUAAarVyFEAAAAASUVORK5CYII=")
organisation = Organisation.objects.get(slug="nordtec")
with scope(organisation=organisation):
    row = save_report_settings(
        organisation=organisation,
        actor=User.objects.get(email="coordinator@demo.example"),
        values={"logo": ContentFile(png, name="logo.png")},
    )
print(row.logo.name)
' | tail -n 1)"
test -s "$WORK/media/$logo" || { echo "FAIL the logo was not stored" >&2; exit 1; }

archive="$(DATABASE_URL="$(database_url "$SOURCE")" MEDIA_ROOT="$WORK/media" BACKUP_DIR="$WORK/backups" \
  deploy/backup.sh)"
echo "Backed up to $archive ($(du -h "$archive" | cut -f1))."

fresh_database "$RESTORED"
export DATABASE_URL="$(database_url "$RESTORED")" MEDIA_ROOT="$WORK/restored-media"
deploy/restore.sh "$archive" >/dev/null

table_contents "$SOURCE" >"$WORK/source.txt"
table_contents "$RESTORED" >"$WORK/restored.txt"
diff -u "$WORK/source.txt" "$WORK/restored.txt" ||
  { echo "FAIL the restored database differs from the source" >&2; exit 1; }
cmp "$WORK/media/$logo" "$MEDIA_ROOT/$logo" ||
  { echo "FAIL the logo was not restored" >&2; exit 1; }
echo "Restored $(grep -vc "^sequence " "$WORK/source.txt") tables with identical rows, their sequences, and the logo $logo."

serve_and_smoke "${BACKUP_CHECK_PORT:-8766}"
echo "Backup restored and served."
