#!/usr/bin/env bash
# Install what the tests need and run the whole suite: lint (ruff, import-linter),
# then pytest on PostgreSQL (when one is reachable or can be started) and on SQLite.
# CI (CI=true) insists on PostgreSQL; a laptop without one runs SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
PG_URL=${SENZOR_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/senzor}

log() { printf '\n== %s\n' "$*"; }

install_chromium() {
    # Browser tests drive Debian's chromium; never a downloaded browser.
    [ -x /usr/bin/chromium ] && return
    log "installing Debian's chromium"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

postgres_up() {
    pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
    command -v pg_ctlcluster >/dev/null || return 1
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || return 1
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && return 0
        sleep 1
    done
    return 1
}

install_nginx() {
    # tests/test_nginx_config.py runs deploy/nginx.conf in a real nginx.
    command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && return
    log "installing Debian's nginx-light"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
}

redis_up() {
    # The production-server test runs gunicorn against Redis on loopback (db 3).
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
    command -v redis-server >/dev/null || return 1
    log "starting Redis"
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes >/dev/null || return 1
    for _ in $(seq 1 10); do
        redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
        sleep 1
    done
    return 1
}

install_chromium
install_nginx
log "installing Python dependencies"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

log "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

log "import-linter (the layers in pyproject.toml)"
.venv/bin/lint-imports

if postgres_up; then
    redis_up || echo "Redis is not reachable on 127.0.0.1:6379: the production-server test will fail" >&2
    log "pytest on PostgreSQL ($PG_URL)"
    DATABASE_URL="$PG_URL" .venv/bin/pytest "$@"
elif [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is not reachable on 127.0.0.1:5432 and could not be started" >&2
    exit 1
else
    echo "PostgreSQL not reachable: running on SQLite only" >&2
fi

log "pytest on SQLite"
env -u DATABASE_URL .venv/bin/pytest -m "not browser and not postgres_only" "$@"
