"""/healthz tells Docker and the load balancer whether this replica can serve readers."""

import json

import pytest
from django.db import DatabaseError

from portal import health

pytestmark = pytest.mark.django_db


def probe(client):
    response = client.get("/healthz")
    return response, json.loads(response.content)


def test_a_healthy_replica_answers_ok_with_each_check_named(client):
    response, body = probe(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "cache": "ok"}
    assert body["duration_ms"] < 1000


def test_the_answer_is_never_cached_on_the_way(client):
    response, _ = probe(client)
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_a_database_that_does_not_answer_makes_it_503(client, monkeypatch):
    def broken_cursor():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", broken_cursor)
    response, body = probe(client)
    assert response.status_code == 503
    assert body == body | {"status": "down", "checks": {"database": "down", "cache": "ok"}}


def test_a_cache_outage_is_degraded_but_keeps_the_replica_in_rotation(client, monkeypatch):
    # The Redis cache swallows its own errors, so an outage looks like a miss.
    # The site still serves from the database, so the probe must not answer 503.
    monkeypatch.setattr(health.cache, "get", lambda key, default=None: default)
    response, body = probe(client)
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"] == {"database": "ok", "cache": "down"}


def test_it_only_answers_reads(client):
    assert client.post("/healthz").status_code == 405


def test_concurrent_probes_never_read_each_others_value(monkeypatch):
    """Another probe writes between this probe's write and its read (8 probes at
    once on a healthy Redis did): both still find the cache healthy."""
    from django.core.cache import cache

    write = cache.set
    other_probe = []

    def write_then_let_another_probe_run(key, value, *args, **kwargs):
        write(key, value, *args, **kwargs)
        if not other_probe:
            other_probe.append(None)
            other_probe[0] = health.cache_is_up()

    monkeypatch.setattr(cache, "set", write_then_let_another_probe_run)
    assert health.cache_is_up()
    assert other_probe == [True]
