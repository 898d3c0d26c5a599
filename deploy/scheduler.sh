#!/bin/sh
# The periodic jobs of the site, run by the "scheduler" service
# (docker-compose.yml): one container, so a job never runs twice at once.
#
# aggregate_readership moves the readers' view counters from Redis into the
# database, where the "Ən çox oxunanlar" block reads them. Counters outlive a
# few missed runs (articles/readership.py), so a restart loses nothing.
# aggregate_search_queries does the same for the readers' search counts that
# editors see in the admin (articles/search_log.py).
set -eu
cd "$(dirname "$0")/.."

INTERVAL=${SENZOR_READERSHIP_INTERVAL_SECONDS:-300}

# Leave at once on `docker compose stop` instead of waiting out the sleep.
trap 'exit 0' TERM INT

while true; do
    python manage.py aggregate_readership || echo "aggregate_readership failed; retrying in ${INTERVAL}s" >&2
    python manage.py aggregate_search_queries || echo "aggregate_search_queries failed; retrying in ${INTERVAL}s" >&2
    sleep "$INTERVAL" &
    wait $!
done
