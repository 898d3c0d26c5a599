#!/bin/sh
# The release step of a deploy, run once by the one-shot "migrate" service
# (docker-compose.yml) before any web replica starts, so replicas never race
# each other to migrate. Static files are already in the image (Dockerfile).
set -eu
cd "$(dirname "$0")/.."

# Refuse to roll out a configuration Django itself calls unsafe.
python manage.py check --deploy --fail-level WARNING
python manage.py migrate --no-input
