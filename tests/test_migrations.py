"""Migrations: none missing, and every one of ours can be undone.

An upgrade that goes wrong is rolled back by migrating the project's apps back
to the previous release's migrations, so each migration must be reversible
(a RunPython with its reverse function, a RunSQL with its reverse SQL). The
round trip runs on a scratch database of the same kind as the test run's.
"""

import os
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .ops import VENV_BIN, configured_database_name, run, scratch_postgres_database

ROOT = Path(settings.BASE_DIR)


def project_apps():
    """Labels of the apps that live in this repository (not in the virtualenv)."""
    return [
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT)
        and not Path(config.path).is_relative_to(ROOT / ".venv")
        and (Path(config.path) / "migrations").is_dir()
    ]


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree():
    output = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=output, stderr=output)
    except SystemExit:
        pytest.fail(f"models changed without a migration:\n{output.getvalue()}")


@pytest.fixture
def scratch_database_url(tmp_path):
    """An empty database of the kind the tests run on, for the migration round trip."""
    if connection.vendor == "postgresql":
        name = f"{configured_database_name()}_migrations"
        with scratch_postgres_database(connection.settings_dict, name) as url:
            yield url
    else:
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"


def manage(database_url, *arguments):
    env = {"DATABASE_URL": database_url, "SENZOR_ENV": "development"}
    env = {key: value for key, value in {**os.environ, **env}.items() if key != "DJANGO_DEBUG"}
    return run([str(VENV_BIN / "python"), "manage.py", *arguments], env=env, timeout=300)


def test_every_project_migration_can_be_undone_and_redone(scratch_database_url):
    labels = project_apps()
    assert {"articles", "experts", "portal"} <= set(labels)

    manage(scratch_database_url, "migrate", "--no-input", "-v", "0")
    for label in labels:
        manage(scratch_database_url, "migrate", label, "zero", "--no-input", "-v", "0")
    plan = manage(scratch_database_url, "showmigrations", *labels).stdout
    assert "[X]" not in plan, f"still applied after migrating to zero:\n{plan}"

    manage(scratch_database_url, "migrate", "--no-input", "-v", "0")
    # --check fails when any migration is left unapplied.
    manage(scratch_database_url, "migrate", "--check", "--no-input")


READER_FACTS_MIGRATION = "_reader_facts_kept_in_rows"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_reader_facts_are_filled_from_the_rows_they_summarise():
    """Upgrading fills the "Foto" label and the view totals of the articles already
    there; undoing it leaves the photos and the daily readings it read."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    (facts,) = [key for key in graph.nodes if key[1].endswith(READER_FACTS_MIGRATION)]
    (before,) = [node.key for node in graph.node_map[facts].parents if node.key[0] == "articles"]
    latest = graph.leaf_nodes()
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps
        rubric = old.get_model("articles", "Rubric").objects.create(name="Siyasət", slug="siyaset")
        Article = old.get_model("articles", "Article")
        gallery, read, plain = (
            Article.objects.create(title=slug, slug=slug, body="<p>Mətn.</p>", rubric=rubric)
            for slug in ("fotolu", "oxunan", "adi")
        )
        old.get_model("articles", "ArticlePhoto").objects.create(
            article=gallery, image="galleries/a.png", alt="Şəkil"
        )
        daily = old.get_model("articles", "ArticleDailyViews")
        today = date(2026, 11, 27)
        daily.objects.bulk_create(
            [
                daily(article=read, day=today - timedelta(days=1), views=1200),
                daily(article=read, day=today, views=34),
                daily(article=gallery, day=today, views=5),
            ]
        )

        executor = MigrationExecutor(connection)
        executor.migrate([facts])
        new = executor.loader.project_state([facts]).apps
        Article = new.get_model("articles", "Article")
        assert set(Article.objects.filter(has_gallery=True).values_list("slug", flat=True)) == {
            "fotolu"
        }
        totals = new.get_model("articles", "ArticleTotalViews").objects
        assert dict(totals.values_list("article__slug", "views")) == {"oxunan": 1234, "fotolu": 5}

        executor = MigrationExecutor(connection)
        executor.migrate([before])
        assert old.get_model("articles", "ArticlePhoto").objects.count() == 1
        assert old.get_model("articles", "ArticleDailyViews").objects.count() == 3
    finally:
        MigrationExecutor(connection).migrate(latest)
