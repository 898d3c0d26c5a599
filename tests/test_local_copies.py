"""Each worker's in-process copies of versioned values (``cache_engine.blocks``).

They live in the ``local`` cache alias, Django's ``LocMemCache``: these tests
say what the cache engine relies on it for.
"""

import sys
import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cache_engine.blocks import MISSING, cached, get_versioned, local_copies, set_versioned
from cache_engine.versions import versioned_key


def test_the_least_recently_read_entry_leaves_first(settings):
    settings.CACHES = {
        **settings.CACHES,
        "local": {**settings.CACHES["local"], "OPTIONS": {"MAX_ENTRIES": 2, "CULL_FREQUENCY": 2}},
    }
    copies = local_copies()
    copies.set("a", 1)
    copies.set("b", 2)
    copies.get("a")
    copies.set("c", 3)
    assert copies.get("a") == 1
    assert copies.get("b") is None
    assert copies.get("c") == 3


def test_each_read_gets_its_own_object():
    set_versioned("menu", ["Siyasət"], 60)
    get_versioned("menu").append("changed by one request")
    assert get_versioned("menu") == ["Siyasət"]


def test_a_copy_is_read_before_the_shared_cache_is_asked():
    set_versioned("footer", "<footer>İstinad vacibdir.</footer>", 60)
    caches["default"].clear()
    assert get_versioned("footer") == "<footer>İstinad vacibdir.</footer>"
    local_copies().clear()
    assert get_versioned("footer") is MISSING


@pytest.mark.django_db  # the tags' versions are in the database
def test_a_value_from_the_shared_cache_is_copied_for_the_next_read():
    key = versioned_key("menu", ["chrome"])
    caches["default"].set(key, ["Siyasət"])
    assert get_versioned(key) == ["Siyasət"]  # from Redis, in production
    caches["default"].delete(key)
    assert get_versioned(key) == ["Siyasət"]  # this process's copy


@pytest.mark.django_db  # the tags' versions are in the database
def test_a_block_is_built_once_and_then_read():
    built = []
    assert cached("menu", ["chrome"], lambda: built.append(1) or ["Siyasət"]) == ["Siyasət"]
    assert cached("menu", ["chrome"], lambda: built.append(1) or []) == ["Siyasət"]
    assert built == [1]


@pytest.mark.django_db
def test_with_blocks_turned_off_a_block_is_built_each_time_without_reading_versions(settings):
    settings.SENZOR_FRAGMENT_CACHE_SECONDS = 0
    built = []
    with CaptureQueriesContext(connection) as queries:
        assert cached("menu", ["chrome"], lambda: built.append(1) or ["Siyasət"]) == ["Siyasət"]
        assert cached("menu", ["chrome"], lambda: built.append(1) or []) == []
    assert built == [1, 1]
    assert not queries.captured_queries


def test_copies_are_bounded_in_time(settings):
    assert 0 < settings.CACHES["local"]["TIMEOUT"] <= 600


def test_threads_of_one_worker_read_and_evict_at_once_without_errors(settings):
    """gthread workers share the copies between threads; an eviction on one must
    never make another thread's read fail."""
    settings.CACHES = {
        **settings.CACHES,
        "local": {**settings.CACHES["local"], "OPTIONS": {"MAX_ENTRIES": 3}},
    }
    errors = []

    def reader_and_writer(offset):
        try:
            for step in range(5000):
                set_versioned(f"page-{(step + offset) % 6}", step, 60)
                get_versioned(f"page-{(step * 7 + offset) % 6}")
        except Exception as error:  # what a request would have turned into a 500
            errors.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=reader_and_writer, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
