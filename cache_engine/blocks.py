"""Values kept under versioned keys: in this process first, then in the shared cache.

A versioned key's value never changes (a change of one of its tags makes a
new key), so each process may keep its own copy without ever serving anything
stale: only the versions themselves must come from the shared cache. The
copies live in the ``local`` cache alias, a ``LocMemCache``: a thread-safe LRU
bounded in entries and in time (its ``TIMEOUT``), which pickles what it keeps
so no two requests share an object.
"""

from django.conf import settings
from django.core.cache import cache, caches

from .versions import versioned_key

MISSING = object()
LOCAL_ALIAS = "local"


def local_copies():
    """This process's copies of versioned values (``CACHES["local"]`` in settings)."""
    return caches[LOCAL_ALIAS]


def get_versioned(key):
    """The value under a versioned key: this process's copy, else the shared
    cache's (then copied), else ``MISSING``."""
    local = local_copies()
    value = local.get(key, MISSING)
    if value is MISSING:
        value = cache.get(key, MISSING)
        if value is not MISSING:
            local.set(key, value)
    return value


def set_versioned(key, value, timeout):
    cache.set(key, value, timeout)
    local_copies().set(key, value)


def cached(name, tags, build, *parts, timeout=None):
    """``build()``'s value, kept in the cache until one of ``tags`` is invalidated.

    ``timeout`` (default ``SENZOR_FRAGMENT_CACHE_SECONDS``) only bounds how long
    an entry nobody reads any more stays in memory; freshness comes from the tags.
    ``SENZOR_FRAGMENT_CACHE_SECONDS = 0`` turns blocks off: ``build()`` every
    time, without reading the tags' versions for a key nobody would look up.
    """
    if timeout is None and not settings.SENZOR_FRAGMENT_CACHE_SECONDS:
        return build()
    key = versioned_key(name, tags, *parts)
    value = get_versioned(key)
    if value is MISSING:
        value = build()
        if timeout is None:
            timeout = settings.SENZOR_FRAGMENT_CACHE_SECONDS
        set_versioned(key, value, timeout)
    return value
