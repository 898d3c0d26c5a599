"""The site's URLs: public pages in Azerbaijani, the newsroom under /admin/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("experts.urls")),
]

if settings.SENZOR_SERVE_MEDIA:
    # Development and the demo only; production serves MEDIA_ROOT from the proxy.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
