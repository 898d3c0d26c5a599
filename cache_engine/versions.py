"""Cache tags and their versions: how a change reaches every cached page at once.

Everything cached names the *tags* it depends on ("chrome", "lists",
"article:<slug>", ...). Each tag has a version, a random integer kept in the
cache; the version of every tag is part of the cache key. Invalidating a tag
gives it a new version, so every key built with the old one is simply never
read again and expires by its timeout. No list of cached keys is kept, and a
version that is evicted comes back as a new random number, never as an old
one, so eviction can cost a page render but never serve a stale page.

Content apps decide which tags a change touches and call ``invalidate`` (or
``invalidate_after_change``); this module knows nothing of articles.
"""

import contextlib
import contextvars
import hashlib
import secrets

from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

from core.redis import redis_connection

from .fingerprint import code_fingerprint

CHROME = "chrome"
"""The tag of what every page shows: site settings (masthead, footer) and the rubric menu."""

# The versions read during one request, so that a page and its blocks agree and
# the cache is asked once (see ``request_snapshot``).
_request_versions = contextvars.ContextVar("cache_engine_request_versions", default=None)


@contextlib.contextmanager
def request_snapshot():
    """Within this block, each tag's version is read from the cache at most once.

    Nested blocks share the outer one's snapshot: the page cache middleware
    opens it, and the view and its fragments then read the same versions.
    """
    if _request_versions.get() is not None:
        yield
        return
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def _version_key(tag):
    """``portal:version:<tag>``; a tag longer than a cache key may be (a slug of
    any length from the URL) is hashed."""
    if len(tag) > 100:
        tag = hashlib.md5(tag.encode()).hexdigest()
    return f"portal:version:{tag}"


def _new_version():
    """A random 63-bit integer: the Redis cache stores integers as plain digits, so
    ``_read_versions`` reads them without unpickling."""
    return secrets.randbits(63)


def _read_versions(keys):
    """``{key: version}`` for the keys the cache holds, in one round trip.

    On Redis this is a bare ``MGET`` on django-redis's connection: the cache
    API's ``get_many`` costs a third more CPU for the same command (it decodes
    each value through its serializer), and this read runs on every public
    request. A Redis error counts as "nothing found", as ``IGNORE_EXCEPTIONS``
    makes ``get_many`` do: the page is rendered afresh, never served stale.
    """
    connection = redis_connection(write=False)
    if connection is None:  # local memory (development, tests)
        return cache.get_many(keys)
    try:
        values = connection.mget([cache.make_key(key) for key in keys])
    except (RedisError, OSError):
        return {}
    # Anything but plain digits (a token an older release pickled) counts as
    # missing and is replaced by a fresh version.
    return {
        key: int(value)
        for key, value in zip(keys, values, strict=True)
        if value is not None and value.isdigit()
    }


def versions(tags):
    """The current version of each tag, ``{tag: version}``, in one cache round trip.

    A tag the cache does not hold (never used, evicted, cache flushed) gets a
    fresh random version.
    """
    snapshot = _request_versions.get()
    known = {tag: snapshot[tag] for tag in tags if tag in snapshot} if snapshot is not None else {}
    keys = {tag: _version_key(tag) for tag in tags if tag not in known}
    if not keys:
        return known
    found = _read_versions(list(keys.values()))
    missing = {key: _new_version() for key in keys.values() if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    current = {**known, **{tag: found[key] for tag, key in keys.items()}}
    if snapshot is not None:
        snapshot.update(current)
    return current


def invalidate(*tags):
    """Give each tag a new version: what was cached under the old one is never read again."""
    if tags:
        cache.set_many({_version_key(tag): _new_version() for tag in set(tags)}, timeout=None)
        snapshot = _request_versions.get()
        for tag in tags if snapshot is not None else ():
            snapshot.pop(tag, None)


def invalidate_after_change(*tags):
    """Invalidate now, and again when the transaction commits.

    The second time matters: between the first invalidation and the commit a
    reader may still read the old row and cache it under the new version.
    """
    invalidate(*tags)
    transaction.on_commit(lambda: invalidate(*tags))


def versioned_key(name, tags, *parts):
    """A cache key for ``name`` and ``parts`` that changes whenever one of ``tags``
    does, and with each release of the code (``code_fingerprint``)."""
    current = versions(tags)
    material = "\n".join(
        [
            code_fingerprint(),
            *map(str, parts),
            *(f"{tag}={current[tag]}" for tag in sorted(tags)),
        ]
    )
    return f"portal:{name}:{hashlib.md5(material.encode()).hexdigest()}"
