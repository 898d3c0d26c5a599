"""Migrations: none missing, every one of ours can be undone, and data steps fill
what they should.

An upgrade that goes wrong is rolled back by migrating the project's apps back
to the previous release's migrations, so each migration must be reversible
(a RunPython with its reverse function, a RunSQL with its reverse SQL). The
round trip runs on a scratch database of the same kind as the test run's.
"""

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from articles.models import Article, ArticleDailyViews, ArticleTotalViews

from .ops import VENV_BIN, configured_database_name, run, scratch_postgres_database
from .uploads import png_upload

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


def fill_reader_facts():
    """The data step of the migration that keeps the reader facts in rows, found by
    its name (the number before it may change)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    (migration,) = [
        migration
        for (label, name), migration in loader.disk_migrations.items()
        if label == "articles" and name.endswith("_reader_facts_kept_in_rows")
    ]
    (step,) = [op for op in migration.operations if isinstance(op, migrations.RunPython)]
    return step.code


@pytest.mark.django_db
def test_the_reader_facts_of_existing_articles_are_filled_from_their_rows(make_article):
    """Upgrading gives the articles already there their "Foto" label and their view
    totals, from the photos and the daily readings they have."""
    gallery, read, _plain = (make_article(title=title) for title in ("Fotolu", "Oxunan", "Adi"))
    gallery.photos.create(image=png_upload("a.png"), alt="Şəkil")
    # As before the migration: no label set, no totals, only the rows they summarise.
    Article.objects.update(has_gallery=False)
    ArticleTotalViews.objects.all().delete()
    today = timezone.localdate()
    ArticleDailyViews.objects.bulk_create(
        [
            ArticleDailyViews(article=read, day=today - timedelta(days=1), views=1200),
            ArticleDailyViews(article=read, day=today, views=34),
            ArticleDailyViews(article=gallery, day=today, views=5),
        ]
    )

    fill_reader_facts()(apps, None)

    listed = {article.title: article for article in Article.objects.public_listing()}
    assert {title: a.has_gallery for title, a in listed.items()} == {
        "Fotolu": True,
        "Oxunan": False,
        "Adi": False,
    }
    assert {title: a.view_count for title, a in listed.items()} == {
        "Fotolu": 5,
        "Oxunan": 1234,
        "Adi": 0,
    }
