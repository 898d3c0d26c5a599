"""The public pages read a bounded part of the article table, however large the archive.

20 000 published articles are made in one SQL statement and the tables
vacuumed and analysed, as autovacuum keeps a live database; each page is then rendered
with every cache off (the first reader after an edit) and each of its queries
on the article table run again under ``EXPLAIN ANALYZE``. No plan may scan
the whole table or read more than ``MAX_ROWS`` of its rows in one step: at
20 000 rows PostgreSQL already prefers an index when one fits, so a missing
index, or a query that has to look at every article (a window over all of
them, a count of a whole rubric, an ``OFFSET`` deep into a feed), shows here.
bench/scale.py does the same at 1 000, 100 000 and 1 000 000 articles and
measures the pages under load.
"""

import json
from datetime import timedelta
from importlib import import_module

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Rubric
from articles.views import NEWS_FEED_MAX_PAGES
from experts.models import Expert
from portal.models import SiteSettings

pytestmark = [
    # Committed rows, so that VACUUM (outside a transaction) can see them.
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]

ARTICLES = 20_000
MAX_ROWS = 5_000
DUMMY_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


@pytest.fixture
def archive(settings):
    """20 000 public articles over 4 rubrics, 10 experts and 41 tags, one every 7 minutes."""
    settings.CACHES = {alias: DUMMY_CACHE for alias in settings.CACHES}
    settings.SENZOR_PAGE_CACHE_SECONDS = 0
    # A transactional test starts from empty tables: the seeded settings row again.
    facts = import_module("portal.migrations.0002_seed_site_settings").SENZOR_FACTS
    SiteSettings.objects.get_or_create(pk=1, defaults=facts)
    rubrics = [
        Rubric.objects.create(
            name=f"Rubrika {n}", slug=f"rubrika-{n}", menu_position=n, is_lead_editorial=n == 0
        ).pk
        for n in range(4)
    ]
    experts = [
        Expert.objects.create(full_name=f"Ekspert {n}", slug=f"ekspert-{n}").pk for n in range(10)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO articles_article (
                title, kicker, slug, lead, body, image, image_renditions, image_alt,
                image_caption, image_credit, rubric_id, expert_id, status, published_at,
                search_document, search_title, search_kicker, search_lead, is_urgent,
                video_url, lock_version, created_at, updated_at)
            SELECT 'Xəbər ' || n, '', 'xeber-' || n, 'Xülasə.', '<p>Mətn.</p>', '', '{}'::jsonb,
                   '', '', '', (%s::bigint[])[1 + n %% 4], (%s::bigint[])[1 + n %% 10],
                   'published', stamp, 'xeber ' || n, 'xeber ' || n, '', 'xulase.', false,
                   '', 1, stamp, stamp
            FROM generate_series(0, %s - 1) AS n,
                 LATERAL (SELECT now() - (%s - n) * interval '7 minutes' AS stamp) t
            """,
            [rubrics, experts, ARTICLES, ARTICLES],
        )
        cursor.execute(
            "INSERT INTO articles_articledailyviews (article_id, day, views) "
            "SELECT id, (published_at AT TIME ZONE 'Asia/Baku')::date, 1 + id % 50 "
            "FROM articles_article WHERE id % 5 = 0"
        )
        # A newsroom's tags: 40 topics, each article carrying one of them, and a
        # broad one ("Azərbaycan") on every third article, 667 pages of it: its
        # page 200 is 6 000 articles deep in the archive, a narrow tag's last
        # page 20 000 deep. Each row keeps its article's publication time, as
        # ``TaggedArticle`` does.
        cursor.execute(
            "INSERT INTO articles_tag (name, slug) "
            "SELECT 'Mövzu ' || n, 'movzu-' || n FROM generate_series(1, 40) AS n"
        )
        cursor.execute(
            "INSERT INTO articles_taggedarticle (tag_id, content_object_id, public_from) "
            "SELECT (SELECT min(id) FROM articles_tag) + id % 40, id, published_at "
            "FROM articles_article"
        )
        cursor.execute("INSERT INTO articles_tag (name, slug) VALUES ('Azərbaycan', 'azerbaycan')")
        cursor.execute(
            "INSERT INTO articles_taggedarticle (tag_id, content_object_id, public_from) "
            "SELECT (SELECT id FROM articles_tag WHERE slug = 'azerbaycan'), id, published_at "
            "FROM articles_article WHERE id % 3 = 0"
        )
        cursor.execute("VACUUM ANALYZE articles_tag")
        cursor.execute("VACUUM ANALYZE articles_taggedarticle")
        # What autovacuum keeps on a live database: statistics, and the visibility
        # map that lets a count or a deep page read the list index alone.
        cursor.execute("VACUUM ANALYZE articles_article")
        cursor.execute("VACUUM ANALYZE articles_articledailyviews")
    return Article.objects.order_by("pk").values_list("pk", flat=True)


def walk(node):
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def article_table_reads(sql):
    """[(node type, rows it read)] for every plan step over the article table."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        document = cursor.fetchone()[0]
    plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    reads = []
    for node in walk(plan):
        if node.get("Relation Name") == "articles_article" or node["Node Type"] == "Sort":
            rows = node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            reads.append((node["Node Type"], rows * (node.get("Actual Loops") or 1)))
    return reads


# Every public page at its most expensive address for this archive.
PAGES = [
    "/",
    "/rubrika/rubrika-1/",
    "/rubrika/rubrika-1/?page=200",
    "/ekspert/ekspert-3/",
    "/meqale/xeber-10000/",
    "/teq/azerbaycan/",
    "/teq/azerbaycan/?page=200",
    "/teq/movzu-7/?page=50",
    "/rss/",
    "/rubrika/rubrika-1/rss/",
    "/sitemap.xml",
    "/sitemap-articles.xml?p=10",
    "/sitemap-rubrics.xml",
    "/sitemap-experts.xml",
    "/sitemap-news.xml",
    "/sitemap-archive.xml",
    "/lent/",
    f"/lent/?page={NEWS_FEED_MAX_PAGES}",
    "/lent/rubrika-1/",
    # Search with a word of every article (the cost of a common word), with a
    # filter, newest first, and a word of one article (the full-text index).
    "/axtar/?q=xeber",
    "/axtar/?q=xeber&rubrika=rubrika-1",
    "/axtar/?q=xeber&sira=tarix",
    "/axtar/?q=12345",
    "/axtar/?q=12345&sira=tarix",
]


def calendar_pages():
    """The archive's day and month pages of a day in the middle of the archive."""
    middle = timezone.localdate() - timedelta(minutes=ARTICLES // 2 * 7)
    return [f"/arxiv/{middle:%Y/%m/%d}/", f"/arxiv/{middle:%Y/%m}/"]


# The calendar marks the days of a month that have news: it reads that month's
# articles (about 6 400 at one every 7 minutes), however long the archive is.
MONTH_OF_ARTICLES = 31 * 24 * 60 // 7 + 1


def test_each_page_rendered_without_cache_reads_a_bounded_part_of_the_archive(client, archive):
    problems = []
    for url in PAGES:
        problems += page_problems(client, url)
    for url in calendar_pages():
        problems += page_problems(client, url, max_rows=MONTH_OF_ARTICLES)
    assert not problems, "\n\n".join(problems)


def page_problems(client, url, max_rows=MAX_ROWS):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    problems = []
    on_articles = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and "articles_article" in query["sql"]
    ]
    assert on_articles, f"{url} reads articles"
    for sql in on_articles:
        reads = article_table_reads(sql)
        if any(kind == "Seq Scan" for kind, _ in reads):
            problems.append(f"{url}: sequential scan of the articles\n{sql}")
        over = [(kind, rows) for kind, rows in reads if rows > max_rows]
        if over:
            problems.append(f"{url}: {over} rows read\n{sql}")
    return problems
