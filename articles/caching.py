"""What each change invalidates, and the cached reads the public pages are built from.

The tags (see ``portal.caching``):

- ``chrome``: what every page shows (site settings, the rubric menu, rubric
  names); a change of a rubric or of the site settings invalidates everything;
- ``lists``: the lists of the latest articles: home, "Digər xəbərlər" on every
  article page, feeds, sitemap and search results;
- ``article:<slug>``, ``rubric:<slug>``, ``expert:<slug>``: one article page,
  one rubric feed (all its pages), one expert page.

A change to an article that readers see, saw or are scheduled to see
invalidates its own page, its rubric's feed, its expert's page and ``lists``,
before and after the change (a moved article leaves one rubric for another).
Other rubric feeds and expert pages stay cached.

Scheduled articles need no job: the cache remembers when the next one is due
(``NEXT_DUE_KEY``), and the first request after that moment invalidates what
shows the articles that became due (``release_due_articles``).
"""

import time
from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from portal.caching import CHROME, cached, invalidate, invalidate_after_change

from .models import Article, Rubric

LISTS = "lists"
NEXT_DUE_KEY = "articles:next-due"
NOTHING_SCHEDULED = "nothing"


def article_tag(slug):
    return f"article:{slug}"


def rubric_tag(slug):
    return f"rubric:{slug}"


def expert_tag(slug):
    return f"expert:{slug}"


# --- What an article shows up on --------------------------------------------


def tags_of_article_state(slug, status, rubric_slug, expert_slug):
    """The tags of the pages that show an article stored with these values."""
    tags = {article_tag(slug)}
    if status == Article.Status.PUBLISHED:
        tags |= {LISTS, rubric_tag(rubric_slug)}
        if expert_slug:
            tags.add(expert_tag(expert_slug))
    return tags


def stored_tags(pk):
    """The tags of an article as the database holds it now (before a save)."""
    row = (
        Article.objects.filter(pk=pk)
        .values_list("slug", "status", "rubric__slug", "expert__slug")
        .first()
    )
    return tags_of_article_state(*row) if row else set()


def tags_of(article):
    """The tags of an article as it is in memory (being saved or deleted)."""
    expert_slug = article.expert.slug if article.expert_id else None
    return tags_of_article_state(article.slug, article.status, article.rubric.slug, expert_slug)


# --- Scheduled articles ------------------------------------------------------


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
        due = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gte=since, published_at__lte=now
        ).select_related("rubric", "expert")
        invalidate(*set().union(*(tags_of(article) for article in due)), LISTS)
    remember_next_due(now)


def remember_next_due(now=None):
    """Store when the next scheduled article becomes public (one query)."""
    now = now or timezone.now()
    upcoming = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=now
    ).aggregate(first=Min("published_at"))["first"]
    next_due = upcoming.timestamp() if upcoming else NOTHING_SCHEDULED
    cache.set(NEXT_DUE_KEY, next_due, None)
    _remember_locally(next_due)


def schedule_changed():
    """After a save that may add, move or drop a scheduled time."""
    release_due_articles()
    remember_next_due()


# --- Cached reads for the public pages ---------------------------------------


def public_tags(*tags):
    """``tags`` plus ``chrome``, after releasing due articles: what a public page keys on."""
    release_due_articles()
    return [CHROME, *tags]


def article_by_slug(slug):
    """The article (with rubric and expert) stored under ``slug``, whatever its status,
    or None. The caller decides visibility with ``is_public`` at request time, so a
    cached scheduled article appears at its minute without invalidation."""

    def load():
        return Article.objects.select_related("rubric", "expert").filter(slug=slug).first()

    return cached("article", public_tags(article_tag(slug)), load, slug)


def latest_public(count):
    """The ``count`` newest public articles, as the lists print them (no body)."""

    def load():
        return list(
            Article.objects.published().for_listing().defer("body", "search_document")[:count]
        )

    return cached("latest", public_tags(LISTS), load, count)


def other_news(article, limit=10):
    """ "Digər xəbərlər" for ``article``: ``Article.other_news``, from the cache."""
    return [other for other in latest_public(limit + 1) if other.pk != article.pk][:limit]


def article_fragment_tags(article):
    """The tags of the blocks of an article page that show the article itself."""
    return [CHROME, article_tag(article.slug)]


def menu_rubrics():
    """The rubric menu of every page, from the cache."""
    return cached("menu", [CHROME], lambda: list(Rubric.objects.all()))


def invalidate_everything_after_bulk_change(fields=None):
    """After ``QuerySet.update`` or ``bulk_create`` of articles: which pages changed is
    unknown, so all of them did. ``fields``: the updated ones, None for new rows."""
    invalidate_after_change(CHROME, LISTS)
    if fields is None or {"status", "published_at"} & set(fields):
        remember_next_due()
        transaction.on_commit(remember_next_due)


def rubric_by_slug(slug):
    """The rubric with ``slug`` from the cached menu (every rubric is in it), or None."""
    return next((rubric for rubric in menu_rubrics() if rubric.slug == slug), None)


# --- Tags of the pages that are function views -------------------------------


def feed_tags(request, *args, **kwargs):
    """The site's RSS feed and the sitemaps list the latest (or all) public articles."""
    return public_tags(LISTS)


def rubric_feed_tags(request, slug):
    """A rubric's RSS feed shows what its feed page shows."""
    return public_tags(rubric_tag(slug))
