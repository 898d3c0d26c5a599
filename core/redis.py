"""The Redis connection behind a cache alias, through django-redis's public API."""

from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache


def redis_connection(alias="default", write=True):
    """redis-py's client for cache ``alias`` when it is a django-redis cache, else None.

    For the few reads and writes the cache API cannot do in one round trip (a
    bare ``MGET``, a pipelined batch of ``INCRBY``); callers fall back to the
    cache API for any other backend (local memory in development and tests).
    ``write=False`` lets django-redis pick a replica when one is configured.
    """
    if not isinstance(caches[alias], RedisCache):
        return None
    return get_redis_connection(alias, write=write)
