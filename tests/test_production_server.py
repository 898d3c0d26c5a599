"""The production settings start outside Docker: gunicorn, PostgreSQL, Redis, WhiteNoise.

CI has no Docker engine, so this launches what the web container runs
(gunicorn with deploy/gunicorn.conf.py and SENZOR_ENV=production) against the
local PostgreSQL test database and Redis on loopback, then reads it as the
proxy in front would: health, home page, an article, a static file. It ends
with the graceful stop that ``docker compose stop`` asks for.
"""

import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.db import connection
from django.utils import timezone

from articles.models import Article

from .ops import ROOT, VENV_BIN, database_url, run

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_content_types"),
]


PORTS = range(8301, 8310)
REDIS_URL = "redis://127.0.0.1:6379/3"
# What the proxy in front adds: the reader came over https.
FROM_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail(f"no free port in {PORTS}")


def fetch(port, path, headers=None):
    """One request with no redirect following: (status, headers, body)."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        client.close()


@pytest.fixture
def production_env(tmp_path):
    static_root = tmp_path / "staticfiles"
    env = {
        "SENZOR_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": REDIS_URL,
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "SENZOR_TRUSTED_PROXY_COUNT": "1",
        "SENZOR_SITE_URL": "https://www.senzor.az",
        "GUNICORN_WORKERS": "2",
    }
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.fail(f"Redis is not reachable at {REDIS_URL} (scripts/test.sh starts it)")
    run([str(VENV_BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env)
    return env


def start_gunicorn(env, port, log_path):
    """gunicorn exactly as the web container starts it, in its own process group."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [VENV_BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py", "senzor.wsgi"],
            cwd=ROOT,
            env={**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process):
    """Stop a server this test started: gracefully, then by force (its own group only)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture
def server(production_env, tmp_path):
    """A production gunicorn on a free port; yields (port, process, log path)."""
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    process = start_gunicorn(production_env, port, log_path)
    try:
        wait_until_healthy(port, process, log_path)
        yield port, process, log_path
    finally:
        stop(process)


def wait_until_healthy(port, process, log_path, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited ({process.returncode}):\n{log_path.read_text()}")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"/healthz did not answer within {seconds}s:\n{log_path.read_text()}")


def log_records(log_path):
    """The server's stdout as JSON records; a line that is not JSON fails the test."""
    lines = [line for line in log_path.read_text().splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def test_gunicorn_serves_the_site_with_production_settings_and_stops_cleanly(
    server, make_article, expert
):
    port, process, log_path = server
    article = make_article(title="Tokayev Soçiyə gedir", expert=expert)

    status, _, body = fetch(port, "/healthz")
    assert status == 200
    assert json.loads(body)["checks"] == {"database": "ok", "cache": "ok"}
    # The cache the probe wrote to is Redis (db 3), not a per-process memory cache;
    # each probe writes a key of its own (portal/health.py).
    assert redis.Redis.from_url(REDIS_URL).keys("*senzor:healthz:*")

    # A reader on plain http is sent to https, and told to stay there.
    status, headers, _ = fetch(port, "/")
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{port}/"

    status, headers, body = fetch(port, "/", FROM_PROXY)
    assert status == 200
    assert "max-age=" in headers["Strict-Transport-Security"]
    home = body.decode()
    assert "Tokayev Soçiyə gedir" in home

    status, _, body = fetch(port, article.get_absolute_url(), FROM_PROXY)
    assert status == 200
    page = body.decode()
    assert "<h1" in page and "Tokayev Soçiyə gedir" in page
    assert f"https://www.senzor.az{article.get_absolute_url()}" in page
    assert "Kənan Novruzov" in page

    # WhiteNoise serves the hashed stylesheet compressed, cached for a year.
    stylesheet = re.search(r'href="(/static/css/[^"]+\.[0-9a-f]{12}\.css)"', home).group(1)
    status, headers, body = fetch(port, stylesheet, {**FROM_PROXY, "Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in headers["Cache-Control"]
    assert b"{" in gzip.decompress(body)

    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0

    records = log_records(log_path)
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    article_hits = [r for r in access if r.get("path") == article.get_absolute_url()]
    assert article_hits and article_hits[0]["status"] == 200
    assert article_hits[0]["forwarded_for"] == "203.0.113.7"
    assert isinstance(article_hits[0]["duration_ms"], int)
    assert any(r["message"] == "Shutting down: Master" for r in records)


def test_the_health_probe_reports_a_lost_database_as_503(production_env, tmp_path):
    """A replica whose database is gone answers 503, so the proxy stops sending it readers."""
    gone = database_url(connection.settings_dict, name="senzor_ops_gone")
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    process = start_gunicorn({**production_env, "DATABASE_URL": gone}, port, log_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _, body = fetch(port, "/healthz")
                break
            except OSError:
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.3)
    finally:
        stop(process)
    assert status == 503
    assert json.loads(body) | {"duration_ms": 0} == {
        "status": "down",
        "checks": {"database": "down", "cache": "ok"},
        "duration_ms": 0,
    }


@pytest.fixture
def four_workers(production_env, tmp_path, settings):
    """A production gunicorn with four worker processes, and this test process
    using the same Redis cache as they do, as the admin's process would."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "senzor",
        },
    }
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    process = start_gunicorn({**production_env, "GUNICORN_WORKERS": "4"}, port, log_path)
    try:
        wait_until_healthy(port, process, log_path)
        yield port
    finally:
        stop(process)


def readers_see(port, path, text, readers=40):
    """How many of ``readers`` requests, each on a new connection (so the kernel
    spreads them over the workers), got a page holding ``text``."""
    pages = [fetch(port, path, FROM_PROXY) for _ in range(readers)]
    assert {status for status, _, _ in pages} == {200}
    return sum(text in body.decode() for _, _, body in pages)


def test_every_worker_shows_an_edit_on_the_next_request(four_workers, make_article, expert):
    """Each worker keeps its own copy of cached pages; an edit made in another
    process is on every one of them from the first request after the save."""
    port = four_workers
    story = make_article(title="Bakıda yeni metro stansiyası açıldı", expert=expert)
    draft = make_article(title="Xəzərdə yeni yataq tapıldı", status=Article.Status.DRAFT)
    assert readers_see(port, "/", story.title) == 40  # every worker has the home page
    assert readers_see(port, story.get_absolute_url(), story.title) == 40

    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()
    assert readers_see(port, "/", draft.title) == 40

    story.title = "Bakıda iki yeni metro stansiyası açıldı"
    story.save()
    assert readers_see(port, story.get_absolute_url(), story.title) == 40
    assert readers_see(port, "/", story.title) == 40
