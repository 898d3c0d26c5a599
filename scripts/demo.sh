#!/usr/bin/env bash
# Install Senzor into .venv and start it with demo content on SQLite:
# the portal at http://127.0.0.1:8000/, the admin at /admin/ (redaktor / senzor-demo-2026).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .

.venv/bin/python manage.py migrate --no-input
.venv/bin/python manage.py load_demo --with-admin
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
