"""Counting readers for "Ən çox oxunanlar" without a database write per page view.

A page view adds one to a counter in the cache (Redis in production: one
atomic ``INCR``), keyed by day and article slug, so even a page served from
the page cache is counted and runs no SQL. ``aggregate_views`` (the
``aggregate_readership`` command, run every few minutes) moves the counters
into ``ArticleDailyViews``, one row per article and day, taking away from
each counter only what it moved, so views counted meanwhile are kept.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import Article, ArticleDailyViews

# Counters outlive a missed aggregation run or two, then expire by themselves.
COUNTER_TIMEOUT = 3 * 24 * 3600
BATCH_SIZE = 500


def counter_key(day, slug):
    return f"readership:{day.isoformat()}:{slug}"


def record_view(slug, now=None):
    """Count one reading of the article at ``slug`` today (Baku time)."""
    key = counter_key(timezone.localdate(now), slug)
    try:
        cache.incr(key)
    except ValueError:  # no counter yet today
        if not cache.add(key, 1, timeout=COUNTER_TIMEOUT):
            cache.incr(key)


def _add_views(article_id, day, views):
    updated = ArticleDailyViews.objects.filter(article_id=article_id, day=day).update(
        views=F("views") + views
    )
    if updated:
        return
    try:
        with transaction.atomic():
            ArticleDailyViews.objects.create(article_id=article_id, day=day, views=views)
    except IntegrityError:  # another aggregation created the row meanwhile
        _add_views(article_id, day, views)


def aggregate_views(now=None, days=2):
    """Move the cached counters of the last ``days`` days into ``ArticleDailyViews``.

    Returns the number of views moved. Yesterday is included so that views
    counted just before midnight are not lost to the date change.
    """
    today = timezone.localdate(now)
    moved = 0
    articles = Article.objects.published().order_by("pk").values_list("pk", "slug")
    for offset in range(days):
        day = today - timedelta(days=offset)
        batch = {}
        for pk, slug in articles.iterator(chunk_size=BATCH_SIZE):
            batch[counter_key(day, slug)] = pk
            if len(batch) >= BATCH_SIZE:
                moved += _move_batch(day, batch)
                batch = {}
        moved += _move_batch(day, batch)
    return moved


def _move_batch(day, keys_to_ids):
    moved = 0
    for key, count in cache.get_many(list(keys_to_ids)).items():
        if not count:
            continue
        cache.decr(key, count)
        _add_views(keys_to_ids[key], day, count)
        moved += count
    return moved
