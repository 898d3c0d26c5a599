"""Helpers for the operations tests: database URLs, scratch databases, scripts."""

import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg2
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VENV_BIN = ROOT / ".venv" / "bin"


def database_url(settings_dict, name=None):
    """A postgres:// URL for a Django database settings dict (optionally another database)."""
    user = quote(settings_dict.get("USER") or "postgres", safe="")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password, safe='')}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{name or settings_dict['NAME']}"


def configured_database_name():
    """The name DATABASE_URL gives (pytest-django's test database is test_<this>)."""
    return dj_database_url.parse(os.environ["DATABASE_URL"])["NAME"]


def _maintenance_connection(settings_dict):
    connection = psycopg2.connect(database_url(settings_dict, name="postgres"))
    connection.autocommit = True
    return connection


@contextmanager
def scratch_postgres_database(settings_dict, name):
    """A freshly created, empty PostgreSQL database, dropped again afterwards."""
    admin = _maintenance_connection(settings_dict)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield database_url(settings_dict, name=name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def run(command, env=None, timeout=120):
    """Run a command from the project folder; fail the test with its output if it fails."""
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, command))} failed ({result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}"
    )
    return result
