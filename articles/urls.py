from django.urls import path

from portal.page_cache import cache_public_page

from . import caching, feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("rubrika/<slug:slug>/", views.RubricView.as_view(), name="rubric"),
    path("meqale/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("onizleme/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("axtar/", views.SearchView.as_view(), name="search"),
    # Feeds are pages for readers' programs: cached and invalidated like the pages.
    path("rss/", cache_public_page(caching.feed_tags)(feeds.ArticleFeed()), name="feed"),
    path(
        "rubrika/<slug:slug>/rss/",
        cache_public_page(caching.rubric_feed_tags)(feeds.RubricFeed()),
        name="rubric_feed",
    ),
]
