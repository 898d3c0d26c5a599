"""Each worker's in-process copy of versioned values (``portal.caching.LocalCopies``)."""

import sys
import threading

from portal.caching import MISSING, LocalCopies


def test_the_least_recently_read_entry_leaves_first():
    copies = LocalCopies(max_entries=2)
    copies.set("a", 1)
    copies.set("b", 2)
    copies.get("a")
    copies.set("c", 3)
    assert copies.get("a") == 1
    assert copies.get("b") is MISSING
    assert copies.get("c") == 3


def test_a_value_too_large_to_keep_is_left_to_the_shared_cache():
    copies = LocalCopies(max_bytes=100)
    copies.set("sitemap", "x" * 1000)
    assert copies.get("sitemap") is MISSING


def test_each_read_gets_its_own_object():
    copies = LocalCopies()
    copies.set("menu", ["Siyasət"])
    copies.get("menu").append("changed by one request")
    assert copies.get("menu") == ["Siyasət"]


def test_threads_of_one_worker_read_and_evict_at_once_without_errors():
    """gthread workers share the copies between threads; an eviction on one must
    never make another thread's read fail."""
    copies = LocalCopies(max_entries=3)
    errors = []

    def reader_and_writer(offset):
        try:
            for step in range(5000):
                copies.set(f"page-{(step + offset) % 6}", step)
                copies.get(f"page-{(step * 7 + offset) % 6}")
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


def test_a_rendered_block_is_shared_as_it_is_since_no_request_can_change_it():
    copies = LocalCopies()
    html = "<footer>Materialların istifadəsi zamanı istinad vacibdir.</footer>"
    copies.set("footer", html)
    assert copies.get("footer") is html
