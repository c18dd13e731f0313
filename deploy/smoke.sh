#!/usr/bin/env bash
# CI's proof of the production start, without Docker: build as the image does,
# migrate and seed a fresh PostgreSQL database, start gunicorn with
# DJANGO_ENV=production through deploy/start.sh, and open every main page.
# Needs DATABASE_URL's server and REDIS_URL; uses its own database (SMOKE_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
. deploy/lib.sh
DB="${SMOKE_DB:-transformation_smoke}"

fresh_database "$DB"
production_env
export DATABASE_URL="$(database_url "$DB")"
export MEDIA_ROOT="$(mktemp -d)"
trap 'stop_server; rm -rf "$MEDIA_ROOT"' EXIT

deploy/build.sh
SEED_DEMO=1 deploy/start.sh migrate >/dev/null
serve_and_smoke "${SMOKE_PORT:-8765}"
