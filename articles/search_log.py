"""What readers search for, counted per day, for the newsroom.

Editors see the most frequent queries and those that found nothing (a topic
readers want and the site lacks, or a spelling search does not forgive) in
the admin, over the last 7 and 30 days. Only the normalised query and
counts are kept: no address, no session, no time of day, nothing that tells
one reader from another.

A search counts whether its page was rendered or came from the page cache
(``SearchView.page_served``), so a search writes no database row: it adds one
to a counter in the cache (a Redis hash per day, one pipelined round trip),
and ``aggregate_search_log`` (the ``aggregate_readership`` job's companion,
``aggregate_search_queries``) moves the counts into ``SearchQueryDay``. The
number of results is recorded when the page is rendered.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.db.models import F, Sum
from django.utils import timezone

from core.redis import redis_connection

logger = logging.getLogger(__name__)
# Counters outlive a few missed aggregation runs, then expire by themselves.
COUNTER_TIMEOUT = 3 * 24 * 3600

MAX_LOGGED_QUERY = 200


class SearchQueryDayQuerySet(models.QuerySet):
    def since(self, days):
        """The rows of the last ``days`` days, today (Baku time) included."""
        return self.filter(day__gte=timezone.localdate() - timedelta(days=days - 1))

    def most_frequent(self, days, limit=20):
        """[(query, searches)] of the last ``days`` days, most searched first."""
        return list(
            self.since(days)
            .values("query")
            .annotate(total=Sum("searches"))
            .order_by("-total", "query")
            .values_list("query", "total")[:limit]
        )

    def without_results(self, days, limit=20):
        """The same for queries whose last search that day found nothing."""
        return self.filter(results=0).most_frequent(days, limit)


class SearchQueryDay(models.Model):
    """How often readers searched for one normalised query on one day (Baku time)."""

    day = models.DateField("gün")
    query = models.CharField("sorğu", max_length=MAX_LOGGED_QUERY)
    searches = models.PositiveIntegerField("axtarış sayı", default=0)
    results = models.PositiveIntegerField(
        "tapılan məqalə sayı",
        null=True,
        help_text="Həmin gün sorğunun son dəfə tapdığı məqalə sayı.",
    )

    objects = SearchQueryDayQuerySet.as_manager()

    class Meta:
        verbose_name = "axtarış sorğusu"
        verbose_name_plural = "axtarış sorğuları"
        constraints = [
            models.UniqueConstraint(fields=["day", "query"], name="search_query_day_once")
        ]

    def __str__(self):
        return f"{self.day} {self.query}: {self.searches}"


def _keys(day):
    return f"search-log:{day.isoformat()}:searches", f"search-log:{day.isoformat()}:results"


def record_search(query, results=None, now=None):
    """Count one search for the normalised ``query`` today, in the cache; ``results``
    is how many articles it found, or None when the page came from the page cache."""
    query = query[:MAX_LOGGED_QUERY]
    if not query:
        return
    searches_key, results_key = _keys(timezone.localdate(now))
    try:
        connection = redis_connection()
        if connection is None:  # local memory (development, tests): no atomicity needed
            _add_to_cached_dict(searches_key, query, 1)
            if results is not None:
                _add_to_cached_dict(results_key, query, results, replace=True)
            return
        pipeline = connection.pipeline(transaction=False)
        pipeline.hincrby(cache.make_key(searches_key), query, 1)
        pipeline.expire(cache.make_key(searches_key), COUNTER_TIMEOUT)
        if results is not None:
            pipeline.hset(cache.make_key(results_key), query, results)
            pipeline.expire(cache.make_key(results_key), COUNTER_TIMEOUT)
        pipeline.execute()
    except Exception:  # the cache is away: lose this count, never the page
        logger.warning("search log: a search not counted (cache unavailable)")


def _add_to_cached_dict(key, query, value, replace=False):
    counts = cache.get(key) or {}
    counts[query] = value if replace else counts.get(query, 0) + value
    cache.set(key, counts, COUNTER_TIMEOUT)


def _take_counts(day):
    """({query: searches}, {query: results}) counted in the cache for ``day``; the
    searches taken are subtracted there, so searches counted meanwhile stay."""
    searches_key, results_key = _keys(day)
    connection = redis_connection()
    if connection is None:
        searches, results = cache.get(searches_key) or {}, cache.get(results_key) or {}
        cache.delete(searches_key)
        return searches, results
    raw_searches = connection.hgetall(cache.make_key(searches_key))
    raw_results = connection.hgetall(cache.make_key(results_key))
    searches = {query.decode(): int(count) for query, count in raw_searches.items()}
    if searches:
        pipeline = connection.pipeline(transaction=False)
        for query, count in searches.items():
            pipeline.hincrby(cache.make_key(searches_key), query, -count)
        pipeline.execute()
    return searches, {query.decode(): int(found) for query, found in raw_results.items()}


def aggregate_search_log(now=None, days=2):
    """Move the cached search counts of the last ``days`` days into ``SearchQueryDay``.

    Returns the number of searches moved. A query whose every search that
    day came from the page cache takes the result count of its last known day.
    """
    today = timezone.localdate(now)
    moved = 0
    for offset in range(days):
        day = today - timedelta(days=offset)
        searches, results = _take_counts(day)
        for query, count in searches.items():
            if count > 0:
                _add_searches(day, query, count, results.get(query))
                moved += count
    return moved


def _add_searches(day, query, count, results):
    changes = {"searches": F("searches") + count}
    if results is not None:
        changes["results"] = results
    if SearchQueryDay.objects.filter(day=day, query=query).update(**changes):
        return
    if results is None:
        results = (
            SearchQueryDay.objects.filter(query=query, results__isnull=False)
            .order_by("-day")
            .values_list("results", flat=True)
            .first()
        )
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(day=day, query=query, searches=count, results=results)
    except IntegrityError:  # another aggregation created the row meanwhile
        SearchQueryDay.objects.filter(day=day, query=query).update(**changes)
