#!/usr/bin/env bash
# Back up the installation into one archive: the PostgreSQL database named by
# DATABASE_URL (pg_dump, custom format, one consistent snapshot) and the
# uploaded files under MEDIA_ROOT, with a manifest and checksums.
#
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/media BACKUP_DIR=/srv/backups deploy/backup.sh
#
# Writes BACKUP_DIR/transformation-<UTC time>.tar (mode 600) and prints its
# path. BACKUP_KEEP=N keeps only the newest N archives there. Standard tools
# only (pg_dump, psql, tar, sha256sum), no Python: it runs wherever the
# PostgreSQL client does; pg_dump must be at least the server's version.
#
# The archive holds:
#   manifest.json    format, time of the dump, server version, each app's latest migration
#   database.dump    pg_restore's custom format
#   media.tar.gz     MEDIA_ROOT, copied AFTER the dump (see README, "Backups and restore")
#   SHA256SUMS       checksums of the three, checked by deploy/restore.sh
set -euo pipefail

die() { echo "backup: $*" >&2; exit 1; }

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  *) die "DATABASE_URL must name a PostgreSQL database (postgres://...)." ;;
esac
MEDIA_ROOT="${MEDIA_ROOT:-$(cd "$(dirname "$0")/.." && pwd)/media}"
BACKUP_DIR="${BACKUP_DIR:-backups}"
KEEP="${BACKUP_KEEP:-0}"
[[ "$KEEP" =~ ^[0-9]+$ ]] || die "BACKUP_KEEP must be a number."

umask 077 # archives hold personal data: readable by their owner only
mkdir -p "$BACKUP_DIR"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
archive="$BACKUP_DIR/transformation-$stamp.tar"
[ -e "$archive" ] && die "$archive exists already."
work="$(mktemp -d "$BACKUP_DIR/.transformation-$stamp.XXXXXX")"
trap 'rm -rf "$work" "$archive.partial"' EXIT

# 1. The manifest, then the database: the migrations it names are those of the
#    dump unless someone migrates during the backup.
psql "$DATABASE_URL" -XAtq -v ON_ERROR_STOP=1 -v pg_dump="$(pg_dump --version)" \
  >"$work/manifest.json" <<'SQL'
SELECT json_build_object(
  'format', 1,
  'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
  'database', current_database(),
  'server_version', current_setting('server_version'),
  'pg_dump', :'pg_dump',
  'migrations', (
    SELECT json_object_agg(app, name ORDER BY app)
    FROM (SELECT DISTINCT ON (app) app, name FROM django_migrations ORDER BY app, id DESC) latest
  )
);
SQL
pg_dump --format=custom --file="$work/database.dump" "$DATABASE_URL"

# 2. The files, after the dump: every file a dumped row refers to was written
#    before that row committed, so before the dump's snapshot. Files that vanish
#    while tar reads them (deleted after their row's deletion committed) are
#    skipped with a warning; check_media names them after a restore.
if [ -d "$MEDIA_ROOT" ]; then
  status=0
  tar -C "$MEDIA_ROOT" -czf "$work/media.tar.gz" --warning=no-file-removed . || status=$?
  # GNU tar: 1 = a file changed or vanished while being read; 2 = fatal.
  [ "$status" -le 1 ] || die "could not archive $MEDIA_ROOT."
  [ "$status" -eq 0 ] || echo "backup: some files changed or vanished while being copied." >&2
else
  echo "backup: $MEDIA_ROOT does not exist; the archive holds no files." >&2
  tar -czf "$work/media.tar.gz" -T /dev/null
fi

(cd "$work" && sha256sum manifest.json database.dump media.tar.gz >SHA256SUMS)
tar -C "$work" -cf "$archive.partial" manifest.json SHA256SUMS database.dump media.tar.gz
mv "$archive.partial" "$archive"

if [ "$KEEP" -gt 0 ]; then
  find "$BACKUP_DIR" -maxdepth 1 -name 'transformation-*.tar' | sort -r | tail -n "+$((KEEP + 1))" |
    while read -r old; do rm -f "$old"; done
fi
echo "$archive"
