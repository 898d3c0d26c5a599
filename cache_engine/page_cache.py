"""Whole public pages for anonymous readers, answered before the rest of the stack.

A view that serves a public page says what the page shows: the tags of
``cache_engine.versions`` (``page_cache_tags``) and the query parameters that change
it (``page_cache_params``), from its URL alone. ``PublicPageCacheMiddleware``
sits near the top of ``MIDDLEWARE``: for a reader's GET or HEAD it resolves the
URL, asks the view for those tags, reads their versions (one cache round
trip) and answers with the stored page when there is one, without sessions,
authentication, CSRF, CSP or the view running again; the stored page already
carries every header they added when it was rendered. Otherwise the request
goes down the stack as usual, and on the way back the finished page is stored
under the versions read *before* the view read any data, so a page built from
data an editor has just changed is stored under versions no reader asks for
any more.

Only readers without a session cookie are served and stored: a logged-in
editor always gets a fresh page, marked private, and their pages (previews,
edit links) never reach the cache. Stored pages carry an ``ETag`` and
``Cache-Control: max-age=0, must-revalidate``: a browser may keep a page but
asks again each time and gets a cheap ``304`` while nothing changed, so an
editor's change reaches readers on their next request.

No stampede after an edit: the first reader who misses a page takes a lock
for that page under the new versions (``cache.add``) and renders it; the
other readers meanwhile get the page's previous copy, for at most
``SENZOR_STALE_SECONDS`` from the first miss, or, when there is none, wait
for the one render. A previous copy is never served when an invalidation
since it took something off the site (``cache_engine.versions.withdrawals``):
those readers wait for the render instead, or render themselves once the
stale window is over (the renderer died or is slow).
"""

import hashlib
import time
from dataclasses import dataclass, field
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    quote_etag,
)

from .blocks import MISSING, get_versioned, set_versioned
from .versions import CHROME, request_snapshot, versioned_key, versions, withdrawals

# The request headers that can turn a cached page into a 304 or a 412.
_CONDITIONAL_HEADERS = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)


@dataclass(frozen=True)
class PublicPage:
    """What the page at one address shows, as its view tells from the URL alone."""

    tags: list
    params: tuple = ()
    served: object = field(default=None, compare=False)
    """Called with the request each time the page is answered from the cache
    (the article page counts a reading)."""

    def key(self, request):
        """The page's key: address (with the host, which the page's absolute
        links use), the query parameters that change the page, and the tags'
        versions. Other parameters (``?utm_source=``, ``?fbclid=``) share the
        page's entry, so they can neither split the cache nor flood it. Pages
        stored by other code (another release, another shape of ``_freeze``)
        have other keys: ``versioned_key`` includes ``code_fingerprint``."""
        return versioned_key("page", self.tags, self.address(request))

    def address(self, request):
        query = urlencode(
            sorted((name, request.GET.getlist(name)) for name in self.params), doseq=True
        )
        return f"{request.scheme}://{request.get_host()}{request.path}?{query}"

    def previous_key(self, request):
        """Where the page's latest copy is kept, whatever its versions (for
        readers who arrive while the new one is rendered)."""
        return versioned_key("page-previous", [], self.address(request))


def public_page(request):
    """The ``PublicPage`` at the request's address, or None for any other page.

    Class-based views built on ``AnonymousPageCacheMixin`` are set up as
    Django would set them up (``View.setup``) and asked; function views
    wrapped by ``cache_public_page`` carry their ``PublicPage`` maker.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is not None and issubclass(view_class, AnonymousPageCacheMixin):
        if not view_class.page_cache:
            return None
        view = view_class(**match.func.view_initkwargs)
        view.setup(request, *match.args, **match.kwargs)
        return view.public_page()
    make_page = getattr(match.func, "public_page", None)
    return make_page(request, *match.args, **match.kwargs) if make_page else None


def reader_request(request):
    """Whether this request may be answered from, and stored in, the page cache.

    Only a GET or HEAD without a session cookie: staff must see their edits at
    once and their pages must never reach readers, and without a session
    there is no login. ``SENZOR_PAGE_CACHE_SECONDS = 0`` turns it off.
    """
    return (
        settings.SENZOR_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicPageCacheMiddleware:
    """Answer readers from the page cache; store the pages rendered for them.

    Goes right after ``SecurityMiddleware`` and WhiteNoise (so HTTPS redirects,
    HSTS and static files stay theirs) and before everything else, whose
    headers a stored page already holds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not reader_request(request):
            return self.get_response(request)
        with request_snapshot():
            page = public_page(request)
            if page is None:
                return self.get_response(request)
            key = page.key(request)
            stored = get_versioned(key)
            rendering_for_all = False
            if stored is MISSING:
                rendering_for_all = _take_render_lock(key)
                if not rendering_for_all:
                    stored = _while_another_renders(request, page, key)
            if stored is not MISSING:
                if page.served is not None:
                    page.served(request)
                return _thaw(request, stored)
            try:
                return self._render_and_store(request, page, key)
            finally:
                if rendering_for_all:
                    # Stored or not (a 404, a redirect, an error): nobody waits any more.
                    cache.delete(_lock_key(key))

    def _render_and_store(self, request, page, key):
        page_versions = versions(page.tags)
        response = self.get_response(request)
        if not _storable(request, response):
            return response
        stored = _freeze(response)
        set_versioned(key, stored, settings.SENZOR_PAGE_CACHE_SECONDS)
        cache.set(
            page.previous_key(request),
            {"page": stored, "versions": page_versions},
            settings.SENZOR_PAGE_CACHE_SECONDS,
        )
        return _thaw(request, stored)


# How long a render lock is kept: longer than any render, so that a reader can
# tell from its age that the stale window is over.
RENDER_LOCK_SECONDS = 60
_WAIT_STEP_SECONDS = 0.05


def _lock_key(key):
    return f"{key}:render"


def _take_render_lock(key):
    """Whether this request renders the page stored under ``key``: the first
    to ask does; the cache keeps when it did. If the cache cannot say
    (Redis is down), every request renders, as without a lock."""
    return bool(cache.add(_lock_key(key), time.time(), RENDER_LOCK_SECONDS))


def _while_another_renders(request, page, key):
    """What a reader gets while another request renders the page: the previous
    copy, when no withdrawal came after it; else the new page once it is
    stored. ``MISSING`` (render it here) once ``SENZOR_STALE_SECONDS`` have
    passed since the render began, when the render ended without storing a
    page (a 404 for a withdrawn article), or if the cache lost the lock."""
    locked_at = cache.get(_lock_key(key))
    if locked_at is None:
        return MISSING
    window_ends = locked_at + settings.SENZOR_STALE_SECONDS
    previous = cache.get(page.previous_key(request))
    if time.time() < window_ends and _still_servable(page, previous):
        return previous["page"]
    while time.time() < window_ends:
        time.sleep(_WAIT_STEP_SECONDS)
        stored = get_versioned(key)
        if stored is not MISSING or cache.get(_lock_key(key)) is None:
            return stored  # the page, or MISSING: the render ended without storing one
    return MISSING


def _still_servable(page, previous):
    """Whether a previous copy may be served: for each of the page's tags it was
    stored under a version no older than the tag's latest withdrawal."""
    if not previous:
        return False
    stored_under = previous["versions"]
    withdrawn = withdrawals(page.tags)
    return all(tag in stored_under and stored_under[tag] >= withdrawn[tag] for tag in page.tags)


def _storable(request, response):
    """Only a complete, ordinary, cookie-free 200 page made for a reader who is
    not logged in is shared with other readers."""
    user = getattr(request, "user", None)
    return (
        user is not None
        and not user.is_authenticated
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    )


def _freeze(response):
    """The page as stored: body, ETag, and every header a reader gets (the
    middleware's and the public cache headers included), worked out once here
    instead of on every hit."""
    content = response.content
    etag = quote_etag(hashlib.md5(content).hexdigest())
    template = HttpResponse()
    for name, value in response.headers.items():
        if name.lower() != "set-cookie":
            template.headers[name] = value
    template.headers["ETag"] = etag
    patch_cache_control(template, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(template, ["Cookie"])
    return {"content": content, "headers": dict(template.headers.items()), "etag": etag}


def _thaw(request, stored):
    """A response from the stored page; a 304 (or 412) only when the request is conditional."""
    response = HttpResponse(stored["content"], headers=stored["headers"])
    if any(name in request.META for name in _CONDITIONAL_HEADERS):
        return get_conditional_response(request, etag=stored["etag"], response=response)
    return response


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


def _serve(request, tags, render):
    """Render a public page; the tags' versions are read first, so the middleware
    stores the page under the versions of the data it was built from."""
    with request_snapshot():
        versions(tags)  # one cache round trip for the page and all its blocks
        response = _rendered(render())
    if request.user.is_authenticated:
        private_headers(response)
    return response


class AnonymousPageCacheMixin:
    """For class-based views whose pages readers get from the page cache.

    A view names what its page shows in ``page_cache_tags()`` and the query
    parameters that change it in ``page_cache_params``, using nothing but the
    URL (``self.request``, ``self.args``, ``self.kwargs``): the middleware asks
    before the view runs. ``page_served()`` runs for every 200 page, rendered
    or from the cache. ``page_cache = False`` renders every request (the
    benchmark's uncached article page).
    """

    page_cache_params = ()
    page_cache = True

    def page_cache_tags(self):
        return [CHROME]

    def page_served(self, request):
        """A reader got this page (rendered or from the cache)."""

    def public_page(self):
        return PublicPage(self.page_cache_tags(), self.page_cache_params, self.page_served)

    def dispatch(self, request, *args, **kwargs):
        parent = super().dispatch
        response = _serve(request, self.page_cache_tags(), lambda: parent(request, *args, **kwargs))
        if response.status_code == 200:
            self.page_served(request)
        return response


def cache_public_page(tags, params=()):
    """The same for function views (feeds, sitemaps): ``tags(request, *args, **kwargs)``
    names what the page shows."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return _serve(
                request, tags(request, *args, **kwargs), lambda: view(request, *args, **kwargs)
            )

        wrapper.public_page = lambda request, *args, **kwargs: PublicPage(
            tags(request, *args, **kwargs), params
        )
        return wrapper

    return decorator
