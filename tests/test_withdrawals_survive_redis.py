"""An edit that takes an article off the site is never served after the save
returns, whatever the shared cache (Redis) did meanwhile.

The shared cache here is ``tests.stuttering_cache``: it freezes, refuses or
fails its writes, or comes back with the data it had before the edit, exactly
while the editor saves. Every page and list that showed the article is then
read as a reader, with the cache healthy again: none may show it.
``bench/reliability.py --drill withdrawal`` runs the same drills against a
real Redis (SIGSTOP, a delaying proxy, restarts) under 16 connections.
"""

import threading
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from articles import workflow
from articles.views import HomeView
from cache_engine import versions as versions_module
from cache_engine.page_cache import _take_render_lock, public_page
from cache_engine.versions import invalidate, request_snapshot, versions

from .delaying_proxy import DelayingProxy
from .pages import text_of
from .stuttering_cache import Stutter

pytestmark = pytest.mark.django_db

TITLE = "Nazirlik gizli hesabatı dərc etdi"


@pytest.fixture
def stuttering_redis(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "tests.stuttering_cache.StutteringCache",
            "LOCATION": "stuttering-redis",
        },
    }
    yield caches["default"]
    Stutter.mode = "healthy"


@pytest.fixture
def story(make_article, politics, expert):
    return make_article(title=TITLE, rubric=politics, expert=expert)


@pytest.fixture
def neighbour(make_article, economy):
    return make_article(title="Qonşu xəbər", rubric=economy)


def pages_showing(article, neighbour):
    """Every page that lists or shows ``article``, the article page first."""
    return [
        article.get_absolute_url(),
        "/",
        article.rubric.get_absolute_url(),
        article.expert.get_absolute_url(),
        neighbour.get_absolute_url(),
        "/rss/",
        f"{article.rubric.get_absolute_url()}rss/",
        "/sitemap-articles.xml",
        "/axtar/?q=nazirlik",
    ]


def stale_answers(client, article, neighbour):
    """The pages that still show ``article`` to a reader."""
    stale = []
    for url in pages_showing(article, neighbour):
        response = client.get(url)
        body = response.content.decode()
        if response.status_code == 200 and (TITLE in body or article.slug in body):
            stale.append(url)
    return stale


def warm(client, article, neighbour):
    for url in pages_showing(article, neighbour):
        response = client.get(url)
        assert response.status_code == 200, url
        assert TITLE in text_of(response) or article.slug in response.content.decode(), url


@pytest.mark.parametrize("mode", ["frozen", "refusing", "failing"])
def test_unpublishing_while_redis_misbehaves_leaves_no_stale_page(
    client, stuttering_redis, story, neighbour, mode
):
    warm(client, story, neighbour)
    Stutter.mode = mode
    workflow.unpublish(story)
    Stutter.mode = "healthy"
    assert stale_answers(client, story, neighbour) == []


def test_redis_restarted_with_the_data_it_had_before_the_edit(
    client, stuttering_redis, story, neighbour
):
    warm(client, story, neighbour)
    saved = stuttering_redis.snapshot()
    workflow.unpublish(story)
    stuttering_redis.restore(saved)
    assert stale_answers(client, story, neighbour) == []


def test_redis_restarted_empty(client, stuttering_redis, story, neighbour):
    warm(client, story, neighbour)
    workflow.unpublish(story)
    stuttering_redis.clear()
    assert stale_answers(client, story, neighbour) == []


def test_deleting_while_redis_is_frozen(client, stuttering_redis, story, neighbour):
    warm(client, story, neighbour)
    Stutter.mode = "frozen"
    story.delete()
    Stutter.mode = "healthy"
    assert stale_answers(client, story, neighbour) == []


def test_moving_to_another_rubric_while_redis_refuses_writes(
    client, stuttering_redis, story, neighbour, economy
):
    old_feed = story.rubric.get_absolute_url()
    warm(client, story, neighbour)
    Stutter.mode = "refusing"
    story.rubric = economy
    story.save()
    Stutter.mode = "healthy"
    assert TITLE not in text_of(client.get(old_feed))
    assert TITLE in text_of(client.get(economy.get_absolute_url()))


def test_a_withdrawal_is_written_with_the_edit_and_lost_with_it(story):
    """The version is part of the edit's transaction: rolled back together."""
    before = versions(["lists"])["lists"]
    with pytest.raises(RuntimeError), transaction.atomic():
        invalidate("lists", withdrawal=True)
        raise RuntimeError("the edit failed")
    assert versions(["lists"])["lists"] == before


def test_the_versions_are_read_once_per_request(client, story):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert [q["sql"] for q in queries.captured_queries if "tagversion" in q["sql"]] != []
    assert len(queries.captured_queries) == 1


# --- No stampede after an edit ----------------------------------------------------------


@pytest.fixture
def slow_home_renders(monkeypatch):
    """Count the home page's renders; each takes 0.3 s, so readers overlap it."""
    renders = []
    original = HomeView.get_context_data

    def counted(self, **kwargs):
        renders.append(1)
        time.sleep(0.3)
        return original(self, **kwargs)

    monkeypatch.setattr(HomeView, "get_context_data", counted)
    return renders


def read_at_once(url, readers=16):
    """``readers`` readers ask for ``url`` at the same moment; their page texts."""
    start = threading.Barrier(readers)
    texts = [None] * readers

    def read(number):
        start.wait()
        response = Client().get(url)
        texts[number] = (response.status_code, response.content.decode())

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return texts


# Committed data: the readers are threads with connections of their own.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_settings_row")
def test_16_readers_after_an_edit_cause_one_render(
    client, make_article, politics, slow_home_renders
):
    make_article(title="Köhnə xəbər", rubric=politics)
    client.get("/")
    assert slow_home_renders == [1]

    make_article(title="Təzə xəbər", rubric=politics)
    answers = read_at_once("/")

    assert slow_home_renders == [1, 1]
    assert all(status == 200 for status, _ in answers)
    # The reader who rendered has the new page, most others the previous copy.
    assert any("Təzə xəbər" in body for _, body in answers)
    assert "Təzə xəbər" in client.get("/").content.decode()


# Committed data: the readers are threads with connections of their own.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_settings_row")
def test_after_a_withdrawal_no_reader_gets_the_previous_copy(
    client, make_article, politics, slow_home_renders
):
    story = make_article(title=TITLE, rubric=politics)
    make_article(title="Qalan xəbər", rubric=politics)
    client.get("/")

    workflow.unpublish(story)
    answers = read_at_once("/")

    assert slow_home_renders == [1, 1]
    assert [body for _, body in answers if TITLE in body] == []
    assert all(status == 200 and "Qalan xəbər" in body for status, body in answers)


# Committed data: the readers are threads with connections of their own.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_settings_row")
def test_the_previous_copy_is_served_no_longer_than_the_stale_window(
    client, settings, make_article, politics
):
    """A render that never finishes (a killed worker) leaves a lock: after
    ``SENZOR_STALE_SECONDS`` readers render themselves instead."""
    settings.SENZOR_STALE_SECONDS = 0.5
    make_article(title="Köhnə xəbər", rubric=politics)
    client.get("/")
    make_article(title="Təzə xəbər", rubric=politics)
    request = RequestFactory().get("/")
    with request_snapshot():
        assert _take_render_lock(public_page(request).key(request))  # the dead worker's

    assert "Təzə xəbər" not in client.get("/").content.decode()  # previous copy
    time.sleep(0.6)
    assert "Təzə xəbər" in client.get("/").content.decode()


def test_while_the_database_is_down_cached_pages_come_with_the_versions_copy_in_redis(
    client, story, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story.rubric.save()  # after each commit the new versions are copied to Redis
        story.save()
    url = story.get_absolute_url()
    rendered = client.get(url)

    def database_down(tags):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(versions_module, "_read_from_database", database_down)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url)
    assert cached.status_code == 200
    assert cached.content == rendered.content
    assert not queries.captured_queries


# Committed data: the readers are threads with connections of their own.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("site_settings_row")
def test_readers_of_a_withdrawn_article_get_its_404_without_waiting(client, settings, make_article):
    """A page that is not stored (a 404) leaves no lock behind for others to wait
    on: with a stale window of 30 s, nobody waits it out."""
    settings.SENZOR_STALE_SECONDS = 30
    story = make_article(title=TITLE)
    url = story.get_absolute_url()
    client.get(url)
    workflow.unpublish(story)

    started = time.monotonic()
    answers = read_at_once(url, readers=8)
    assert [status for status, _ in answers] == [404] * 8
    assert client.get(url).status_code == 404
    assert time.monotonic() - started < 15
    request = RequestFactory().get(url)
    with request_snapshot():
        assert caches["default"].get(f"{public_page(request).key(request)}:render") is None


# --- With django-redis and a real Redis (db 10) behind a slow connection ---------------


@pytest.fixture
def slow_redis(settings):
    """Production's cache backend on Redis db 10, reached through a proxy whose
    replies can be delayed past the client's timeout; skipped without Redis."""
    import socket

    import redis

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    proxy = DelayingProxy()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{proxy.port}/10",
            "KEY_PREFIX": "senzor-wt-test",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
            },
        },
    }
    own_database = redis.Redis(host="127.0.0.1", port=6379, db=10)
    own_database.flushdb()
    yield proxy
    proxy.delay = 0.0
    proxy.close()
    own_database.flushdb()


def test_unpublishing_while_a_real_redis_answers_too_late_leaves_no_stale_page(
    client, slow_redis, story, neighbour
):
    warm(client, story, neighbour)
    slow_redis.delay = 0.6  # every reply arrives after the 0.3 s timeout
    workflow.unpublish(story)
    slow_redis.delay = 0.0
    assert stale_answers(client, story, neighbour) == []


def test_moving_the_publication_time_forward_while_redis_is_frozen(
    client, stuttering_redis, story, neighbour
):
    from datetime import timedelta

    from django.utils import timezone

    warm(client, story, neighbour)
    Stutter.mode = "frozen"
    story.published_at = timezone.now() + timedelta(hours=2)  # as the admin form does
    story.save()
    Stutter.mode = "healthy"
    assert stale_answers(client, story, neighbour) == []


def test_a_correction_is_not_a_withdrawal_but_an_unpublication_is(story):
    from articles.caching import takes_off_site

    place = (story.slug, story.rubric.slug, story.expert.slug)
    story.body = "<p>Düzəliş edilmiş mətn.</p>"
    assert not takes_off_site(place, story)
    story.status = story.Status.DRAFT
    assert takes_off_site(place, story)
    assert not takes_off_site(None, story)  # it was not public before
