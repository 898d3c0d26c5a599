"""Views for the benchmark (bench/run.py), routed only when ``SENZOR_BENCH_VIEWS`` is on.

Production never sets that variable, so these addresses do not exist there
(senzor/urls.py).
"""

from django.http import HttpResponse

from .views import ArticleDetailView

BARE_TEXT = "Senzor bench: a fixed string, no template, no database, no cache.\n"


def bare(request):
    """The yardstick: what the same gunicorn and middleware cost with no work in the view."""
    return HttpResponse(BARE_TEXT, content_type="text/plain; charset=utf-8")


class ArticleWithoutPageCache(ArticleDetailView):
    """The real article page with the whole-page cache off: every request renders it,
    from the cached article, "Digər xəbərlər", menu and site settings."""

    page_cache = False
