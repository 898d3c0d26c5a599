from django.contrib.sitemaps.views import sitemap
from django.urls import path

from cache_engine.page_cache import cache_public_page

from . import caching, feeds, views
from .sitemaps import NEWS_SITEMAPS, SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("rubrika/<slug:slug>/", views.RubricView.as_view(), name="rubric"),
    path("meqale/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("onizleme/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("axtar/", views.SearchView.as_view(), name="search"),
    path("teq/<slug:slug>/", views.TagView.as_view(), name="tag"),
    # Feeds are pages for readers' programs: cached and invalidated like the pages.
    path("rss/", cache_public_page(caching.feed_tags)(feeds.ArticleFeed()), name="feed"),
    path(
        "rubrika/<slug:slug>/rss/",
        cache_public_page(caching.rubric_feed_tags)(feeds.RubricFeed()),
        name="rubric_feed",
    ),
]

# The expert pages list articles, so they are served from here; they keep the
# ``experts`` URL namespace (``Expert.get_absolute_url``), given in senzor/urls.py.
expert_urlpatterns = [
    path("ekspert/<slug:slug>/", views.ExpertView.as_view(), name="detail"),
]

# Sitemaps list every public article: cached, and invalidated with the lists.
# They keep the ``portal`` URL namespace robots.txt links to.
cached_sitemap = cache_public_page(caching.feed_tags)(sitemap)
sitemap_urlpatterns = [
    path("sitemap.xml", cached_sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-news.xml",
        cached_sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
]
