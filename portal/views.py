"""Site-wide answers that are not pages of content."""

from django.urls import reverse
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
