"""The demo content a newcomer sees on the first run."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from articles.models import Article, ArticleDailyViews, Rubric, TopStory
from experts.models import Expert

from .conftest import SEED_DIR
from .pages import soup

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_media(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module's tests (about 15 s: its pictures'
    renditions) in a transaction rolled back after the last of them; each test
    runs in a savepoint inside it, as in a Django ``TestCase`` with
    ``setUpTestData``. Yields the folder of the demo's media files."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("load_demo", seed_dir=SEED_DIR, with_admin=True, verbosity=0)
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_media, db, settings):
    settings.MEDIA_ROOT = demo_media


def test_loading_twice_duplicates_nothing(demo):
    counts = (Rubric.objects.count(), Expert.objects.count(), Article.objects.count())
    call_command("load_demo", seed_dir=SEED_DIR, with_admin=True, verbosity=0)
    assert (Rubric.objects.count(), Expert.objects.count(), Article.objects.count()) == counts
    assert get_user_model().objects.count() == 1


def test_every_rubric_feed_has_a_second_page(client, demo):
    rubric_names = {"Baş yazı", "Siyasət", "İqtisadiyyat", "Dünya", "Cəmiyyət"}
    assert set(Rubric.objects.values_list("name", flat=True)) == rubric_names
    for rubric in Rubric.objects.all():
        response = client.get(f"{rubric.get_absolute_url()}?page=2")
        assert response.status_code == 200, rubric.name
        assert soup(response).select(".card__title"), rubric.name


def test_the_home_page_features_the_seed_editorial(client, demo):
    featured = soup(client.get("/")).select_one(".featured")
    assert featured.h2.get_text(strip=True) == "Tokayev Soçiyə gedir"


def test_the_demo_admin_can_log_in_to_the_admin(client, demo):
    assert client.login(username="redaktor", password="senzor-demo-2026")
    assert client.get("/admin/articles/article/").status_code == 200


def test_the_demo_home_page_has_a_most_read_list(client, demo):
    assert ArticleDailyViews.objects.exists()
    block = soup(client.get("/")).select_one(".most-read")
    assert block is not None
    assert len(block.select("li")) >= 5


def test_a_demo_article_does_not_repeat_its_lead_in_the_body(client, demo):
    article = Article.objects.exclude(lead="").first()
    page = soup(client.get(article.get_absolute_url()))
    body = [p.get_text() for p in page.select(".article__body p")]
    assert page.select_one(".article__lead").get_text(strip=True) == article.lead
    assert body
    assert article.lead not in body


def test_the_demo_has_a_newsroom_day_an_urgent_item_and_a_manset(client, demo):
    last_day = timezone.now() - timedelta(days=1)
    assert Article.objects.published().filter(published_at__gte=last_day).count() >= 40
    assert Article.objects.urgent().count() == 1
    assert TopStory.objects.active().count() == 3
    urgent = Article.objects.urgent().get()
    strip = soup(client.get("/")).select_one("[data-urgent-strip]")
    assert urgent.title in strip.get_text()
    # Loading again adds no second manşet entry and no second urgent item.
    call_command("load_demo", seed_dir=SEED_DIR, verbosity=0)
    assert TopStory.objects.count() == 3
    assert Article.objects.urgent().count() == 1


def test_the_demo_has_tags_a_gallery_and_a_video_once(client, demo):
    from articles.demo.media import GALLERY_TITLE, VIDEO_TITLE
    from articles.models import ArticlePhoto, Tag, TaggedArticle

    assert not Article.objects.filter(tagged_items__isnull=True).exists()
    gallery = Article.objects.get(title=GALLERY_TITLE)
    video = Article.objects.get(title=VIDEO_TITLE)
    assert gallery.photos.count() == 6
    assert video.video is not None
    page = soup(client.get(gallery.get_absolute_url()))
    assert len(page.select("[data-gallery-item]")) == 6
    assert page.select("[data-related] .card")
    assert soup(client.get(video.get_absolute_url())).select_one("[data-video-lead]")
    assert client.get("/teq/cenubi-qafqaz/").status_code == 200

    counts = (Tag.objects.count(), TaggedArticle.objects.count(), ArticlePhoto.objects.count())
    call_command("load_demo", seed_dir=SEED_DIR, verbosity=0)
    after = (Tag.objects.count(), TaggedArticle.objects.count(), ArticlePhoto.objects.count())
    assert after == counts
