from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("rubrika/<slug:slug>/", views.RubricView.as_view(), name="rubric"),
    path("meqale/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("onizleme/<int:pk>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("axtar/", views.SearchView.as_view(), name="search"),
    path("rss/", feeds.ArticleFeed(), name="feed"),
    path("rubrika/<slug:slug>/rss/", feeds.RubricFeed(), name="rubric_feed"),
]
