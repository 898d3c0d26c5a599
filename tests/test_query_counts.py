"""Every public page runs a small, fixed number of SQL queries, however many articles there are.

Each page is rendered from an empty cache (the worst case: the first reader
after a change) on a small and on a large catalogue; the two counts must be
equal and under the page's budget. A page whose template reads a relation per
item (N+1) shows up as a count that grows with the catalogue. The benchmark
(bench/run.py) does the same on 10 000 articles and prints the counts.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Rubric, Tag, TaggedArticle
from articles.schedule import forget_local_schedule
from core.azerbaijani import fold
from experts.models import Expert

from .pages import content_queries, version_reads

pytestmark = pytest.mark.django_db

RUBRICS = 10
EXPERTS = 12


def build_catalogue(articles):
    """``articles`` published articles spread over 10 rubrics and 12 experts, in bulk."""
    Rubric.objects.bulk_create(
        Rubric(name=f"Rubrika {n}", slug=f"rubrika-{n}", menu_position=n, is_lead_editorial=n == 0)
        for n in range(RUBRICS)
    )
    Expert.objects.bulk_create(
        Expert(full_name=f"Ekspert {n}", slug=f"ekspert-{n}", signature="Analitik")
        for n in range(EXPERTS)
    )
    rubrics = list(Rubric.objects.order_by("pk"))
    experts = list(Expert.objects.order_by("pk"))
    now = timezone.now()
    Article.objects.bulk_create(
        Article(
            title=f"Parlament xəbəri {n}",
            slug=f"xeber-{n}",
            kicker="SİYASƏT",
            lead=f"Qısa xülasə {n}.",
            body=f"<p>Mətn {n}.</p>",
            search_document=fold(f"Parlament xəbəri {n} mətn"),
            # What save() derives: the headline is where search finds the word
            # (with more matches than it counts, the head matches fill the page).
            search_title=fold(f"Parlament xəbəri {n}"),
            rubric=rubrics[n % RUBRICS],
            expert=experts[n % EXPERTS],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(articles)
    )
    tag_the_catalogue()


TAGS = 5


def tag_the_catalogue():
    """Five tags; every article has two of them (all share "Parlament"), and the
    article pages' "Oxşar xəbərlər" and tag pages have plenty to choose from."""
    tags = [Tag.objects.create(name=name) for name in ("Parlament", "Neft", "Qaz", "Bakı", "Şuşa")]
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object_id=pk, tag=tag)
        for pk in Article.objects.values_list("pk", flat=True)
        for tag in (tags[0], tags[1 + pk % (TAGS - 1)])
    )


# Page → the most queries it may run when nothing at all is cached. Each count
# includes the shared reads that are cached for every later page: the next
# moment something changes by itself (two queries: scheduled and urgent
# articles, manşet end times; read at most once a second per process), the
# site settings, the rubric menu and the "Təcili" strip; and two of the cache
# engine: the tags' versions (one read per request) and, as the cache was just
# emptied and nobody knows what became due meanwhile, the schedule's
# invalidation of every page (one write).
BUDGETS = {
    # + newest (feed column and manşet filler), manşet slots, the newest of each
    # rubric (one query, the Baş yazı band among them), most read
    "home": 11,
    "rubric feed, page 1": 9,  # + count, page
    "rubric feed, last page": 9,
    # + the article, its tags, its gallery, "Digər xəbərlər", "Oxşar xəbərlər" (ranked on
    # the tag rows, then the chosen articles read)
    "article": 13,
    "tag": 10,  # + tag, count, page
    "expert": 10,  # + expert, count, page
    "search": 12,  # + experts (filter), vocabulary (near spellings), the newest (2 steps), page
    "rss": 6,  # next due (2), site settings, items
    "rubric rss": 7,  # + the rubric
    "sitemap index": 9,  # + the lowest and highest article ids, the counts of archive days and tags
    "sitemap of articles": 6,  # + the lowest and highest article ids, a page of ids
    "sitemap of rubrics": 6,  # + count, the rubrics with their newest publication
    "news feed": 9,  # + count, page
    "rubric news feed": 9,  # + count, page (the rubric comes from the cached menu)
    "archive day": 9,  # + the day's articles, the month's days with news
    "archive month": 8,  # + the month's days with news
    "sitemap of tags": 9,  # + count, the tags with their newest publication
}


def page_urls(articles):
    """The pages, their last rubric page being whichever the catalogue has."""
    per_rubric = -(-articles // RUBRICS)
    last_page = -(-per_rubric // 10)
    today = timezone.localdate()
    return {
        "home": "/",
        "rubric feed, page 1": "/rubrika/rubrika-3/",
        "rubric feed, last page": f"/rubrika/rubrika-3/?page={last_page}",
        "article": "/meqale/xeber-5/",
        "tag": "/teq/parlament/",
        "expert": "/ekspert/ekspert-2/",
        "search": "/axtar/?q=parlament",
        "rss": "/rss/",
        "rubric rss": "/rubrika/rubrika-3/rss/",
        "sitemap index": "/sitemap.xml",
        "sitemap of articles": "/sitemap-articles.xml",
        "sitemap of rubrics": "/sitemap-rubrics.xml",
        "sitemap of tags": "/sitemap-tags.xml",
        "news feed": "/lent/",
        "rubric news feed": "/lent/rubrika-3/",
        "archive day": f"/arxiv/{today.year}/{today.month}/{today.day}/",
        "archive month": f"/arxiv/{today.year}/{today.month}/",
    }


def queries_per_page(client, articles):
    build_catalogue(articles)
    counts = {}
    for page, url in page_urls(articles).items():
        cache.clear()
        # This process's copy of the next due moment goes too (it is re-read at
        # most once a second), so every page counts that read, however fast.
        forget_local_schedule()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = len(queries.captured_queries)
    return counts


def test_each_page_stays_within_its_query_budget_on_a_large_catalogue(client):
    counts = queries_per_page(client, 400)
    over = {page: count for page, count in counts.items() if count > BUDGETS[page]}
    assert not over, f"over budget: {over} (budgets {BUDGETS})"


# Search checks the newest ``search.RECENT_PROBE`` articles, and the rest of the
# newest ``search.RECENT_ARTICLES`` only when a common word can fill its pages
# from them: one query more once the catalogue is larger than the probe, the
# same at 400 articles or a million (tests/test_scale_plans.py bounds its rows).
# PostgreSQL only: SQLite's fallback reads the folded text in one query.
STEPS = {"search": 1} if connection.vendor == "postgresql" else {}


@pytest.mark.parametrize("page", list(BUDGETS))
def test_a_page_runs_as_many_queries_for_400_articles_as_for_20(client, page):
    small = queries_per_page(client, 20)[page]
    Article.objects.all().delete()
    Expert.objects.all().delete()
    Tag.objects.all().delete()
    Rubric.objects.all().delete()
    large = queries_per_page(client, 400)[page]
    assert large == small + STEPS.get(page, 0), (
        f"{page}: {small} queries with 20 articles, {large} with 400"
    )


def test_a_cached_page_runs_one_query_the_versions_of_its_tags(client):
    build_catalogue(50)
    for url in page_urls(50).values():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not content_queries(queries), url
        assert len(version_reads(queries)) == 1, url


def test_an_article_page_rendered_afresh_reads_only_the_cache(client, settings):
    """With the whole-page cache off, an article page needs no query once the
    article, "Digər xəbərlər", the menu and the site settings are cached."""
    settings.SENZOR_PAGE_CACHE_SECONDS = 0
    build_catalogue(50)
    client.get("/meqale/xeber-5/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/meqale/xeber-5/")
    assert "Parlament xəbəri 5" in response.content.decode()
    assert not content_queries(queries)
    assert len(version_reads(queries)) == 1


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL")
def test_the_public_lists_use_the_article_indexes():
    """With sequential scans discouraged, PostgreSQL's plans for the home list and a
    rubric feed use the composite indexes (a missing index would show as a scan of
    the table)."""
    build_catalogue(200)
    rubric = Rubric.objects.get(slug="rubrika-3")
    plans = {}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for name, queryset in {
            "latest": Article.objects.published().for_listing()[:10],
            "rubric feed": Article.objects.published().filter(rubric=rubric).for_listing()[:10],
            "by slug": Article.objects.filter(slug="xeber-5"),
        }.items():
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans[name] = "\n".join(row[0] for row in cursor.fetchall())
    assert "article_public_order" in plans["latest"], plans["latest"]
    assert "article_rubric_order" in plans["rubric feed"], plans["rubric feed"]
    assert "slug" in plans["by slug"] and "Index" in plans["by slug"], plans["by slug"]
