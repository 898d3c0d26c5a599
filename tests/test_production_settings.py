"""Production settings: safe by default, refusing to start when misconfigured.

Settings are read once per process, so each case starts a fresh Python with
the environment a deploy would give it.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest

from .ops import ROOT

PRODUCTION = {
    "SENZOR_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "www.senzor.az,senzor.az",
    "SENZOR_TRUSTED_PROXY_COUNT": "1",
}


def clean_env(**overrides):
    """The test process's environment without any Django/Senzor variable, plus ``overrides``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SENZOR_", "AWS_")) and key not in {"REDIS_URL"}
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean_env(DJANGO_SETTINGS_MODULE="senzor.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def manage(*arguments, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_nothing_to_warn_about_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "short-and-guessable"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
    ],
    ids=["no-secret", "short-secret", "debug-on", "no-hosts"],
)
def test_production_refuses_to_start_misconfigured(change, complaint):
    result = manage("check", **{**PRODUCTION, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def test_the_development_defaults_still_need_no_environment_at_all():
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_production_trusts_the_proxy_for_https_and_keeps_sessions_in_the_database():
    code = (
        "from django.conf import settings as s; import json; print(json.dumps(["
        "s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SESSION_ENGINE,"
        "s.STORAGES['staticfiles']['BACKEND'], s.SECURE_REDIRECT_EXEMPT]))"
    )
    result = python(code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        True,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        "django.contrib.sessions.backends.cached_db",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ["^healthz$"],
    ]


def test_without_a_proxy_the_forwarded_scheme_header_is_not_believed():
    result = python(
        "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)",
        **{**PRODUCTION, "SENZOR_TRUSTED_PROXY_COUNT": "0"},
    )
    assert result.stdout.strip().splitlines()[-1] == "None"


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_named():
    code = (
        "from django.core.files.storage import storages; import json; d = storages['default'];"
        "print(json.dumps([type(d).__name__, d.bucket_name, d.endpoint_url,"
        " d.url('articles/a.jpg'), d.querystring_auth]))"
    )
    result = python(
        code,
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="senzor-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.test",
        AWS_S3_CUSTOM_DOMAIN="media.senzor.az",
        AWS_ACCESS_KEY_ID="test-key-id",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [
        "S3Storage",
        "senzor-media",
        "https://s3.example.test",
        "https://media.senzor.az/articles/a.jpg",
        False,
    ]


def test_media_stays_on_the_local_volume_without_a_bucket():
    result = python(
        "from django.core.files.storage import default_storage as d; print(d.location)",
        **PRODUCTION,
        DJANGO_MEDIA_ROOT="/srv/media",
    )
    assert result.stdout.strip().splitlines()[-1] == "/srv/media"


def test_production_logs_are_json_lines_on_stdout():
    result = python(
        "import logging; logging.getLogger('senzor.test').warning('Xəbər %s', 'gəldi')",
        **PRODUCTION,
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    record = next(r for r in records if r["logger"] == "senzor.test")
    assert (record["level"], record["message"]) == ("WARNING", "Xəbər gəldi")
    assert record["time"].startswith("20")


def test_static_files_can_be_served_from_a_cdn_host_with_whitenoise_as_origin():
    code = (
        "from django.conf import settings as s; from whitenoise.middleware import "
        "WhiteNoiseMiddleware as W; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['style-src'],"
        " s.STATIC_URL, W(lambda r: None).static_prefix)"
    )
    result = python(code, **PRODUCTION, SENZOR_STATIC_HOST="https://cdn.senzor.az/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["https://cdn.senzor.az/static/", "/static/"]
    assert "'https://cdn.senzor.az']" in result.stdout, "the CDN host is allowed by the CSP"


def test_redis_replies_are_parsed_in_c():
    """Every public request reads its tags' versions from Redis; redis-py's pure
    Python parser costs a quarter of a cached page's CPU (README, Dependencies)."""
    from redis.utils import HIREDIS_AVAILABLE

    assert HIREDIS_AVAILABLE, "hiredis (pyproject.toml) is not installed"
