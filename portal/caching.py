"""Public pages and shared blocks from the cache, invalidated by version tags.

Everything cached here names the *tags* it depends on ("chrome", "lists",
"article:<slug>", ...). Each tag has a version, a random token kept in the
cache; the version of every tag is part of the cache key. Invalidating a tag
gives it a new version, so every key built with the old one is simply never
read again and expires by its timeout. No list of cached keys is kept, and a
version that is evicted comes back as a new random token, never as an old one,
so eviction can cost a page render but never serve a stale page.

Anonymous readers get whole pages from the cache (``AnonymousPageCacheMixin``,
``cache_public_page``); logged-in users (the newsroom) always get a fresh page
that is never stored. Cached pages carry an ``ETag`` and ``Cache-Control:
max-age=0, must-revalidate``: a browser may keep a page but asks again each
time, and gets a cheap ``304`` while nothing changed, so an editor's change
reaches readers on their next request.
"""

import contextlib
import contextvars
import hashlib
import pickle
import secrets
from collections import OrderedDict
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    quote_etag,
)
from redis.exceptions import RedisError

CHROME = "chrome"
"""The tag of what every page shows: site settings (masthead, footer) and the rubric menu."""

_MISSING = object()

# The versions read during one request, so that a page and its blocks agree and
# the cache is asked once (see ``request_snapshot``).
_request_versions = contextvars.ContextVar("portal_request_versions", default=None)


@contextlib.contextmanager
def request_snapshot():
    """Within this block, each tag's version is read from the cache at most once."""
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
    pickled, as the shared cache keeps them, so no two requests share an object.
    """

    def __init__(self, max_entries=512, max_bytes=512 * 1024):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries = OrderedDict()

    def get(self, key):
        data = self._entries.get(key)
        if data is None:
            return _MISSING
        self._entries.move_to_end(key)
        return pickle.loads(data)

    def set(self, key, value):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        if len(data) > self.max_bytes:
            return
        self._entries[key] = data
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


local_copies = LocalCopies()


def _shared_get(key):
    """A versioned value: this process's copy, else the shared cache's (then copied)."""
    value = local_copies.get(key)
    if value is _MISSING:
        value = cache.get(key, _MISSING)
        if value is not _MISSING:
            local_copies.set(key, value)
    return value


def _shared_set(key, value, timeout):
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
    """A cache key for ``name`` and ``parts`` that changes whenever one of ``tags`` does."""
    current = versions(tags)
    material = "\n".join([*map(str, parts), *(f"{tag}={current[tag]}" for tag in sorted(tags))])
    return f"portal:{name}:{hashlib.md5(material.encode()).hexdigest()}"


def cached(name, tags, build, *parts, timeout=None):
    """``build()``'s value, kept in the cache until one of ``tags`` is invalidated.

    ``timeout`` (default ``SENZOR_FRAGMENT_CACHE_SECONDS``) only bounds how long
    an entry nobody reads any more stays in memory; freshness comes from the tags.
    """
    key = versioned_key(name, tags, *parts)
    value = _shared_get(key)
    if value is _MISSING:
        value = build()
        if timeout is None:
            timeout = settings.SENZOR_FRAGMENT_CACHE_SECONDS
        _shared_set(key, value, timeout)
    return value


# --- Whole pages for anonymous readers --------------------------------------


def serves_from_cache(request):
    """Whether this request may be answered from, and stored in, the page cache.

    Only a GET or HEAD by a reader who is not logged in: staff must see their
    edits at once and their pages (previews, edit links) must never reach
    readers. ``SENZOR_PAGE_CACHE_SECONDS = 0`` turns page caching off.
    """
    return (
        settings.SENZOR_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
    )


def page_key(request, tags, params=()):
    """The page's key: address (with the host, which the page's absolute links
    use), the query parameters that change the page, and the tags' versions.

    Other parameters (``?utm_source=``, ``?fbclid=``) share the page's entry, so
    they can neither split the cache nor flood it.
    """
    query = urlencode(sorted((name, request.GET.getlist(name)) for name in params), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return versioned_key(PAGE_FORMAT, tags, address)


PAGE_FORMAT = "page-2"
"""The name in a stored page's key; a new one whenever ``_freeze`` stores a different
shape, so a process never reads a page stored by older code."""

# The request headers that can turn a cached page into a 304 or a 412.
_CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _storable(response):
    """Only a complete, ordinary, cookie-free 200 page is shared with other readers."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _freeze(response):
    """The page as stored: body, ETag, and every header a reader gets, the public
    cache headers included, worked out once here instead of on every hit."""
    content = response.content
    etag = quote_etag(hashlib.md5(content).hexdigest())
    template = HttpResponse()
    for name, value in response.headers.items():
        if name.lower() not in {"set-cookie", "vary", "cache-control", "etag"}:
            template.headers[name] = value
    _set_public_headers(template, etag)
    return {"content": content, "headers": dict(template.headers.items()), "etag": etag}


def _thaw(request, stored):
    """A response from the stored page; a 304 (or 412) only when the request is conditional."""
    response = HttpResponse(stored["content"], headers=stored["headers"])
    if any(name in request.META for name in _CONDITIONAL_HEADERS):
        return get_conditional_response(request, etag=stored["etag"], response=response)
    return response


def _set_public_headers(response, etag):
    response.headers["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])


def private_headers(response):
    """A page for a logged-in user: browsers and proxies must not keep it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _rendered(response):
    """Render a template response now, inside the request's version snapshot."""
    if hasattr(response, "render") and callable(response.render):
        response.render()
    return response


def serve_page(request, tags, params, render):
    """Answer ``request`` with the cached page, or with ``render()`` (storing it for
    the next reader when that is allowed)."""
    if not serves_from_cache(request):
        response = _rendered(render())
        if request.user.is_authenticated:
            private_headers(response)
        return response
    key = page_key(request, tags, params)
    stored = _shared_get(key)
    if stored is _MISSING:
        response = _rendered(render())
        if not _storable(response):
            return response
        stored = _freeze(response)
        _shared_set(key, stored, settings.SENZOR_PAGE_CACHE_SECONDS)
    return _thaw(request, stored)


class AnonymousPageCacheMixin:
    """For class-based views: anonymous readers get the page from the cache.

    A view names what its page shows in ``page_cache_tags()`` and the query
    parameters that change it in ``page_cache_params``; ``page_cache = False``
    renders every request (the benchmark's uncached article page).
    """

    page_cache_params = ()
    page_cache = True

    def page_cache_tags(self):
        return [CHROME]

    def dispatch(self, request, *args, **kwargs):
        parent = super().dispatch
        with request_snapshot():
            if not self.page_cache:
                versions(self.page_cache_tags())  # one cache round trip for all blocks
                return _rendered(parent(request, *args, **kwargs))
            return serve_page(
                request,
                self.page_cache_tags(),
                self.page_cache_params,
                lambda: parent(request, *args, **kwargs),
            )


def cache_public_page(tags, params=()):
    """The same for function views (feeds, sitemaps): ``tags(request, **kwargs)`` names
    what the page shows."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            with request_snapshot():
                return serve_page(
                    request,
                    tags(request, *args, **kwargs),
                    params,
                    lambda: view(request, *args, **kwargs),
                )

        return wrapper

    return decorator
