"""'Ən çox oxunanlar': views counted in the cache, aggregated per day, shown on the home page."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleDailyViews
from articles.readership import aggregate_views, record_view

from .pages import soup

pytestmark = pytest.mark.django_db


def most_read_titles(client):
    return [a.get_text() for a in soup(client.get("/")).select(".most-read li a")]


def beacon_of(response):
    """The address the page's readership script posts to (static/js/readership.js)."""
    script = soup(response).select_one("script[data-readership-beacon]")
    return script["data-readership-beacon"] if script else None


def read(client, article, times):
    """A reader's browser opens the page, and its script sends the readership beacon."""
    for _ in range(times):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert client.post(beacon_of(response)).status_code == 204


def test_the_most_read_articles_are_listed_by_views(client, make_article):
    quiet, popular, middling = (make_article(title=t) for t in ("Sakit", "Məşhur", "Orta"))
    read(client, popular, 5)
    read(client, middling, 2)
    read(client, quiet, 1)
    aggregate_views()
    assert most_read_titles(client) == ["Məşhur", "Orta", "Sakit"]


def test_a_page_view_writes_nothing_to_the_database(client, make_article):
    article = make_article(title="Oxunan")
    read(client, article, 1)  # the first reading fills the page cache
    with CaptureQueriesContext(connection) as queries:
        read(client, article, 3)
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert writes == []
    assert aggregate_views() == 4


def test_views_from_the_page_cache_are_counted_too(client, make_article):
    article = make_article(title="Keşdən")
    read(client, article, 3)
    aggregate_views()
    assert ArticleDailyViews.objects.get(article=article).views == 3


def test_aggregating_twice_counts_each_view_once(client, make_article):
    article = make_article(title="Bir dəfə")
    read(client, article, 2)
    aggregate_views()
    aggregate_views()
    read(client, article, 1)
    call_command("aggregate_readership", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ArticleDailyViews.objects.get(article=article).views == 3


def test_only_the_last_seven_days_count(client, make_article):
    old_favourite, fresh = make_article(title="Köhnə sevimli"), make_article(title="Təzə")
    today = timezone.localdate()
    ArticleDailyViews.objects.create(article=old_favourite, day=today - timedelta(days=7), views=90)
    ArticleDailyViews.objects.create(article=old_favourite, day=today - timedelta(days=6), views=1)
    ArticleDailyViews.objects.create(article=fresh, day=today, views=5)
    assert most_read_titles(client) == ["Təzə", "Köhnə sevimli"]


def test_unpublished_articles_never_appear(client, make_article):
    article = make_article(title="Geri çəkilən")
    ArticleDailyViews.objects.create(article=article, day=timezone.localdate(), views=50)
    article.status = Article.Status.DRAFT
    article.save()
    assert most_read_titles(client) == []


def test_missing_pages_and_old_addresses_are_not_counted(client, make_article):
    make_article(title="Var")
    client.get("/meqale/yoxdur/")
    record_view("var-olmayan")
    assert aggregate_views() == 0


def test_the_aggregation_reads_the_counters_of_the_articles_read_only(make_article, monkeypatch):
    """Its work follows the readership, not the archive: however many articles
    there are, it asks the cache for the counters of those read."""
    from articles import readership

    read = make_article(title="Oxunan")
    for _ in range(20):
        make_article()
    record_view(read.slug)
    record_view(read.slug)
    asked = []
    get_many = readership.cache.get_many
    monkeypatch.setattr(
        readership.cache, "get_many", lambda keys: asked.extend(keys) or get_many(keys)
    )
    assert aggregate_views() == 2
    assert asked == [readership.counter_key(timezone.localdate(), read.slug)]


def test_without_views_there_is_no_block(client, make_article):
    make_article(title="Oxunmamış")
    assert soup(client.get("/")).select(".most-read") == []


def test_views_wait_in_the_process_buffer_until_a_flush_sends_them_in_one_batch():
    """record_view costs no cache round trip; the buffer sends its counts when full."""
    from django.core.cache import cache

    from articles.readership import ViewBuffer, counter_key

    today = timezone.localdate()
    key = counter_key(today, "tamponlu")
    buffer = ViewBuffer(flush_seconds=3600, flush_views=3)
    buffer.add(today, "tamponlu")
    buffer.add(today, "tamponlu")
    assert cache.get(key) is None
    assert buffer.pending() == {(today, "tamponlu"): 2}
    buffer.add(today, "tamponlu")  # the third view fills the buffer
    assert cache.get(key) == 3
    assert buffer.pending() == {}
    buffer.add(today, "tamponlu")
    assert buffer.flush() == 1
    assert cache.get(key) == 4


def test_an_old_buffer_is_sent_with_the_next_view():
    from django.core.cache import cache

    from articles.readership import ViewBuffer, counter_key

    today = timezone.localdate()
    buffer = ViewBuffer(flush_seconds=0, flush_views=1000)
    buffer.add(today, "gecikən")
    assert cache.get(counter_key(today, "gecikən")) == 1


def _redis_settings(caches, location):
    """``caches`` (the project's), with Redis at ``location`` as the shared one."""
    return {
        **caches,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "senzor-test",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1},
        },
    }


@pytest.fixture
def redis_cache(settings):
    """Redis db 4 on loopback (production's cache backend), or the test is skipped."""
    import socket

    from django.core.cache import cache

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = _redis_settings(settings.CACHES, "redis://127.0.0.1:6379/4")
    cache.clear()
    yield cache
    cache.clear()


def test_on_redis_a_flush_is_one_pipelined_batch_the_aggregation_can_read(redis_cache):
    from articles.readership import (
        COUNTER_TIMEOUT,
        ViewBuffer,
        counter_key,
        read_slugs,
        read_slugs_key,
    )

    today = timezone.localdate()
    key = counter_key(today, "redisdə")
    buffer = ViewBuffer(flush_seconds=3600, flush_views=3)
    for _ in range(2):
        buffer.add(today, "redisdə")
    buffer.add(today, "başqa")
    assert redis_cache.get(key) == 2
    assert 0 < redis_cache.ttl(key) <= COUNTER_TIMEOUT
    assert read_slugs(today) == {"redisdə", "başqa"}
    assert 0 < redis_cache.ttl(read_slugs_key(today)) <= COUNTER_TIMEOUT
    redis_cache.decr(key, 1)  # what aggregate_views does after moving 1 view
    assert redis_cache.get(key) == 1


@pytest.mark.django_db
def test_with_redis_away_versions_still_come_from_the_database_and_views_are_dropped(settings):
    from articles.readership import ViewBuffer
    from cache_engine.versions import invalidate, versions

    settings.CACHES = _redis_settings(
        settings.CACHES, "redis://127.0.0.1:8409/4"
    )  # nothing listens there
    first = versions(["chrome"])
    assert versions(["chrome"]) == first  # the database's, whatever Redis does
    invalidate("chrome")
    assert versions(["chrome"]) != first  # an edit still changes every key at once
    buffer = ViewBuffer(flush_seconds=3600, flush_views=1000)
    buffer.add(date(2026, 1, 1), "yoxdur")
    assert buffer.flush() == 0
    assert buffer.pending() == {}


def test_the_page_view_alone_counts_nothing_when_the_beacon_counts(client, make_article):
    """A page from the proxy's microcache never reaches Django: the beacon is what
    counts, and counting the page view too would count every reading twice."""
    article = make_article(title="Bir oxunma")
    response = client.get(article.get_absolute_url())
    assert beacon_of(response) == f"/oxu/{article.slug}/"
    assert "js/readership" in beacon_script_src(response)
    assert aggregate_views() == 0
    client.post(beacon_of(response))
    assert aggregate_views() == 1


def beacon_script_src(response):
    return soup(response).select_one("script[data-readership-beacon]")["src"]


def test_the_beacon_is_a_tiny_uncached_post(client, make_article):
    article = make_article(title="Mayak")
    response = client.post(f"/oxu/{article.slug}/")
    assert response.status_code == 204
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert client.get(f"/oxu/{article.slug}/").status_code == 405


def test_the_beacon_counts_only_public_articles(client, make_article):
    draft = make_article(title="Qaralama", status=Article.Status.DRAFT)
    assert client.post(f"/oxu/{draft.slug}/").status_code == 404
    assert client.post("/oxu/yoxdur/").status_code == 404
    assert aggregate_views() == 0


def test_bots_and_the_newsrooms_staff_are_not_counted(client, make_article, admin_client):
    article = make_article(title="Kim oxudu")
    url = f"/oxu/{article.slug}/"
    bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
    assert client.post(url, HTTP_USER_AGENT=bot).status_code == 204
    assert admin_client.post(url).status_code == 204
    assert aggregate_views() == 0
    client.post(url, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
    assert aggregate_views() == 1


def test_a_preview_sends_no_beacon(admin_client, make_article):
    draft = make_article(title="Önizləmə", status=Article.Status.DRAFT)
    assert beacon_of(admin_client.get(f"/onizleme/{draft.pk}/")) is None


def test_without_the_beacon_the_page_view_counts(client, settings, make_article):
    settings.SENZOR_READERSHIP_BEACON = False
    article = make_article(title="Köhnə qayda")
    response = client.get(article.get_absolute_url())
    assert beacon_of(response) is None
    client.get(article.get_absolute_url())
    assert aggregate_views() == 2
