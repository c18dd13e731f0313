# Shared by deploy/smoke.sh and deploy/backup_check.sh (sourced, not run):
# scratch databases on the local PostgreSQL server, production settings, and
# starting gunicorn through deploy/start.sh to open every main page.
export PYTHON="${PYTHON:-.venv/bin/python}"
SERVER=""

# Drop and create one scratch database.
fresh_database() {
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $1" >/dev/null
  createdb -h 127.0.0.1 -U postgres "$1"
}

database_url() {
  echo "postgres://postgres@127.0.0.1:5432/$1"
}

# The settings production runs with, behind a (pretend) TLS proxy.
production_env() {
  export DJANGO_ENV=production DEBUG=false
  SECRET_KEY="smoke-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 60)"
  export SECRET_KEY
  export ALLOWED_HOSTS="localhost,127.0.0.1" EMAIL_HOST=smtp.invalid BEHIND_TLS_PROXY=true
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
}

stop_server() {
  if [ -n "$SERVER" ]; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    SERVER=""
  fi
}

# Start gunicorn (deploy/start.sh web) on DATABASE_URL and MEDIA_ROOT, open
# every main page with deploy/smoke.py, stop it again.
serve_and_smoke() {
  local port="$1" status=0
  BIND=127.0.0.1 PORT="$port" WEB_CONCURRENCY=2 deploy/start.sh web &
  SERVER=$!
  for _ in $(seq 1 60); do
    "$PYTHON" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/healthz/')" \
      >/dev/null 2>&1 && break
    sleep 1
  done
  "$PYTHON" deploy/smoke.py "http://127.0.0.1:$port" || status=$?
  stop_server
  return "$status"
}
