"""Site-wide defences: the Content-Security-Policy split between public pages
and the admin, the client address for login throttling, uploads served so
they can never run as pages, and the 503 page when the database is away.

docs/security.md, describes what each one is for.
"""

import logging
import mimetypes
import sys
from pathlib import PurePosixPath

from axes.backends import AxesStandaloneBackend
from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponseServerError
from django.template import loader
from django.views import defaults
from django.views.static import serve

logger = logging.getLogger(__name__)

# The admin's rich-text editor (CKEditor 4) writes <style> elements and style
# attributes; public pages get no such allowance.
ADMIN_CSP_UPDATE = {"style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the editor's inline styles allowed in the admin only."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.update = {**ADMIN_CSP_UPDATE, **(parts.update or {})}
        return parts


def is_admin_path(path):
    return path.startswith("/" + settings.SENZOR_ADMIN_URL)


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes's backend, which refuses logins of a locked-out user or address.

    Every login over HTTP (the admin's form) passes the request and is
    throttled. Code without a request (the test client's ``login()``, a
    management command) has no address to throttle; axes would raise there,
    so this backend stands aside and ``ModelBackend`` decides alone.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The address a login attempt came from, for django-axes.

    Behind ``SENZOR_TRUSTED_PROXY_COUNT`` reverse proxies the reader's address
    is that many hops from the right of X-Forwarded-For: the entries to its
    left were written by the client and cannot be trusted. Without proxies,
    REMOTE_ADDR is the reader.
    """
    proxies = settings.SENZOR_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


# Uploads are re-encoded images (core.images); anything else that ends up in
# MEDIA_ROOT is handed out as a download, never rendered by the browser.
SAFE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
MEDIA_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def serve_media(request, path):
    """Development and demo media view: django.views.static.serve, made safe.

    An SVG or HTML file in MEDIA_ROOT would otherwise run script in the site's
    origin. Here only raster images keep their type; everything else is
    ``application/octet-stream`` with ``Content-Disposition: attachment``, and
    every media response is sandboxed by its own Content-Security-Policy.
    """
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:  # a name too long for the file system, and the like
        raise Http404("Fayl tapılmadı.") from error
    return harden_media_response(response, path)


def harden_media_response(response, path):
    content_type, _ = mimetypes.guess_type(path)
    if content_type not in SAFE_MEDIA_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = f'attachment; filename="{PurePosixPath(path).name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    return response


def bad_request(request, exception, template_name="400.html"):
    """handler400: Django's, for a request that may never have met the auth middleware.

    A forged Host header is refused by CommonMiddleware before
    AuthenticationMiddleware runs, so ``request.user`` is missing; the page
    (like any page) may ask whether the visitor is logged in, so it gets an
    anonymous user.
    """
    if not hasattr(request, "user"):
        request.user = AnonymousUser()
    return defaults.bad_request(request, exception, template_name=template_name)


DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the database is unreachable, else the 500 page.

    Django calls this from inside its ``except`` block, so the exception being
    handled is the reason for the error. Neither template touches the
    database: with it down, there is nothing to read the site's facts from.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        logger.warning("Database unavailable, answering 503: %s", error)
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
