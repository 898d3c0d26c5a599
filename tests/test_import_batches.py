"""Articles imported in a batch (``articles.workflow.importing_batch``): each save's
bookkeeping is done once for the batch, with the same result as save by save.

Readers see the imported articles at once (the cached pages are invalidated),
the history keeps a version of each one, the schedule and the search
vocabulary know them, and an item that fails leaves nothing behind.
"""

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Revision, Version

from articles import schedule, workflow
from articles.models import Article
from articles.vocabulary import SearchWord
from cache_engine.models import TagVersion
from wordpress import importer
from wordpress.models import ImportedPost

from .pages import content_queries, text_of

pytestmark = pytest.mark.django_db

VERSIONS_TABLE = TagVersion._meta.db_table


def new_article(rubric, title, **fields):
    return Article(title=title, rubric=rubric, lead="Qısa məzmun.", body="<p>Mətn.</p>", **fields)


def tag_writes(queries):
    """The statements that gave cache tags new versions (``cache_engine.versions.invalidate``)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if VERSIONS_TABLE in q["sql"] and q["sql"].lstrip().upper().startswith("INSERT")
    ]


def test_a_batch_keeps_one_revision_with_a_version_of_each_article(politics, author):
    with workflow.importing_batch(by=author) as batch:
        for title in ("Şəkidə festival", "Gəncədə yarmarka", "Bakıda konsert"):
            with batch.item():
                workflow.import_article(new_article(politics, title), publish=True)

    revision = Revision.objects.get()
    assert revision.comment == "Məqalə idxal olundu."
    assert revision.user == author
    for article in Article.objects.all():
        versions = Version.objects.get_for_object(article)
        assert [version.revision for version in versions] == [revision]
        assert versions[0].field_dict["title"] == article.title


def test_a_failed_item_leaves_no_article_no_version_and_no_words(politics):
    with workflow.importing_batch() as batch:
        with batch.item():
            workflow.import_article(new_article(politics, "Şəkidə festival"), publish=True)
        with pytest.raises(RuntimeError), batch.item():
            workflow.import_article(new_article(politics, "Lənkəranda çaybecərmə"), publish=True)
            raise RuntimeError("disk dolub")

    assert list(Article.objects.values_list("title", flat=True)) == ["Şəkidə festival"]
    assert Version.objects.count() == 1
    assert SearchWord.objects.filter(word="festival").exists()
    assert not SearchWord.objects.filter(word="lenkeranda").exists()


def test_a_batch_invalidates_the_cache_and_the_schedule_once(politics, monkeypatch):
    computed = []
    remember = schedule.remember_next_due
    monkeypatch.setattr(schedule, "remember_next_due", lambda *a: computed.append(remember(*a)))
    soon = timezone.now() + timedelta(days=2)

    with CaptureQueriesContext(connection) as queries, workflow.importing_batch() as batch:
        for number in range(5):
            with batch.item():
                article = new_article(politics, f"Xəbər {number}", published_at=soon)
                workflow.import_article(article, publish=True)

    assert len(tag_writes(queries)) == 1
    assert len(computed) == 1
    assert cache.get(schedule.NEXT_DUE_KEY) == soon.timestamp()


def test_the_vocabulary_counts_each_public_article_of_a_batch(politics, make_article):
    make_article(title="Festival başladı")  # already counted once
    with workflow.importing_batch() as batch:
        for title in ("Şəkidə festival", "Gəncədə festival", "Bakıda festival"):
            with batch.item():
                workflow.import_article(new_article(politics, title), publish=True)
        with batch.item():
            workflow.import_article(new_article(politics, "Festival qaralaması"))  # a draft

    assert SearchWord.objects.get(word="festival").frequency == 4
    assert not SearchWord.objects.filter(word="qaralamasi").exists()


@pytest.fixture
def cached_pages(settings, client, make_article):
    """The home page, cached before the import (proved: served with no query but
    the read of tag versions)."""
    settings.SENZOR_PAGE_CACHE_SECONDS = 60
    make_article(title="Köhnə xəbər", published_at=timezone.now() - timedelta(days=1))
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not content_queries(queries), "the home page was not cached"


def test_a_cached_home_page_shows_what_the_import_brought(
    cached_pages, client, author, politics, tmp_path
):
    # Every post to an existing rubric: no new rubric invalidates every page by itself.
    rubric_map = tmp_path / "rubrics.json"
    rubric_map.write_text(json.dumps({"*": politics.slug}), encoding="utf-8")
    call_command(
        "import_wxr",
        importer_fixture("portal.xml"),
        rubric_map=rubric_map,
        allow_missing_images=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    home = text_of(client.get("/"))
    assert "Köhnə xəbər" in home
    assert "Şəki Xan sarayı bərpadan sonra açılır" in home
    assert "Qaralama: İqtisadi islahatlar" not in home


def test_an_import_keeps_a_version_of_each_article_in_one_revision_per_batch(author, monkeypatch):
    monkeypatch.setattr(importer, "COMMIT_EVERY", 3)
    call_command(
        "import_wxr",
        importer_fixture("portal.xml"),
        allow_missing_images=True,
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    articles = [record.article for record in ImportedPost.objects.select_related("article")]
    assert len(articles) >= 4
    revisions = set()
    for article in articles:
        (version,) = Version.objects.get_for_object(article)
        revisions.add(version.revision_id)
        assert version.revision.comment == "Məqalə idxal olundu."
    assert 1 < len(revisions) < len(articles)  # one per batch of three items, not per article


def test_a_post_repeated_in_the_export_is_imported_once(author, tmp_path):
    export = importer_fixture("portal.xml").read_text(encoding="utf-8")
    start = export.index("<item>")
    first_item = export[start : export.index("</item>", start) + len("</item>")]
    assert "<wp:post_id>101</wp:post_id>" in first_item
    repeated = tmp_path / "repeated.xml"
    repeated.write_text(export.replace(first_item, first_item * 2, 1), encoding="utf-8")
    messages = io.StringIO()

    call_command(
        "import_wxr",
        repeated,
        allow_missing_images=True,
        stdout=io.StringIO(),
        stderr=messages,
    )

    assert Article.objects.filter(title="Şəki Xan sarayı bərpadan sonra açılır").count() == 1
    assert "yazı #101" in messages.getvalue()
    assert "təkrar yazı" in messages.getvalue()


def importer_fixture(name):
    from pathlib import Path

    return Path(__file__).parent / "fixtures" / "wxr" / name
