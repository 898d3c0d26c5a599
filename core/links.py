"""Absolute links to the site, as readers and feed readers must see them."""

from django.conf import settings
from django.core.exceptions import DisallowedHost


def absolute_url(request, path):
    """``path`` on the site's public address (``SENZOR_SITE_URL``, else the request's host).

    Canonical links and attribution lines must not change with whatever host
    name a request happened to use, so production sets ``SENZOR_SITE_URL``.
    """
    if settings.SITE_URL:
        return settings.SITE_URL + path
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        # A forged Host header: the 400 page still renders, linking to the path.
        return path
