"""Readers' pages read from a PostgreSQL read replica, when one is configured.

Set ``DATABASE_REPLICA_URL`` and the settings add a "replica" database, this
router and :class:`ReplicaForReadersMiddleware`. The middleware marks the
requests that may read from the replica: GET and HEAD outside the admin. All
else reads and writes the primary ("default"): the admin (an editor must see
what they just saved, and the save-conflict check must compare with the
newest row), form posts, management commands, migrations and tests. A
replica lags by milliseconds, so a reader may see an edit that much later.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"

_reading_from_replica = ContextVar("reading_from_replica", default=False)


@contextmanager
def replica_reads():
    """Within this block, reads go to the replica (if the settings define one)."""
    token = _reading_from_replica.set(True)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def replica_is_configured():
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    """Reads in a ``replica_reads()`` block go to the replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        if _reading_from_replica.get() and replica_is_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from either belong together.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema by replication, never by migrate.
        return db != REPLICA


def may_read_from_replica(request):
    """Safe requests of readers: GET and HEAD outside the admin."""
    admin_prefix = "/" + settings.SENZOR_ADMIN_URL
    return request.method in ("GET", "HEAD") and not request.path.startswith(admin_prefix)


class ReplicaForReadersMiddleware:
    """Serve readers' requests from the replica for the length of the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_read_from_replica(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
