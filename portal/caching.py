"""Version tags, and the cached blocks public pages are built from.

Everything cached here names the *tags* it depends on ("chrome", "lists",
"article:<slug>", ...). Each tag has a version, a random token kept in the
cache; the version of every tag is part of the cache key. Invalidating a tag
gives it a new version, so every key built with the old one is simply never
read again and expires by its timeout. No list of cached keys is kept, and a
version that is evicted comes back as a new random token, never as an old one,
so eviction can cost a page render but never serve a stale page.

Whole pages for anonymous readers are kept with the same tags by
``portal.page_cache``; this module holds the tags, their versions and the
cached blocks (``cached``) pages are built from.
"""

import contextlib
import contextvars
import functools
import hashlib
import importlib
import pickle
import secrets
import sys
import threading
from collections import OrderedDict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

CHROME = "chrome"
"""The tag of what every page shows: site settings (masthead, footer) and the rubric menu."""

MISSING = object()

# The versions read during one request, so that a page and its blocks agree and
# the cache is asked once (see ``request_snapshot``).
_request_versions = contextvars.ContextVar("portal_request_versions", default=None)


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


class LocalCopies:
    """A small in-process LRU copy of values stored under versioned keys.

    A versioned key's value never changes (a change makes a new key), so a
    process may keep its own copy without ever serving anything stale: only
    the versions themselves must come from the shared cache. Values are kept
    pickled, as the shared cache keeps them, so no two requests share an object;
    rendered blocks (``str``) are immutable and kept as they are.

    gunicorn's gthread workers run requests on several threads of one process:
    a lock keeps one thread's eviction from pulling a key out from under
    another's read (a ``KeyError``, so a 500, without it).
    """

    def __init__(self, max_entries=512, max_bytes=512 * 1024):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            data = self._entries.get(key)
            if data is None:
                return MISSING
            self._entries.move_to_end(key)
        return data if type(data) is str else pickle.loads(data)

    def set(self, key, value):
        # A str (a rendered block) cannot be changed, so requests may share it.
        data = value if type(value) is str else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes:
            return
        with self._lock:
            self._entries[key] = data
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


local_copies = LocalCopies()


def get_versioned(key):
    """The value under a versioned key: this process's copy, else the shared
    cache's (then copied), else ``MISSING``."""
    value = local_copies.get(key)
    if value is MISSING:
        value = cache.get(key, MISSING)
        if value is not MISSING:
            local_copies.set(key, value)
    return value


def set_versioned(key, value, timeout):
    cache.set(key, value, timeout)
    local_copies.set(key, value)


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

    On Redis this is a bare ``MGET`` on django-redis's own connection: the
    cache API's ``get_many`` costs a third more CPU for the same command (it
    decodes each value through its serializer, with an exception per pickled
    one), and this read runs on every public request. A Redis error counts as
    "nothing found", as ``IGNORE_EXCEPTIONS`` makes ``get_many`` do: the page is
    rendered afresh, never served stale.
    """
    get_client = getattr(getattr(cache, "client", None), "get_client", None)
    if get_client is None:  # local memory (development, tests)
        return cache.get_many(keys)
    try:
        values = get_client(write=False).mget([cache.make_key(key) for key in keys])
    except (RedisError, OSError):
        return {}
    return {
        key: _decoded(value) for key, value in zip(keys, values, strict=True) if value is not None
    }


def _decoded(value):
    """A stored version: plain digits (``_new_version``), else an older pickled token."""
    return int(value) if value.isdigit() else cache.client.decode(value)


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


# What a page's HTML comes from: the project's own code and templates.
_SOURCE_SUFFIXES = {".py", ".html", ".xml", ".txt", ".json"}


@functools.cache
def code_fingerprint():
    """A digest of the code and templates this process renders pages with.

    Cached pages and blocks outlive a deploy in Redis; without this, the new
    release would serve the old one's HTML (and its links to hashed static
    files that are gone) until they expired. Every process of one release
    computes the same digest at its first request; a new release (or a
    template edited in development) gets keys of its own. The tags' versions
    are not part of it, so invalidation still reaches every release.
    """
    return source_digest(_source_roots())


def _source_roots():
    """The project's own apps, its template folders, and the static manifest."""
    base = Path(settings.BASE_DIR).resolve()
    installed = Path(sys.prefix).resolve()  # a virtualenv may live inside the project
    # The project package (settings, URLs): the one holding the root URLconf.
    roots = {Path(importlib.import_module(settings.ROOT_URLCONF).__file__).resolve().parent}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(installed):
            roots.add(path)
    for engine in settings.TEMPLATES:
        roots |= {Path(folder).resolve() for folder in engine.get("DIRS", ())}
    manifest = Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json"
    return sorted(roots) + ([manifest] if manifest.is_file() else [])


def source_digest(roots):
    """An MD5 over the path and bytes of every source file under ``roots``."""
    digest = hashlib.md5()
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in files:
            if path.suffix in _SOURCE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cached(name, tags, build, *parts, timeout=None):
    """``build()``'s value, kept in the cache until one of ``tags`` is invalidated.

    ``timeout`` (default ``SENZOR_FRAGMENT_CACHE_SECONDS``) only bounds how long
    an entry nobody reads any more stays in memory; freshness comes from the tags.
    """
    key = versioned_key(name, tags, *parts)
    value = get_versioned(key)
    if value is MISSING:
        value = build()
        if timeout is None:
            timeout = settings.SENZOR_FRAGMENT_CACHE_SECONDS
        set_versioned(key, value, timeout)
    return value
