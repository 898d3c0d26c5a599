"""What each change of an article invalidates, and the cached reads the public pages use.

The cache tags (see ``cache_engine.versions``):

- ``chrome``: what every page shows (site settings, the rubric menu, rubric
  names); a change of a rubric or of the site settings invalidates everything;
- ``lists``: the lists of the latest articles: home, "Digər xəbərlər" on every
  article page, feeds, sitemap and search results;
- ``article:<slug>``, ``rubric:<slug>``, ``expert:<slug>``: one article page,
  one rubric feed (all its pages, its news feed), one expert page.

The news desk's blocks key on these too: the "Təcili" strip of every page and
the urgent label in every list on ``chrome`` (an article that is or was urgent
invalidates it), the front page's "Manşet" and the news feed and archive on
``lists``. When an urgent or a manşet end time passes, ``articles.schedule``
invalidates them as it releases scheduled articles: no cron.

A topic tag's page (/teq/<slug>/) is a list of the latest articles, like
search results, so it keys on ``lists``; an article's own tags, gallery,
video and view count are on its page (``article:<slug>``), and "Oxşar
xəbərlər" lists other articles (``lists`` and ``article:<slug>``). Adding or
removing an article's tags, a gallery photo, or renaming a tag invalidates
those (``articles.receivers``); the readership aggregation invalidates the
pages of the articles whose view count it moved.

A change to an article that readers see, saw or are scheduled to see
invalidates its own page, its rubric's feed, its expert's page and ``lists``,
before and after the change (a moved article leaves one rubric for another).
Other rubric feeds and expert pages stay cached. The receivers that do it are
in ``articles.receivers``; scheduled articles are released by
``articles.schedule``. Everything here is a lookup without side effects.
"""

from cache_engine.blocks import cached
from cache_engine.versions import CHROME

from .models import Article, Rubric

LISTS = "lists"


def article_tag(slug):
    return f"article:{slug}"


def rubric_tag(slug):
    return f"rubric:{slug}"


def expert_tag(slug):
    return f"expert:{slug}"


# --- What an article shows up on --------------------------------------------


def tags_of_article_state(slug, status, rubric_slug, expert_slug, urgent=False):
    """The cache tags of the pages that show an article stored with these values;
    ``urgent``: marked "Təcili" with its end time to come (the strip on every page)."""
    cache_tags = {article_tag(slug)}
    if status == Article.Status.PUBLISHED:
        cache_tags |= {LISTS, rubric_tag(rubric_slug)}
        if expert_slug:
            cache_tags.add(expert_tag(expert_slug))
        if urgent:
            cache_tags.add(CHROME)
    return cache_tags


def takes_off_site(public_place_before, article):
    """Whether saving ``article`` takes something off the site: it was public
    (``public_place_before`` is its ``(slug, rubric slug, expert slug)`` then,
    else None) and is no longer, or no longer at that address, in that rubric
    or with that expert (unpublished, scheduled later, renamed, moved).
    Readers must then never get a page from before the change."""
    if public_place_before is None:
        return False
    expert_slug = article.expert.slug if article.expert_id else None
    return not article.is_public or public_place_before != (
        article.slug,
        article.rubric.slug,
        expert_slug,
    )


def tags_of(article):
    """The cache tags of an article as it is in memory (being saved or deleted)."""
    expert_slug = article.expert.slug if article.expert_id else None
    return tags_of_article_state(
        article.slug, article.status, article.rubric.slug, expert_slug, article.is_urgent_now
    )


# --- Cached reads for the public pages ---------------------------------------


def public_tags(*cache_tags):
    """``cache_tags`` plus ``chrome``: what a public page keys on."""
    return [CHROME, *cache_tags]


def article_by_slug(slug):
    """The article (with rubric, expert, tags, gallery and view count) stored under
    ``slug``, whatever its status, or None. The caller decides visibility with
    ``is_public`` at request time, so a cached scheduled article appears at its
    minute without invalidation."""

    def load():
        return Article.objects.for_article_page().filter(slug=slug).first()

    return cached("article", public_tags(article_tag(slug)), load, slug)


def latest_public(count):
    """The ``count`` newest public articles, as the lists print them (no body)."""
    return cached(
        "latest", public_tags(LISTS), lambda: list(Article.objects.public_listing()[:count]), count
    )


def other_news(article, limit=30):
    """ "Digər xəbərlər" for ``article``: ``Article.other_news``, from the cache."""
    return [other for other in latest_public(limit + 1) if other.pk != article.pk][:limit]


def related_fragment_tags(article):
    """ "Oxşar xəbərlər" of an article: other articles (``lists``), chosen by this
    article's tags (its own page's tag)."""
    return [CHROME, LISTS, article_tag(article.slug)]


def article_fragment_tags(article):
    """The cache tags of the blocks of an article page that show the article itself."""
    return [CHROME, article_tag(article.slug)]


def urgent_articles():
    """The articles of the "Təcili" strip, from the cache (``chrome``: any change of
    an urgent article, and the passing of its end time, invalidates it). Filtered
    again at render time, so an entry whose end just passed is never printed."""
    stored = cached(
        "urgent",
        [CHROME],
        lambda: list(Article.objects.urgent().for_listing().only(*URGENT_FIELDS)),
    )
    return [article for article in stored if article.is_urgent_now]


# What the strip prints and ``is_urgent_now`` reads.
URGENT_FIELDS = (
    "title",
    "slug",
    "status",
    "published_at",
    "is_urgent",
    "urgent_until",
    "rubric__name",
    "rubric__slug",
    "expert__full_name",
    "expert__slug",
)


def menu_rubrics():
    """The rubric menu of every page, from the cache."""
    return cached("menu", [CHROME], lambda: list(Rubric.objects.all()))


def rubric_by_slug(slug):
    """The rubric with ``slug`` from the cached menu (every rubric is in it), or None."""
    return next((rubric for rubric in menu_rubrics() if rubric.slug == slug), None)


# --- Cache tags of the pages that are function views --------------------------


def feed_tags(request, *args, **kwargs):
    """The site's RSS feed and the sitemaps list the latest (or all) public articles."""
    return public_tags(LISTS)


def rubric_feed_tags(request, slug):
    """A rubric's RSS feed shows what its feed page shows."""
    return public_tags(rubric_tag(slug))
