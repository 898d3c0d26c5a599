"""What machines read about the site: robots.txt and the sitemaps."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.caching import feed_tags
from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS

from . import views
from .page_cache import cache_public_page

app_name = "portal"

# Sitemaps list every public article: cached, and invalidated with the lists.
cached_sitemap = cache_public_page(feed_tags)(sitemap)

urlpatterns = [
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("sitemap.xml", cached_sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-news.xml",
        cached_sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
]
