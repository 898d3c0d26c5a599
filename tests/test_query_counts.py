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
from core.azerbaijani import fold
from experts.models import Expert

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
# includes three shared reads that are cached for every later page: when the
# next scheduled article is due, the site settings and the rubric menu.
BUDGETS = {
    "home": 7,  # + lead editorial, latest, latest of each rubric (one window query), most read
    "rubric feed, page 1": 5,  # + count, page
    "rubric feed, last page": 5,
    "article": 8,  # + the article, its tags, its gallery, "Digər xəbərlər", "Oxşar xəbərlər"
    "tag": 6,  # + tag, count, page
    "expert": 6,  # + expert, count, page
    "search": 5,  # + count, page
    "rss": 3,  # next due, site settings, items
    "rubric rss": 4,  # + the rubric
    "sitemap": 10,  # + a count and a page for each section (articles, rubrics, experts, tags)
}


def page_urls(articles):
    """The pages, their last rubric page being whichever the catalogue has."""
    per_rubric = -(-articles // RUBRICS)
    last_page = -(-per_rubric // 10)
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
        "sitemap": "/sitemap.xml",
    }


def queries_per_page(client, articles):
    build_catalogue(articles)
    counts = {}
    for page, url in page_urls(articles).items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[page] = len(queries.captured_queries)
    return counts


def test_each_page_stays_within_its_query_budget_on_a_large_catalogue(client):
    counts = queries_per_page(client, 400)
    over = {page: count for page, count in counts.items() if count > BUDGETS[page]}
    assert not over, f"over budget: {over} (budgets {BUDGETS})"


@pytest.mark.parametrize("page", list(BUDGETS))
def test_a_page_runs_as_many_queries_for_400_articles_as_for_20(client, page):
    small = queries_per_page(client, 20)[page]
    Article.objects.all().delete()
    Expert.objects.all().delete()
    Tag.objects.all().delete()
    Rubric.objects.all().delete()
    large = queries_per_page(client, 400)[page]
    assert large == small, f"{page}: {small} queries with 20 articles, {large} with 400"


def test_a_cached_page_runs_no_query_at_all(client):
    build_catalogue(50)
    for url in page_urls(50).values():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not queries.captured_queries, url


def test_an_article_page_rendered_afresh_reads_only_the_cache(client, settings):
    """With the whole-page cache off, an article page needs no query once the
    article, "Digər xəbərlər", the menu and the site settings are cached."""
    settings.SENZOR_PAGE_CACHE_SECONDS = 0
    build_catalogue(50)
    client.get("/meqale/xeber-5/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/meqale/xeber-5/")
    assert "Parlament xəbəri 5" in response.content.decode()
    assert not queries.captured_queries


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
