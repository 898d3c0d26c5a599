from django.contrib.sitemaps.views import sitemap
from django.urls import path

from cache_engine.page_cache import cache_public_page

from . import caching, feeds, views
from .sitemaps import NEWS_SITEMAPS, SITEMAPS, archive_sitemap, sitemap_index

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("rubrika/<slug:slug>/", views.RubricView.as_view(), name="rubric"),
    path("meqale/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("onizleme/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("axtar/", views.SearchView.as_view(), name="search"),
    path("lent/", views.NewsFeedView.as_view(), name="news_feed"),
    path("lent/<slug:slug>/", views.NewsFeedView.as_view(), name="rubric_news_feed"),
    path("arxiv/", views.archive_today, name="archive_today"),
    path("arxiv/<int:year>/<int:month>/", views.ArchiveMonthView.as_view(), name="archive_month"),
    path(
        "arxiv/<int:year>/<int:month>/<int:day>/",
        views.ArchiveDayView.as_view(),
        name="archive_day",
    ),
    # The article page's readership beacon: POST, never cached (deploy/nginx.conf).
    path("oxu/<slug:slug>/", views.read_beacon, name="read_beacon"),
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
# They keep the ``portal`` URL namespace robots.txt links to. /sitemap.xml is
# the index of the sections; the articles section has pages (?p=).
cached_sitemap = cache_public_page(caching.feed_tags, params=("p",))(sitemap)
sitemap_urlpatterns = [
    path(
        "sitemap.xml",
        cache_public_page(caching.feed_tags)(sitemap_index),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "sitemap-news.xml",
        cached_sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news_sitemap",
    ),
    path(
        "sitemap-archive.xml",
        cache_public_page(caching.feed_tags)(archive_sitemap),
        name="archive_sitemap",
    ),
    # After the news and archive sitemaps, whose addresses this pattern would also match.
    path(
        "sitemap-<slug:section>.xml",
        cached_sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
