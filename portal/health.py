"""``/healthz``: is this process able to serve readers right now?

Docker's healthcheck, the load balancer and the CI smoke test ask it every few
seconds, so it must answer fast and touch nothing heavy: one trivial query on
the database and one write-then-read round trip through the cache. It answers
JSON, 200 when both work and 503 (with the failing part named) when not, so a
replica that lost its database is taken out of rotation instead of serving
error pages.
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
    """Write a fresh value and read it back.

    The Redis cache is configured to swallow its own errors (a cache outage
    must slow the site, not stop it), so a failure shows up here only as the
    value not coming back.
    """
    token = uuid.uuid4().hex
    try:
        cache.set(CACHE_PROBE_KEY, token, timeout=10)
        return cache.get(CACHE_PROBE_KEY) == token
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
    healthy = all(state == "ok" for state in checks.values())
    body = {
        "status": "ok" if healthy else "down",
        "checks": checks,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
