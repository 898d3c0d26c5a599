"""With DATABASE_REPLICA_URL, readers' pages read the replica; the newsroom never does."""

import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from core import db_router
from core.db_router import PrimaryReplicaRouter, ReplicaForReadersMiddleware, replica_reads

from .test_production_settings import PRODUCTION, python

router = PrimaryReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    monkeypatch.setattr(db_router, "replica_is_configured", lambda: True)


def database_read_during(method, path):
    """Which database the router picks for a read while the request is served."""
    seen = {}

    def view(request):
        seen["read"] = router.db_for_read(Article) or "default"
        return HttpResponse()

    request = RequestFactory().generic(method, path)
    ReplicaForReadersMiddleware(view)(request)
    return seen["read"]


def test_a_readers_page_reads_from_the_replica(with_replica):
    assert database_read_during("GET", "/meqale/tokayev/") == "replica"
    assert database_read_during("HEAD", "/") == "replica"


def test_the_admin_and_form_posts_read_the_primary(with_replica, settings):
    assert database_read_during("GET", f"/{settings.SENZOR_ADMIN_URL}articles/") == "default"
    assert database_read_during("POST", "/axtar/") == "default"


def test_writes_and_migrations_never_go_to_the_replica(with_replica):
    with replica_reads():
        assert router.db_for_write(Article) is None
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("default", "articles") is True


def test_outside_a_request_and_without_a_replica_everything_reads_the_primary(settings):
    assert router.db_for_read(Article) is None
    with replica_reads():
        assert router.db_for_read(Article) is None, "no replica configured"


def test_the_replica_url_adds_the_database_router_and_middleware():
    code = (
        "from django.conf import settings as s; import json; r = s.DATABASES['replica'];"
        "print(json.dumps([r['HOST'], r['NAME'], r['TEST']['MIRROR'], s.DATABASE_ROUTERS,"
        " s.MIDDLEWARE.index('core.db_router.ReplicaForReadersMiddleware')]))"
    )
    result = python(
        code,
        **PRODUCTION,
        DATABASE_URL="postgres://senzor:x@primary.example:5432/senzor",
        DATABASE_REPLICA_URL="postgres://senzor:x@replica.example:5432/senzor",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        "replica.example",
        "senzor",
        "default",
        ["core.db_router.PrimaryReplicaRouter"],
        1,
    ]
