"""``/healthz``: is this process able to serve readers right now?

Docker's healthcheck, the load balancer and the CI smoke test ask it every few
seconds, so it must answer fast and touch nothing heavy: one trivial query on
the database and one write-then-read round trip through the cache, under a key
of the probe's own (a shared key made concurrent probes read each other's value). It answers
JSON naming the state of each part:

- both work: 200, ``"status": "ok"``;
- the cache is away: 200, ``"status": "degraded"``. The site keeps serving
  readers from the database (slower), so taking replicas out of rotation
  would turn a cache outage into a site outage;
- the database is away: 503, ``"status": "down"``, so a replica that lost its
  database is taken out of rotation instead of serving error pages.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CACHE_PROBE_KEY = "senzor:healthz"


def database_is_up():
    """Run the cheapest query there is; any database error means "down"."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("healthz: the database does not answer")
        return False


def cache_is_up():
    """Write a fresh value under a key of this probe's own and read it back.

    The Redis cache is configured to swallow its own errors (a cache outage
    must slow the site, not stop it), so a failure shows up here only as the
    value not coming back.
    """
    token = uuid.uuid4().hex
    key = f"{CACHE_PROBE_KEY}:{token}"  # each probe its own: concurrent probes never meet
    try:
        cache.set(key, token, timeout=10)
        return cache.get(key) == token
    except Exception:  # any backend's own error type: the probe only reports it
        logger.exception("healthz: the cache does not answer")
        return False


@never_cache
@require_safe
def healthz(request):
    started = time.monotonic()
    checks = {
        "database": "ok" if database_is_up() else "down",
        "cache": "ok" if cache_is_up() else "down",
    }
    if checks["database"] != "ok":
        status = "down"
    elif checks["cache"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "checks": checks,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=503 if status == "down" else 200)
