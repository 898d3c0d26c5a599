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

import hashlib
import secrets
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    quote_etag,
)

CHROME = "chrome"
"""The tag of what every page shows: site settings (masthead, footer) and the rubric menu."""

_MISSING = object()


def _version_key(tag):
    """``portal:version:<tag>``; a tag longer than a cache key may be (a slug of
    any length from the URL) is hashed."""
    if len(tag) > 100:
        tag = hashlib.md5(tag.encode()).hexdigest()
    return f"portal:version:{tag}"


def _new_version():
    return secrets.token_hex(8)


def versions(tags):
    """The current version of each tag, ``{tag: version}``, in one cache round trip.

    A tag the cache does not hold (never used, evicted, cache flushed) gets a
    fresh random version.
    """
    keys = {tag: _version_key(tag) for tag in tags}
    found = cache.get_many(list(keys.values()))
    missing = {key: _new_version() for key in keys.values() if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return {tag: found[key] for tag, key in keys.items()}


def invalidate(*tags):
    """Give each tag a new version: what was cached under the old one is never read again."""
    if tags:
        cache.set_many({_version_key(tag): _new_version() for tag in set(tags)}, timeout=None)


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
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(
            key, value, settings.SENZOR_FRAGMENT_CACHE_SECONDS if timeout is None else timeout
        )
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
    return versioned_key("page", tags, address)


def _storable(response):
    """Only a complete, ordinary, cookie-free 200 page is shared with other readers."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _freeze(response):
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in {"set-cookie", "vary", "cache-control", "etag"}
    }
    content = response.content
    return {
        "content": content,
        "headers": headers,
        "etag": quote_etag(hashlib.md5(content).hexdigest()),
    }


def _thaw(request, stored):
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"].items():
        response.headers[name] = value
    return public_headers(request, response, stored["etag"])


def public_headers(request, response, etag):
    """ETag, revalidate-every-time Cache-Control and Vary; a 304 when the reader's copy
    is current."""
    response.headers["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie"])
    return get_conditional_response(request, etag=etag, response=response)


def private_headers(response):
    """A page for a logged-in user: browsers and proxies must not keep it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def serve_page(request, tags, params, render):
    """Answer ``request`` with the cached page, or with ``render()`` (storing it for
    the next reader when that is allowed)."""
    if not serves_from_cache(request):
        response = render()
        if request.user.is_authenticated:
            private_headers(response)
        return response
    key = page_key(request, tags, params)
    stored = cache.get(key)
    if stored is None:
        response = render()
        if hasattr(response, "render"):
            response.render()
        if not _storable(response):
            return response
        stored = _freeze(response)
        cache.set(key, stored, settings.SENZOR_PAGE_CACHE_SECONDS)
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
        if not self.page_cache:
            return parent(request, *args, **kwargs)
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
            return serve_page(
                request,
                tags(request, *args, **kwargs),
                params,
                lambda: view(request, *args, **kwargs),
            )

        return wrapper

    return decorator
