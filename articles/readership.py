"""Counting readers for "Ən çox oxunanlar" without a database write per page view.

A page view adds one to a counter in the cache (Redis in production: one
atomic ``INCR``), keyed by day and article slug, and adds the slug to the
day's set of articles read, so even a page served from the page cache is
counted and runs no SQL. ``aggregate_views`` (the
``aggregate_readership`` command, run every few minutes) moves the counters
into ``ArticleDailyViews``, one row per article and day, and adds them to the
article's running total (``ArticleTotalViews``), taking away from each
counter only what it moved, so views counted meanwhile are kept. It looks
only at the counters of each day's set: its work grows with the articles
read, not with the archive.

A view is not sent to the cache on its own: each process adds it to an
in-memory ``ViewBuffer`` and sends the buffer as one pipelined batch of
``INCRBY`` (and ``SADD``) every ``FLUSH_SECONDS`` seconds or ``FLUSH_VIEWS`` views, whichever
comes first, and when the process exits normally (gunicorn's graceful restart
and ``max_requests`` recycling included). That takes a Redis round trip off
almost every article request. The price is bounded: a worker killed outright
(SIGKILL, out of memory) loses the views it buffered, at most ``FLUSH_VIEWS``
views or ``FLUSH_SECONDS`` seconds' worth of that one worker's traffic, and a
flush that finds the cache away is dropped (logged), as a single ``INCR``
would have been. "Ən çox oxunanlar" ranks by thousands of views a week, so
this cannot change what it shows in any way a reader would notice.
"""

import atexit
import logging
import re
import threading
import time
from collections import Counter
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cache_engine.versions import invalidate
from core.redis import redis_connection

from .caching import article_tag
from .models import Article, ArticleDailyViews, ArticleTotalViews

# Counters outlive a missed aggregation run or two, then expire by themselves.
COUNTER_TIMEOUT = 3 * 24 * 3600
BATCH_SIZE = 500
# A process sends its buffered views at least this often, and sooner when it has this many.
FLUSH_SECONDS = 5.0
FLUSH_VIEWS = 200

logger = logging.getLogger(__name__)


# User agents that are programs, not readers: search engines, link previews, monitors.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|monitor|headless|curl|wget|python",
    re.IGNORECASE,
)


def counts_as_reader(request):
    """Whether a request's reading counts: not a bot, not the newsroom's staff."""
    if BOT_AGENTS.search(request.headers.get("User-Agent", "")):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated and user.is_staff)


def counter_key(day, slug):
    return f"readership:{day.isoformat()}:{slug}"


def read_slugs_key(day):
    """The set of the slugs read on ``day``: where the aggregation finds its counters
    (outside ``readership:``, where a slug could be anything)."""
    return f"readership-read:{day.isoformat()}"


def record_view(slug, now=None):
    """Count one reading of the article at ``slug`` today (Baku time), in this process's
    buffer; the day is fixed now, so a view just before midnight counts for its own day."""
    view_buffer.add(timezone.localdate(now), slug)


class ViewBuffer:
    """Views counted in this process's memory, sent to the cache in batches.

    Thread-safe (gunicorn's gthread workers share one buffer between threads).
    A flush takes the counts out under the lock and sends them outside it, so
    readers never wait for Redis on another thread's behalf.
    """

    def __init__(self, flush_seconds=FLUSH_SECONDS, flush_views=FLUSH_VIEWS):
        self.flush_seconds = flush_seconds
        self.flush_views = flush_views
        self._counts = Counter()
        self._views = 0
        self._last_flush = time.monotonic()
        self._lock = threading.Lock()

    def add(self, day, slug):
        """Count one view of ``slug`` on ``day``; send the buffer when it is full or old enough."""
        with self._lock:
            self._counts[day, slug] += 1
            self._views += 1
            due = (
                self._views >= self.flush_views
                or time.monotonic() - self._last_flush >= self.flush_seconds
            )
        if due:
            self.flush()

    def pending(self):
        """A copy of the counts not sent yet, by ``(day, slug)`` (for tests and diagnostics)."""
        with self._lock:
            return dict(self._counts)

    def discard(self):
        """Forget the buffered views without sending them (tests start from nothing)."""
        with self._lock:
            self._counts.clear()
            self._views = 0

    def flush(self):
        """Send every buffered count to the cache; returns the number of views sent."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._views = 0
            self._last_flush = time.monotonic()
        if not counts:
            return 0
        try:
            _increment_counters(counts)
        except Exception:  # the cache is away: lose these views, never the page
            logger.warning(
                "readership: %d views not counted (cache unavailable)", sum(counts.values())
            )
            return 0
        return sum(counts.values())


def _increment_counters(counts):
    """``INCRBY`` each ``(day, slug)`` counter by its count, and add the slugs to their
    day's set of articles read: one pipelined round trip on Redis, a loop elsewhere."""
    slugs_by_day = {}
    for day, slug in counts:
        slugs_by_day.setdefault(day, set()).add(slug)
    connection = redis_connection()
    if connection is None:  # local memory (development, tests): one process, no atomicity needed
        for (day, slug), count in counts.items():
            key = counter_key(day, slug)
            if not cache.add(key, count, timeout=COUNTER_TIMEOUT):
                cache.incr(key, count)
        for day, slugs in slugs_by_day.items():
            key = read_slugs_key(day)
            cache.set(key, (cache.get(key) or set()) | slugs, timeout=COUNTER_TIMEOUT)
        return
    pipeline = connection.pipeline(transaction=False)
    for (day, slug), count in counts.items():
        redis_key = cache.make_key(counter_key(day, slug))
        pipeline.incrby(redis_key, count)
        pipeline.expire(redis_key, COUNTER_TIMEOUT)
    for day, slugs in slugs_by_day.items():
        redis_key = cache.make_key(read_slugs_key(day))
        pipeline.sadd(redis_key, *sorted(slugs))
        pipeline.expire(redis_key, COUNTER_TIMEOUT)
    pipeline.execute()


def read_slugs(day):
    """The slugs whose readings on ``day`` reached the cache (``_increment_counters``)."""
    connection = redis_connection()
    if connection is None:
        return set(cache.get(read_slugs_key(day)) or ())
    return {slug.decode() for slug in connection.smembers(cache.make_key(read_slugs_key(day)))}


view_buffer = ViewBuffer()
atexit.register(view_buffer.flush)


def add_readings(article_id, day, views):
    """Add ``views`` readings of an article on ``day``: to its row of that day
    (``ArticleDailyViews``, which "Ən çox oxunanlar" ranks by) and to its running
    total (``ArticleTotalViews``, which lists print), in one transaction, so the
    total is always the sum of the days."""
    with transaction.atomic():
        _add(ArticleDailyViews, {"article_id": article_id, "day": day}, views)
        _add(ArticleTotalViews, {"article_id": article_id}, views)


def _add(model, row, views):
    """Add ``views`` to the row of ``model`` identified by ``row``, creating it if none."""
    if model.objects.filter(**row).update(views=F("views") + views):
        return
    try:
        with transaction.atomic():
            model.objects.create(**row, views=views)
    except IntegrityError:  # another aggregation created the row meanwhile
        _add(model, row, views)


def aggregate_views(now=None, days=2):
    """Move the cached counters of the last ``days`` days into ``ArticleDailyViews``.

    Returns the number of views moved. Yesterday is included so that views
    counted just before midnight are not lost to the date change. The counters
    looked at are those of the slugs read each day (``read_slugs``), whatever
    the size of the archive. The pages of
    the articles whose counts moved are invalidated, so their "Baxış sayı" is
    the new one (lists refresh theirs with the page cache, within a minute).
    """
    view_buffer.flush()  # this process's own views, so none wait for the next flush
    today = timezone.localdate(now)
    moved = 0
    moved_slugs = set()
    for offset in range(days):
        day = today - timedelta(days=offset)
        # Only the articles read that day: the work follows the readership, not the
        # archive. A slug stays in its day's set after its views moved (views may
        # come again); the set expires with the day's counters.
        slugs = sorted(read_slugs(day))
        for start in range(0, len(slugs), BATCH_SIZE):
            articles = Article.objects.published().filter(
                slug__in=slugs[start : start + BATCH_SIZE]
            )
            batch = {
                counter_key(day, slug): (pk, slug)
                for pk, slug in articles.values_list("pk", "slug")
            }
            moved += _move_batch(day, batch, moved_slugs)
    if moved_slugs:
        invalidate(*(article_tag(slug) for slug in sorted(moved_slugs)))
    return moved


def _move_batch(day, keys_to_articles, moved_slugs):
    moved = 0
    for key, count in cache.get_many(list(keys_to_articles)).items():
        if not count:
            continue
        cache.decr(key, count)
        pk, slug = keys_to_articles[key]
        add_readings(pk, day, count)
        moved_slugs.add(slug)
        moved += count
    return moved
