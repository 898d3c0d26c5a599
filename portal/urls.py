"""What machines read about the site: robots.txt and the sitemaps."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS

from . import views

app_name = "portal"

urlpatterns = [
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
]
