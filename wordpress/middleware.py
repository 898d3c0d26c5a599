"""Old WordPress addresses answer with a permanent redirect to their article."""

from django.http import HttpResponsePermanentRedirect

from .models import POST_QUERY_PARAMETER, OldAddress, address_key


class OldAddressRedirectMiddleware:
    """Redirect an old address (``OldAddress``) to the article it became.

    Looked up only where the portal has no page: after a 404, or for a
    ``?p=`` address (WordPress's own ``/?p=123``, which would otherwise be the
    home page with a parameter it ignores). Every other request costs nothing
    here. Goes before the page cache, which would answer ``/?p=123`` with the
    cached home page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and POST_QUERY_PARAMETER in request.GET:
            redirect = self._redirect(request)
            if redirect is not None:
                return redirect
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._redirect(request) or response
        return response

    @staticmethod
    def _redirect(request):
        """The redirect for this request's address, or None.

        A hostile address gets its 404, never a 500: one with a NUL character
        is stored nowhere (and PostgreSQL refuses it in a query), and one that
        reads as a URL with a broken host (``//[``) is no WordPress link.
        """
        try:
            key = address_key(request.path, request.GET)
        except ValueError:
            return None
        if "\x00" in key:  # also from a percent-encoded "%00" in the path
            return None
        target = OldAddress.current_url(key)
        return HttpResponsePermanentRedirect(target) if target else None
