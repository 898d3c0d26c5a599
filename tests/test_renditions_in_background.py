"""Renditions are made after the response: "Dərc et" does not wait for them, pages stay
correct meanwhile (the original image), and the record arrives when they are made.

These tests commit (``transaction=True``): the work is queued when the article's
transaction commits, and the background thread reads the committed row.
"""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from core import rendition_queue, renditions
from core.rendition_queue import make_now

from .newsroom import ARTICLE_ADMIN, form_values
from .pages import soup
from .uploads import png_upload

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fresh_content_types"),
]


@pytest.fixture(autouse=True)
def _in_background(settings):
    settings.SENZOR_RENDITIONS_IN_BACKGROUND = True
    yield
    rendition_queue.wait()


def _publish_with_photo(browser, rubric):
    values = form_values(browser.get(f"{ARTICLE_ADMIN}add/"))
    values.update(
        title="Şəkilli xəbər",
        rubric=rubric.pk,
        body="<p>Mətn.</p>",
        image_alt="Bakı bulvarı",
        _publish="Dərc et",
    )
    response = browser.post(f"{ARTICLE_ADMIN}add/", {**values, "image": png_upload()})
    assert response.status_code == 302
    return Article.objects.get(title="Şəkilli xəbər")


def test_publishing_answers_before_the_renditions_and_the_page_shows_the_original(
    login, editor, politics, client, monkeypatch
):
    made_in_request = []
    monkeypatch.setattr(
        "core.image_fields.make_renditions", lambda *args: made_in_request.append(args)
    )
    paused = []
    monkeypatch.setattr(rendition_queue, "make_now", lambda *args: paused.append(args))

    article = _publish_with_photo(login(editor), politics)
    assert made_in_request == []
    assert article.image_size == (1600, 900)  # read from the file's header
    assert article.image_renditions == {"source": article.image.name, "files": {}, "pending": True}
    page = soup(client.get(article.get_absolute_url()))
    assert page.select_one("article img")["src"] == article.image.url
    rendition_queue.wait()
    assert paused == [(Article, article.pk, "image", article.image.name)]


def test_the_renditions_arrive_and_the_page_then_serves_them(login, editor, politics, client):
    article = _publish_with_photo(login(editor), politics)
    rendition_queue.wait()
    article.refresh_from_db()
    assert not article.image_renditions.get("pending")
    assert set(article.image_renditions["files"]) == {"jpeg", "webp"}
    page = soup(client.get(article.get_absolute_url()))
    assert "-800w.webp" in page.select_one('article source[type="image/webp"]')["srcset"]
    assert renditions.rendition_url(article.image, 800).endswith("-800w.jpg")


# The rendition thread and the test write the same row at once: SQLite's in-memory test
# database answers that with "table is locked" instead of waiting, PostgreSQL waits.
@pytest.mark.postgres_only
def test_a_photo_replaced_before_its_renditions_are_made_never_gets_them(make_article, politics):
    article = make_article(image=png_upload("birinci.png"), image_alt="x")
    first = article.image.name
    rendition_queue.wait()
    article.image = png_upload("ikinci.png")
    article.save()
    assert make_now(Article, article.pk, "image", first) is False
    rendition_queue.wait()
    article.refresh_from_db()
    assert article.image_renditions["source"] == article.image.name != first


def test_make_renditions_finishes_what_a_stopped_process_left_pending(make_article):
    article = make_article(image=png_upload(), image_alt="x")
    rendition_queue.wait()
    Article.objects.filter(pk=article.pk).update(
        image_renditions={"source": article.image.name, "files": {}, "pending": True}
    )
    call_command("make_renditions", stdout=io.StringIO())
    article.refresh_from_db()
    assert not article.image_renditions.get("pending")
    assert article.image_renditions["files"]["webp"]


def test_a_phone_photo_is_stored_at_the_master_width(make_article):
    """A 4000 px JPEG is decoded at half scale straight to the master's width."""
    from PIL import Image

    from core.images import MASTER_MAX_WIDTH

    from .uploads import jpeg_upload

    article = make_article(image=jpeg_upload(size=(4000, 3000)), image_alt="x")
    with Image.open(article.image.path) as stored:
        assert stored.size == (MASTER_MAX_WIDTH, 1500)
    assert article.image_size == (MASTER_MAX_WIDTH, 1500)
