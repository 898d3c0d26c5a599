"""Site-wide answers that are not pages of content."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from core.links import absolute_url


class RobotsView(TemplateView):
    """robots.txt: crawl everything public, skip search results, find the sitemaps."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sitemap_urls=[
                absolute_url(self.request, reverse("portal:sitemap")),
                absolute_url(self.request, reverse("portal:news_sitemap")),
            ],
            **kwargs,
        )


FAVICON = "img/icons/favicon.ico"


@cache
def _favicon_bytes():
    with open(finders.find(FAVICON), "rb") as icon:
        return icon.read()


@require_safe
def favicon(request):
    """/favicon.ico, where browsers and crawlers ask for it whatever the page links:
    the icon itself (not a redirect), kept by browsers for a day."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
