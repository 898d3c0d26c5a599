"""Renditions are made when an image is stored, recorded on its row, and read from
there: rendering a page makes no storage call, even with media on S3.

The S3 tests run django-storages against moto's S3 server on loopback and
count every HTTP request botocore sends.
"""

import socket
import warnings
from pathlib import Path

import boto3
import pytest
from botocore.httpsession import URLLib3Session
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, Rubric
from core.image_fields import record_missing_renditions

from .pages import soup
from .test_images import image_bytes

pytestmark = pytest.mark.django_db

BUCKET = "senzor-media"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def s3_media(settings, monkeypatch):
    """Media on an S3 bucket of moto's server; yields the list of requests sent to it."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "senzor-test",
        "AWS_SECRET_ACCESS_KEY": "senzor-test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "querystring_auth": False,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    requests = []
    send = URLLib3Session.send

    def counted(session, request):
        requests.append(f"{request.method} {request.url}")
        return send(session, request)

    monkeypatch.setattr(URLLib3Session, "send", counted)
    try:
        yield requests
    finally:
        server.stop()


def _twenty_image_articles():
    rubrics = [Rubric.objects.create(name=f"Rubrika {number}") for number in range(5)]
    return [
        Article.objects.create(
            title=f"Şəkilli xəbər {number}",
            body="<p>Mətn.</p>",
            rubric=rubrics[number % 5],
            status=Article.Status.PUBLISHED,
            image=SimpleUploadedFile(f"foto-{number}.jpg", image_bytes((900, 500))),
            image_alt="Foto",
        )
        for number in range(20)
    ]


def test_home_with_twenty_image_cards_makes_no_storage_call(client, s3_media):
    _twenty_image_articles()
    assert s3_media, "the images and their renditions were stored on S3"
    s3_media.clear()

    home = soup(client.get("/"))

    assert len(home.select(".feed-item")) >= 15  # the news feed column lists the newest
    pictures = home.select("main picture")
    assert len(pictures) == 6  # the manşet's first story and each rubric block's newest
    assert all("-400w.webp" in picture.select_one("source")["srcset"] for picture in pictures)
    assert s3_media == []


def test_a_rubric_feed_an_article_and_the_rss_make_no_storage_call(client, s3_media):
    articles = _twenty_image_articles()
    s3_media.clear()
    feed = soup(client.get(articles[0].rubric.get_absolute_url()))
    assert len(feed.select(".card__image picture")) == 4
    for article in articles[:3]:
        page = soup(client.get(article.get_absolute_url()))
        assert page.select_one("figure.article__image img")["width"] == "900"
    assert client.get("/rss/").status_code == 200
    assert s3_media == []


def test_the_feed_gives_each_image_its_length_from_the_record(client, s3_media):
    article = _twenty_image_articles()[-1]
    s3_media.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an RSS document read with the HTML parser
        enclosure = soup(client.get("/rss/")).find("enclosure")
    assert int(enclosure["length"]) == article.image_renditions["files"]["jpeg"]["800"][1] > 0
    assert s3_media == []


# --- Recorded on the row, removed with the image ----------------------------------


def _stored(settings, prefix="renditions/"):
    root = Path(settings.MEDIA_ROOT)
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).as_posix().startswith(prefix)
    )


def test_the_image_size_and_renditions_are_recorded_when_it_is_stored(make_article, settings):
    article = make_article(
        image=SimpleUploadedFile("meydan.jpg", image_bytes((1300, 700))), image_alt="Meydan"
    )
    assert (article.image_width, article.image_height) == (1300, 700)
    record = Article.objects.get(pk=article.pk).image_renditions
    assert record["source"] == article.image.name
    assert sorted(record["files"]["webp"]) == ["1200", "400", "800"]
    assert sorted(name for name, _ in record["files"]["jpeg"].values()) == [
        name for name in _stored(settings) if name.endswith(".jpg")
    ]


def test_replacing_an_image_removes_the_old_renditions(
    make_article, settings, django_capture_on_commit_callbacks
):
    article = make_article(
        image=SimpleUploadedFile("birinci.jpg", image_bytes((900, 500))), image_alt="b"
    )
    first = _stored(settings)
    assert len(first) == 4  # 400 and 800 px, WebP and JPEG
    with django_capture_on_commit_callbacks(execute=True):
        article.image = SimpleUploadedFile("ikinci.jpg", image_bytes((900, 500), color=(0, 0, 0)))
        article.save()
    second = _stored(settings)
    assert len(second) == 4 and not set(first) & set(second)
    assert all("ikinci" in name for name in second)


def test_clearing_an_image_or_deleting_the_article_removes_its_renditions(
    make_article, settings, django_capture_on_commit_callbacks
):
    cleared = make_article(
        image=SimpleUploadedFile("a.jpg", image_bytes((500, 300))), image_alt="a"
    )
    deleted = make_article(
        image=SimpleUploadedFile("b.jpg", image_bytes((500, 300))), image_alt="b"
    )
    with django_capture_on_commit_callbacks(execute=True):
        cleared.image = None
        cleared.save()
    assert cleared.image_renditions == {} and cleared.image_size is None
    assert all("/b-" in f"/{name.rsplit('/', 1)[-1]}" for name in _stored(settings))
    with django_capture_on_commit_callbacks(execute=True):
        deleted.delete()
    assert _stored(settings) == []


def test_images_stored_before_records_existed_get_them_from_the_migration(make_article):
    """What migrations articles/0008 and experts/0002 run for rows saved before them."""
    article = make_article(
        image=SimpleUploadedFile("kohne.jpg", image_bytes((900, 500))), image_alt="Köhnə"
    )
    Article.objects.filter(pk=article.pk).update(
        image_renditions={}, image_width=None, image_height=None
    )
    record_missing_renditions(Article, "image")
    article.refresh_from_db()
    assert (article.image_width, article.image_height) == (900, 500)
    assert article.image_renditions["source"] == article.image.name
    assert sorted(article.image_renditions["files"]["jpeg"]) == ["400", "800"]
