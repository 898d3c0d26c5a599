"""Scheduled articles appear at their minute with no job to run.

An article with published status and a future ``published_at`` is hidden by
the query that decides what readers see (``ArticleQuerySet.published``), so
the database needs nothing at its minute. What does need something is the
cache: pages stored before the minute do not list the article yet. The cache
remembers when the next scheduled article is due (``NEXT_DUE_KEY``), and
``ScheduledReleaseMiddleware``, the one place that does this, invalidates what
shows the articles that became due on the first request after that moment.

The news desk's end times are moments of the same kind: when an article's
"Təcili" ends, the strip of every page and its label in lists must go
(``chrome``); when a manşet slot ends, the front page must fill it with the
newest article (``lists``). The next due moment is the earliest of the three.
"""

import logging
import time
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Min, Q
from django.utils import timezone

from cache_engine.versions import CHROME, invalidate

from .caching import LISTS, tags_of
from .models import Article, TopStory

logger = logging.getLogger(__name__)

NEXT_DUE_KEY = "articles:next-due"
NOTHING_SCHEDULED = "nothing"

# This process's copy of NEXT_DUE_KEY, read again after RECHECK_SECONDS: an
# article scheduled in another process is then released at most that late.
RECHECK_SECONDS = 1.0
_known_next_due = {"value": None, "read_at": float("-inf")}


def _next_due():
    if time.monotonic() - _known_next_due["read_at"] >= RECHECK_SECONDS:
        _remember_locally(cache.get(NEXT_DUE_KEY))
    return _known_next_due["value"]


def _remember_locally(next_due):
    _known_next_due.update(value=next_due, read_at=time.monotonic())


def forget_local_schedule():
    """Read ``NEXT_DUE_KEY`` again on the next request (after the cache was flushed)."""
    _known_next_due.update(value=None, read_at=float("-inf"))


def release_due_articles(now=None):
    """Invalidate what shows the articles whose scheduled time has come.

    Costs one cache read a second per process; queries only when a scheduled
    time has passed, or when the cache lost ``NEXT_DUE_KEY`` (then nobody knows
    what became due meanwhile, so everything is invalidated).
    """
    now = now or timezone.now()
    next_due = _next_due()
    if next_due == NOTHING_SCHEDULED or (next_due is not None and next_due > now.timestamp()):
        return
    if next_due is None:
        invalidate(CHROME, LISTS)
    else:
        since = datetime.fromtimestamp(next_due, tz=UTC) - timedelta(seconds=1)
        invalidate(*_tags_due_between(since, now))
    remember_next_due(now)


def _tags_due_between(since, now):
    """The tags of what changed by itself between ``since`` and ``now``: articles
    that became public, urgent articles whose end came (``chrome``: the strip is
    on every page) and manşet slots that ended (``lists``: the front page)."""
    due = (
        Article.objects.published(now)
        .filter(published_at__gte=since)
        .select_related("rubric", "expert")
    )
    cache_tags = set().union(*(tags_of(article) for article in due))
    cache_tags.add(LISTS)
    ended = Article.objects.filter(is_urgent=True, urgent_until__gte=since, urgent_until__lte=now)
    if ended.exists():
        cache_tags.add(CHROME)
    return cache_tags


def remember_next_due(now=None):
    """Store the next moment something changes by itself: a scheduled article
    becomes public, an urgent article or a manşet slot ends (two queries)."""
    now = now or timezone.now()
    upcoming = Article.objects.filter(
        Q(status=Article.Status.PUBLISHED, published_at__gt=now)
        | Q(is_urgent=True, urgent_until__gt=now)
    ).aggregate(
        scheduled=Min(
            "published_at", filter=Q(status=Article.Status.PUBLISHED, published_at__gt=now)
        ),
        urgent_ends=Min("urgent_until", filter=Q(is_urgent=True, urgent_until__gt=now)),
    )
    top_story_ends = TopStory.objects.filter(ends_at__gt=now).aggregate(first=Min("ends_at"))
    moments = [*upcoming.values(), top_story_ends["first"]]
    moments = [moment for moment in moments if moment is not None]
    next_due = min(moments).timestamp() if moments else NOTHING_SCHEDULED
    try:
        cache.set(NEXT_DUE_KEY, next_due, None)
    except Exception as error:  # noqa: BLE001 - an editor's save must not fail on the cache
        # Other processes keep their older moment: a release may come late,
        # never early (the query decides what readers see).
        logger.warning("Next scheduled moment not written to the cache: %s", error)
    _remember_locally(next_due)


def schedule_changed():
    """After a save that may add, move or drop a scheduled time."""
    release_due_articles()
    remember_next_due()


class ScheduledReleaseMiddleware:
    """Release due scheduled articles before anything reads a cached page.

    Goes before ``cache_engine.page_cache.PublicPageCacheMiddleware``: the page
    cache then reads versions that already account for every article whose
    minute has come. Looking up a page's cache tags has no side effect. Only
    reads release (an editor's POST reads the database directly).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            try:
                release_due_articles()
            except DatabaseError as error:
                # The page itself will answer 503 if it needs the database;
                # /healthz must still say so in its own words.
                logger.warning("Scheduled articles not released: %s", error)
        return self.get_response(request)
