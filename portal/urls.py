"""What machines read about the site as a whole: robots.txt and /favicon.ico.

The sitemaps it points to list articles, so they live in ``articles.urls``;
senzor/urls.py serves both under the ``portal`` namespace.
"""

from django.urls import path

from . import views

urlpatterns = [
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
