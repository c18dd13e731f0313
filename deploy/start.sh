#!/usr/bin/env sh
# Start one process of the production stack, the same way in Docker and without:
#   deploy/start.sh migrate   apply migrations (SEED_DEMO=1 also seeds the demo), then exit
#   deploy/start.sh web       gunicorn on ${PORT:-8000}
#   deploy/start.sh worker    a Celery worker
#   deploy/start.sh beat      the Celery beat scheduler
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"
BIN="$(dirname "$(command -v "$PYTHON")")"

case "${1:-web}" in
  migrate)
    "$PYTHON" manage.py migrate --no-input
    if [ "${SEED_DEMO:-0}" = "1" ]; then "$PYTHON" manage.py seed_demo; fi
    ;;
  web)
    # No access log: a survey link's path and time in a log could be matched
    # with the moment an anonymous answer was stored.
    exec "$BIN/gunicorn" transformation.wsgi:application \
      --bind "${BIND:-0.0.0.0}:${PORT:-8000}" --workers "${WEB_CONCURRENCY:-3}" \
      --timeout "${GUNICORN_TIMEOUT:-60}"
    ;;
  worker)
    exec "$BIN/celery" -A transformation worker --loglevel=info --concurrency="${WORKER_CONCURRENCY:-2}"
    ;;
  beat)
    exec "$BIN/celery" -A transformation beat --loglevel=info --schedule="${BEAT_SCHEDULE:-/tmp/celerybeat-schedule}"
    ;;
  *)
    echo "usage: deploy/start.sh migrate|web|worker|beat" >&2
    exit 2
    ;;
esac
