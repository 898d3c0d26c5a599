"""Absolute links to the site, as readers and feed readers must see them."""

from django.conf import settings


def absolute_url(request, path):
    """``path`` on the site's public address (``SENZOR_SITE_URL``, else the request's host).

    Canonical links and attribution lines must not change with whatever host
    name a request happened to use, so production sets ``SENZOR_SITE_URL``.
    """
    if settings.SITE_URL:
        return settings.SITE_URL + path
    return request.build_absolute_uri(path)
