#!/usr/bin/env bash
# Back up Senzor: the database (pg_dump, custom format) and the media folder
# (tar.gz), into a new folder BACKUP_ROOT/senzor-<UTC time>/ with checksums.
#
#   DATABASE_URL=postgres://user:pass@host:5432/senzor MEDIA_ROOT=/srv/media \
#       scripts/backup.sh [BACKUP_ROOT]
#
# In the compose stack: `docker compose run --rm backup` (writes ./backups/).
# The folder appears only when both parts are complete (written under a
# ".partial" name, then renamed), so a half-written backup is never mistaken
# for a good one. Prints the folder's path as the last line.
# Restore with scripts/restore.sh; README.md, "Backups", has the details.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL must name the database to back up (postgres://...)}"
MEDIA_ROOT=${MEDIA_ROOT:-${DJANGO_MEDIA_ROOT:-media}}
BACKUP_ROOT=${1:-${BACKUP_ROOT:-backups}}

log() { printf '%s backup: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_ROOT/senzor-$stamp"
partial="$target.partial"
mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

log "database -> $target/database.dump"
# Custom format: compressed, and pg_restore can restore it selectively.
# No owners or grants, so it restores under whatever role the target uses.
pg_dump --dbname="$DATABASE_URL" --format=custom --no-owner --no-privileges \
    --file="$partial/database.dump"

log "media $MEDIA_ROOT -> $target/media.tar.gz"
if [ -d "$MEDIA_ROOT" ]; then
    tar --create --gzip --file="$partial/media.tar.gz" --directory="$MEDIA_ROOT" .
else
    log "no media folder at $MEDIA_ROOT; storing an empty archive"
    tar --create --gzip --file="$partial/media.tar.gz" --files-from=/dev/null
fi

(cd "$partial" && sha256sum database.dump media.tar.gz >SHA256SUMS)
mv "$partial" "$target"
trap - EXIT
log "done"
echo "$target"
