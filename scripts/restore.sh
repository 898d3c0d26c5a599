#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into DATABASE_URL
# and the media archive into MEDIA_ROOT (whose current content it replaces).
#
#   DATABASE_URL=postgres://user:pass@host:5432/senzor MEDIA_ROOT=/srv/media \
#       scripts/restore.sh backups/senzor-20261125T093000Z
#
# In the compose stack, with the web service stopped:
#   docker compose stop web && docker compose run --rm restore /backups/senzor-<time>
#   docker compose up -d
# The target database should be empty (a freshly created one) or hold this
# site: existing objects of the dump are dropped and recreated, in a single
# transaction, so a failed restore leaves the database as it was.
set -euo pipefail

backup=${1:?usage: scripts/restore.sh BACKUP_FOLDER (made by scripts/backup.sh)}
: "${DATABASE_URL:?DATABASE_URL must name the database to restore into (postgres://...)}"
MEDIA_ROOT=${MEDIA_ROOT:-${DJANGO_MEDIA_ROOT:-media}}

log() { printf '%s restore: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

for part in database.dump media.tar.gz SHA256SUMS; do
    [ -f "$backup/$part" ] || { log "$backup/$part is missing: not a complete backup"; exit 1; }
done
log "checking checksums"
(cd "$backup" && sha256sum --check --quiet SHA256SUMS)

log "database <- $backup/database.dump"
pg_restore --dbname="$DATABASE_URL" --clean --if-exists --no-owner --no-privileges \
    --single-transaction --exit-on-error "$backup/database.dump"

log "media $MEDIA_ROOT <- $backup/media.tar.gz"
mkdir -p "$MEDIA_ROOT"
# Unpack beside the old files first: if the archive is bad, nothing is lost.
staging=$(mktemp -d "${TMPDIR:-/tmp}/senzor-media.XXXXXX")
trap 'rm -rf "$staging"' EXIT
tar --extract --gzip --file="$backup/media.tar.gz" --directory="$staging"
find "$MEDIA_ROOT" -mindepth 1 -delete
cp -a "$staging/." "$MEDIA_ROOT/"
log "done"
