"""Shared fixtures: a clean cache per test, and small builders for content."""

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from articles.models import Article, Rubric
from articles.readership import view_buffer
from experts.models import Expert

SEED_DIR = Path(settings.BASE_DIR).parent / "shared" / "seed"
SEED_ARTICLE = SEED_DIR / "tokayev-sociye-gedir.txt"


@pytest.fixture(autouse=True)
def _clean_cache():
    """Cached settings or pages from one test must never leak into the next
    (nor page views still in the process's readership buffer)."""
    view_buffer.discard()
    _clear_caches()
    yield
    view_buffer.discard()
    _clear_caches()


def _clear_caches():
    for alias in caches:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads go to a throw-away folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seed_article_path():
    if not SEED_ARTICLE.exists():
        pytest.fail(f"The seed article is missing: {SEED_ARTICLE}")
    return SEED_ARTICLE


@pytest.fixture
def lead_rubric(db):
    return Rubric.objects.create(
        name="Baş yazı", slug="bas-yazi", menu_position=0, is_lead_editorial=True
    )


@pytest.fixture
def politics(db):
    return Rubric.objects.create(name="Siyasət", slug="siyaset", menu_position=1)


@pytest.fixture
def economy(db):
    return Rubric.objects.create(name="İqtisadiyyat", slug="iqtisadiyyat", menu_position=2)


@pytest.fixture
def expert(db):
    return Expert.objects.create(
        full_name="Kənan Novruzov",
        signature="Beynəlxalq Münasibətlər və Diplomatiya Araşdırmaları Mərkəzinin eksperti",
        bio="Regional siyasət üzrə şərhçi.",
    )


_titles = itertools.count(1)


@pytest.fixture
def make_article(db, politics):
    """Build an article; published an hour ago unless told otherwise."""

    def make(**fields):
        number = next(_titles)
        fields.setdefault("title", f"Sınaq məqaləsi {number}")
        fields.setdefault("body", f"<p>Mətn {number}.</p>")
        fields.setdefault("rubric", politics)
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] == Article.Status.PUBLISHED:
            fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
        return Article.objects.create(**fields)

    return make


# --- The newsroom's roles (groups made by articles/migrations/0004) ----------


def _newsroom_member(django_user_model, username, group_name):
    from django.contrib.auth.models import Group

    # No password: tests log in with force_login, and hashing one costs ~0.3 s.
    user = django_user_model.objects.create_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def author(db, django_user_model):
    return _newsroom_member(django_user_model, "aysel", "Müəllif")


@pytest.fixture
def other_author(db, django_user_model):
    return _newsroom_member(django_user_model, "murad", "Müəllif")


@pytest.fixture
def editor(db, django_user_model):
    return _newsroom_member(django_user_model, "leyla", "Redaktor")


@pytest.fixture
def chief_editor(db, django_user_model):
    return _newsroom_member(django_user_model, "rauf", "Baş redaktor")


@pytest.fixture
def login():
    """``login(user)``: a browser session of ``user`` (a fresh client each time)."""
    from django.test import Client

    def log_in(user):
        browser = Client()
        browser.force_login(user)
        return browser

    return log_in


@pytest.fixture
def site_settings_row():
    """The site's facts as migration 0002 seeds them, for committed-data tests
    (``transaction=True``): a test before them may have emptied every table."""
    from importlib import import_module

    from portal.models import SiteSettings

    facts = import_module("portal.migrations.0002_seed_site_settings").SENZOR_FACTS
    return SiteSettings.objects.get_or_create(pk=1, defaults=facts)[0]


@pytest.fixture
def fresh_content_types():
    """For committed-data tests (``transaction=True``) that follow others which
    emptied the tables: the serialized rollback restores the rows migrations
    made (content types, site settings), and the content-type cache must forget
    the stale ids it held."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()
