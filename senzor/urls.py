"""The site's URLs: public pages in Azerbaijani, the newsroom under SENZOR_ADMIN_URL."""

from ckeditor_uploader import views as ckeditor_views
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache

from articles import urls as article_urls
from articles.editor_uploads import upload_image
from core.security import serve_media
from portal import urls as portal_urls
from portal.health import healthz

urlpatterns = [
    # Probes for Docker, the load balancer and CI: JSON, not a page (portal/health.py).
    path("healthz", healthz, name="healthz"),
    path(settings.SENZOR_ADMIN_URL, admin.site.urls),
    # The rich-text editor's image upload and browser, for staff only (the
    # names are the ones django-ckeditor's uploading widget links to).
    path("ckeditor/upload/", upload_image, name="ckeditor_upload"),
    path(
        "ckeditor/browse/",
        never_cache(staff_member_required(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
    path("", include("articles.urls")),
    path("", include((article_urls.expert_urlpatterns, "experts"))),
    # robots.txt and the sitemaps it names, one namespace for what machines read.
    path("", include((portal_urls.urlpatterns + article_urls.sitemap_urlpatterns, "portal"))),
]

if settings.SENZOR_SERVE_MEDIA:
    # Development and the demo only; production serves MEDIA_ROOT from the proxy.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media),
    ]

if settings.SENZOR_BENCH_VIEWS:
    # The benchmark's yardstick and uncached article page (bench/run.py);
    # never set in production, and not set in the tests' URL walks either.
    from articles import bench

    urlpatterns += [
        path("_bench/bare/", bench.bare, name="bench_bare"),
        path(
            "_bench/meqale/<slug:slug>/",
            bench.ArticleWithoutPageCache.as_view(),
            name="bench_article_uncached",
        ),
    ]

# The database being unreachable is a 503 with its own page, other errors a 500.
handler500 = "core.security.server_error"
# A forged Host header gets the site's 400 page (core.security.bad_request).
handler400 = "core.security.bad_request"
