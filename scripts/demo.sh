#!/usr/bin/env bash
# Install Senzor into .venv and start it with demo content on SQLite:
# the portal at http://127.0.0.1:8000/, the admin at /admin/ (redaktor / senzor-demo-2026).
#
# The demo runs as the site does (DEBUG off): a missing page is the site's own
# Azerbaijani 404 with its footer, an error its own 500, never Django's debug
# page. Static files are collected once and served by WhiteNoise.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
if [ "${SENZOR_DEMO_INSTALL:-1}" = "1" ]; then  # tests/test_demo_server.py skips it
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e .
fi

export DJANGO_DEBUG=${DJANGO_DEBUG:-false}
.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py collectstatic --no-input --verbosity 0
.venv/bin/python manage.py load_demo --with-admin
exec .venv/bin/python manage.py runserver --noreload "${SENZOR_DEMO_ADDRESS:-127.0.0.1:8000}"
