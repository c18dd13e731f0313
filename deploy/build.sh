#!/usr/bin/env sh
# Build step of the production image (the Dockerfile runs it; CI runs it too):
# compile the translations and collect the static files under PRODUCTION
# settings, so the hashed-name manifest that production's static storage reads
# is written. Build-time values only; nothing here reaches the running app.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

"$PYTHON" manage.py compile_translations
DJANGO_ENV=production DEBUG=false \
  SECRET_KEY="${SECRET_KEY:-build-time-only-not-a-secret-build-time-only-not-a-secret}" \
  ALLOWED_HOSTS="${ALLOWED_HOSTS:-build.invalid}" EMAIL_HOST="${EMAIL_HOST:-build.invalid}" \
  "$PYTHON" manage.py collectstatic --no-input --clear
test -s staticfiles/staticfiles.json || { echo "collectstatic wrote no manifest" >&2; exit 1; }
